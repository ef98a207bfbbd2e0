package org.orrery.validation;

/** One named number of a check, e.g. the SBC KS p-value of θ₁, with its uncertainty if known. */
public record Metric(String name, double value, double uncertainty, String description) {
    public Metric {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("metric needs a name");
        }
        description = description == null ? "" : description;
    }

    public static Metric of(String name, double value) {
        return new Metric(name, value, Double.NaN, "");
    }
}
