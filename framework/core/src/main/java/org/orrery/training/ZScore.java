package org.orrery.training;

/**
 * Per-column standardisation {@code (v − mean) / std} with the unbiased standard deviation, fitted on
 * training rows (sbi's z-scoring; sbibm's c2st uses the same on its reference samples).
 */
public record ZScore(double[] mean, double[] std) {

    /** Below this a column is constant: {@link #fit} sets its std to 1, as sbi's min_std. */
    public static final double MIN_STD = 1e-14;

    public ZScore {
        if (mean == null || std == null || mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("z-score sizes differ or are empty");
        }
        for (int i = 0; i < mean.length; i++) {
            if (!Double.isFinite(mean[i]) || !(std[i] > 0) || Double.isInfinite(std[i])) {
                throw new IllegalArgumentException("z-score component " + i + " invalid: mean " + mean[i] + ", std " + std[i]);
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Fitted on rows [0, n) of a row-major n×dim array; a constant column gets std 1. */
    public static ZScore fit(double[] a, int n, int dim) {
        return fit(a, n, dim, true);
    }

    /**
     * Fitted on rows [0, n) of a row-major n×dim array. A column whose std is below {@link #MIN_STD}
     * gets std 1 when {@code constantAllowed}, otherwise it is refused with an
     * {@link IllegalArgumentException} naming the column.
     */
    public static ZScore fit(double[] a, int n, int dim, boolean constantAllowed) {
        if (n < 1 || dim < 1 || a.length < (long) n * dim) {
            throw new IllegalArgumentException("z-score needs at least one row of " + dim + " values, got " + a.length
                    + " values for " + n + " rows");
        }
        return fit(n, dim, r -> java.util.Arrays.copyOfRange(a, r * dim, (r + 1) * dim), constantAllowed);
    }

    /**
     * Fitted on rows 0..n-1 given one at a time (two passes, so rows can stream from a bank larger
     * than the heap); the same arithmetic as the array form, so the same bits.
     */
    public static ZScore fit(int n, int dim, java.util.function.IntFunction<double[]> row, boolean constantAllowed) {
        if (n < 1 || dim < 1) {
            throw new IllegalArgumentException("z-score needs at least one row of at least one value, got " + n + " rows of " + dim);
        }
        double[] mean = new double[dim];
        double[] std = new double[dim];
        for (int r = 0; r < n; r++) {
            double[] v = row.apply(r);
            for (int j = 0; j < dim; j++) {
                mean[j] += v[j];
            }
        }
        for (int j = 0; j < dim; j++) {
            mean[j] /= n;
        }
        for (int r = 0; r < n; r++) {
            double[] v = row.apply(r);
            for (int j = 0; j < dim; j++) {
                double e = v[j] - mean[j];
                std[j] += e * e;
            }
        }
        for (int j = 0; j < dim; j++) {
            double s = Math.sqrt(std[j] / Math.max(1, n - 1));
            if (!(s >= MIN_STD)) {
                if (!constantAllowed) {
                    throw new IllegalArgumentException("column " + j + " has zero spread (std " + s + ")");
                }
                s = 1.0;
            }
            std[j] = s;
        }
        return new ZScore(mean, std);
    }

    /** Standardises one row of {@code dim} values from {@code src[from..]} into {@code dst[to..]}. */
    public void apply(double[] src, int from, double[] dst, int to) {
        for (int j = 0; j < mean.length; j++) {
            dst[to + j] = (src[from + j] - mean[j]) / std[j];
        }
    }

    public int dim() {
        return mean.length;
    }

    /** Standardises rows [0, n) of a row-major array in place. */
    public void applyInPlace(double[] a, int n) {
        int dim = mean.length;
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < dim; j++) {
                a[r * dim + j] = (a[r * dim + j] - mean[j]) / std[j];
            }
        }
    }

    /** Σ log std: the log-Jacobian that turns a density of z-scored values back into one of raw values. */
    public double sumLogStd() {
        double s = 0;
        for (double v : std) {
            s += Math.log(v);
        }
        return s;
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }
}
