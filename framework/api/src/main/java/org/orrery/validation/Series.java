package org.orrery.validation;

/**
 * A curve with an optional band: P(k) with its cosmic-variance band, a TARP coverage curve, an SBC
 * rank histogram. Arrays have equal lengths; {@code lower}/{@code upper} may be null.
 */
public record Series(String name, String xLabel, String yLabel, double[] x, double[] y, double[] lower, double[] upper) {
    public Series {
        if (x == null || y == null || x.length != y.length) {
            throw new IllegalArgumentException("series " + name + " needs x and y of equal length");
        }
        if ((lower != null && lower.length != x.length) || (upper != null && upper.length != x.length)) {
            throw new IllegalArgumentException("series " + name + " band must match x in length");
        }
    }
}
