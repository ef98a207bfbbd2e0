package org.orrery.parameter;

/**
 * One inferred parameter: its name (used as a column name in every file), unit, LaTeX label for
 * figures, and the bounds of its support. Bounds may be infinite.
 */
public record Parameter(String name, String unit, String latex, double lower, double upper) {

    public Parameter {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("parameter name must be an identifier (letters, digits, _), got: " + name);
        }
        unit = unit == null ? "" : unit;
        latex = latex == null || latex.isEmpty() ? name : latex;
        if (Double.isNaN(lower) || Double.isNaN(upper) || !(lower < upper)) {
            throw new IllegalArgumentException("parameter " + name + " needs lower < upper, got [" + lower + ", " + upper + "]");
        }
    }

    /** A dimensionless parameter on the whole real line. */
    public static Parameter unbounded(String name) {
        return new Parameter(name, "", name, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** A dimensionless parameter on [lower, upper]. */
    public static Parameter bounded(String name, double lower, double upper) {
        return new Parameter(name, "", name, lower, upper);
    }

    public boolean contains(double value) {
        return value >= lower && value <= upper;
    }
}
