package org.orrery.validation;

/**
 * A curve with an optional band: P(k) with its cosmic-variance band, a TARP coverage curve, an SBC
 * rank histogram. Arrays have equal lengths; {@code lower}/{@code upper} (the band) may be null.
 * A binned statistic also gives its bins: bin i is {@code [binLow[i], binHigh[i])}, lower edge
 * inclusive, and {@code x[i]} is the value it reports for the bin (a centre or a mode-weighted mean);
 * both are null for a curve that is not binned.
 */
public record Series(String name, String xLabel, String yLabel, double[] x, double[] y, double[] lower, double[] upper,
        double[] binLow, double[] binHigh) {

    /** A curve without bins. */
    public Series(String name, String xLabel, String yLabel, double[] x, double[] y, double[] lower, double[] upper) {
        this(name, xLabel, yLabel, x, y, lower, upper, null, null);
    }

    public Series {
        if (x == null || y == null || x.length != y.length) {
            throw new IllegalArgumentException("series " + name + " needs x and y of equal length");
        }
        if ((lower != null && lower.length != x.length) || (upper != null && upper.length != x.length)) {
            throw new IllegalArgumentException("series " + name + " band must match x in length");
        }
        if ((binLow == null) != (binHigh == null)
                || binLow != null && (binLow.length != x.length || binHigh.length != x.length)) {
            throw new IllegalArgumentException("series " + name + " needs both bin edges, each as long as x");
        }
    }

    /** The same curve with bins {@code [low[i], high[i])}. */
    public Series withBins(double[] low, double[] high) {
        return new Series(name, xLabel, yLabel, x, y, lower, upper, low, high);
    }

    /** The same curve with contiguous bins {@code [edges[i], edges[i+1])} ({@code x.length + 1} edges). */
    public Series withEdges(double[] edges) {
        if (edges == null || edges.length != x.length + 1) {
            throw new IllegalArgumentException("series " + name + " needs " + (x.length + 1) + " bin edges");
        }
        return withBins(java.util.Arrays.copyOfRange(edges, 0, x.length), java.util.Arrays.copyOfRange(edges, 1,
                edges.length));
    }
}
