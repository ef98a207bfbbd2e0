package org.orrery.simulators.benchmarks.internal;

import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.testkit.Streams;

/** Small sample-statistics helpers for the tests. */
final class Stats {

    private Stats() {
    }

    static UniformRandomProvider rng(long seed) {
        return Streams.seeded(seed);
    }

    static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    static double variance(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double d : v) {
            s += (d - m) * (d - m);
        }
        return s / (v.length - 1);
    }

    static double covariance(double[] a, double[] b) {
        double ma = mean(a);
        double mb = mean(b);
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - ma) * (b[i] - mb);
        }
        return s / (a.length - 1);
    }

    static double[] column(double[][] rows, int j) {
        double[] c = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            c[i] = rows[i][j];
        }
        return c;
    }

    /** Self-normalised weighted mean and variance of f under weights w, and Kish's effective sample size. */
    record Weighted(double mean, double variance, double ess) {
        static Weighted of(double[] f, double[] w) {
            double sw = 0;
            double sw2 = 0;
            double m = 0;
            for (int i = 0; i < f.length; i++) {
                sw += w[i];
                sw2 += w[i] * w[i];
                m += w[i] * f[i];
            }
            m /= sw;
            double v = 0;
            for (int i = 0; i < f.length; i++) {
                v += w[i] * (f[i] - m) * (f[i] - m);
            }
            return new Weighted(m, v / sw, sw * sw / sw2);
        }
    }

    /** Kolmogorov–Smirnov distance between a sample and a continuous CDF. */
    static double ksDistance(double[] sample, java.util.function.DoubleUnaryOperator cdf) {
        double[] s = sample.clone();
        java.util.Arrays.sort(s);
        double d = 0;
        int n = s.length;
        for (int i = 0; i < n; i++) {
            double f = cdf.applyAsDouble(s[i]);
            d = Math.max(d, Math.max(f - (double) i / n, (double) (i + 1) / n - f));
        }
        return d;
    }

    /** sqrt(n)·D above this has probability < 0.001 under the null (Kolmogorov distribution). */
    static final double KS_CRITICAL_0_001 = 1.95;
}
