package org.orrery.validation.calibration.internal;

import java.util.Arrays;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.validation.Series;

/**
 * Helpers for probability-integral-transform values u ∈ (0, 1), which every check reduces to and
 * which are exactly U(0, 1) for a calibrated posterior.
 */
final class Pit {

    private Pit() {
    }

    /**
     * Randomised PIT of a count k ∈ {0..L} out of L samples: (k + U) / (L + 1) is exactly U(0, 1)
     * when k is uniform on {0..L}, so a continuous KS test applies despite the discrete ranks.
     */
    static double jitter(int count, int samples, UniformRandomProvider rng) {
        return (count + rng.nextDouble()) / (samples + 1);
    }

    /** Two-sided one-sample KS p-value of u against U(0, 1). */
    static double ksPValue(double[] u) {
        return new KolmogorovSmirnovTest().kolmogorovSmirnovTest(
                new org.apache.commons.math3.distribution.UniformRealDistribution(null, 0, 1), u, false);
    }

    /** sup |F_n(α) − α|, the largest distance of the empirical coverage curve from the diagonal. */
    static double ksDistance(double[] u) {
        double[] s = u.clone();
        Arrays.sort(s);
        int n = s.length;
        double d = 0;
        for (int i = 0; i < n; i++) {
            d = Math.max(d, Math.max((i + 1.0) / n - s[i], s[i] - (double) i / n));
        }
        return d;
    }

    /**
     * 12·Var(u): 1 for a calibrated posterior, above 1 when u piles up at both ends (the posterior
     * is too narrow, over-confident), below 1 when u clusters in the middle (too wide).
     */
    static double varianceRatio(double[] u) {
        double mean = mean(u);
        double ss = 0;
        for (double v : u) {
            ss += (v - mean) * (v - mean);
        }
        return 12 * ss / u.length;
    }

    static double mean(double[] u) {
        double s = 0;
        for (double v : u) {
            s += v;
        }
        return s / u.length;
    }

    /** Empirical CDF F_n at each α of the grid: the fraction of u ≤ α. */
    static double[] ecdf(double[] u, double[] grid) {
        double[] s = u.clone();
        Arrays.sort(s);
        double[] out = new double[grid.length];
        for (int g = 0; g < grid.length; g++) {
            int k = upperBound(s, grid[g]);
            out[g] = (double) k / s.length;
        }
        return out;
    }

    private static int upperBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static double[] grid(int points) {
        double[] g = new double[points];
        for (int i = 0; i < points; i++) {
            g[i] = (double) i / (points - 1);
        }
        return g;
    }

    /**
     * Histogram of u in {@code bins} equal bins with the pointwise binomial band within which each
     * count lies with probability {@code level} when u is uniform.
     */
    static Series histogram(String name, String xLabel, double[] u, int bins, double level) {
        double[] centre = new double[bins];
        double[] count = new double[bins];
        for (double v : u) {
            count[Math.min(bins - 1, (int) (v * bins))]++;
        }
        var binomial = new BinomialDistribution(null, u.length, 1.0 / bins);
        double lo = binomial.inverseCumulativeProbability((1 - level) / 2);
        double hi = binomial.inverseCumulativeProbability(1 - (1 - level) / 2);
        double[] lower = new double[bins];
        double[] upper = new double[bins];
        for (int b = 0; b < bins; b++) {
            centre[b] = (b + 0.5) / bins;
            lower[b] = lo;
            upper[b] = hi;
        }
        return new Series(name, xLabel, "count", centre, count, lower, upper);
    }
}
