package org.orrery.posteriors.maf.internal;

/** Per-component standardisation (v − mean) / std, fitted on training rows as sbi's z-scoring. */
record ZScore(double[] mean, double[] std) {

    /** Floor below which a component is treated as constant (std set to 1), as sbi's min_std. */
    static final double MIN_STD = 1e-14;

    ZScore {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("z-score sizes differ or are empty: " + mean.length + " vs " + std.length);
        }
        for (int i = 0; i < mean.length; i++) {
            if (!Double.isFinite(mean[i]) || !(std[i] > 0) || Double.isInfinite(std[i])) {
                throw new IllegalArgumentException("z-score component " + i + " invalid: mean " + mean[i] + ", std " + std[i]);
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Mean and unbiased standard deviation of rows [0, n) of a row-major n×dim array. */
    static ZScore fit(double[] a, int n, int dim) {
        double[] mean = new double[dim];
        double[] std = new double[dim];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < dim; j++) {
                mean[j] += a[r * dim + j];
            }
        }
        for (int j = 0; j < dim; j++) {
            mean[j] /= n;
        }
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < dim; j++) {
                double e = a[r * dim + j] - mean[j];
                std[j] += e * e;
            }
        }
        for (int j = 0; j < dim; j++) {
            double s = Math.sqrt(std[j] / Math.max(1, n - 1));
            std[j] = s < MIN_STD ? 1.0 : s;
        }
        return new ZScore(mean, std);
    }

    int dim() {
        return mean.length;
    }

    void applyInPlace(double[] a, int n) {
        int dim = mean.length;
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < dim; j++) {
                a[r * dim + j] = (a[r * dim + j] - mean[j]) / std[j];
            }
        }
    }

    double sumLogStd() {
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
