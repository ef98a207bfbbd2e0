package org.orrery.simulators.benchmarks.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Draws are checked against the moments of the truncated normal computed by Simpson quadrature of
 * exp(−(z² − c²)/2), c the point of [a, b] nearest 0 (so nothing underflows however far out the
 * interval lies), and by a Kolmogorov–Smirnov distance against Commons Math's normal CDF.
 */
class TruncatedNormalTest {

    private static final NormalDistribution N01 = new NormalDistribution(0, 1);
    private static final int N = 40_000;

    /** P(a <= Z <= b) computed in whichever tail keeps relative precision. */
    private static double z(double a, double b) {
        return a >= 0 ? N01.cumulativeProbability(-a) - N01.cumulativeProbability(-b)
                : N01.cumulativeProbability(b) - N01.cumulativeProbability(a);
    }

    @ParameterizedTest(name = "[{0}, {1}]")
    @CsvSource({"-0.1, 0.1", "-3, 2", "-0.5, 1", "0, Infinity", "2.5, 2.6", "0.5, 7", "8, 12", "-12, -8",
        "-40, -39.5", "6, 6.05"})
    void momentsMatchTheAnalyticTruncatedNormal(double a, double b) {
        var rng = Stats.rng(Double.doubleToLongBits(a) ^ 31 * Double.doubleToLongBits(b));
        var gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] s = new double[N];
        for (int i = 0; i < N; i++) {
            s[i] = TruncatedNormal.standard(a, b, gauss, rng);
            assertTrue(s[i] >= a && s[i] <= b, "draw " + s[i] + " outside [" + a + ", " + b + "]");
        }
        double[] m = quadratureMoments(a, b);
        double mean = m[0];
        double var = m[1];
        double sd = Math.sqrt(var);
        assertEquals(mean, Stats.mean(s), 5 * sd / Math.sqrt(N), "mean");
        // Var of the sample variance is (μ₄ − σ⁴)/n.
        assertEquals(var, Stats.variance(s), 5 * Math.sqrt((m[2] - var * var) / N), "variance");
    }

    /** {mean, variance, 4th central moment} of N(0, 1) truncated to [a, b] by Simpson's rule; ∞ is cut 40 out. */
    private static double[] quadratureMoments(double a, double b) {
        double hi = Math.min(b, Math.max(a, 0) + 40);
        double lo = Math.max(a, Math.min(b, 0) - 40);
        double c = a > 0 ? a : b < 0 ? b : 0;
        int n = 200_000;
        double h = (hi - lo) / n;
        double[] w = new double[n + 1];
        double s0 = 0;
        double s1 = 0;
        for (int i = 0; i <= n; i++) {
            double z = lo + i * h;
            w[i] = (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2) * Math.exp(-0.5 * (z - c) * (z + c));
            s0 += w[i];
            s1 += w[i] * z;
        }
        double mean = s1 / s0;
        double s2 = 0;
        double s4 = 0;
        for (int i = 0; i <= n; i++) {
            double d = lo + i * h - mean; // central moments directly: no cancellation far out
            s2 += w[i] * d * d;
            s4 += w[i] * d * d * d * d;
        }
        return new double[] {mean, s2 / s0, s4 / s0};
    }

    @Test
    void ksDistanceIsSmallOnAModerateTail() {
        double a = 1.5;
        double b = 4;
        var rng = Stats.rng(77);
        var gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] s = new double[N];
        for (int i = 0; i < N; i++) {
            s[i] = TruncatedNormal.standard(a, b, gauss, rng);
        }
        double zab = z(a, b);
        double d = Stats.ksDistance(s, v -> z(a, v) / zab);
        assertTrue(Math.sqrt(N) * d < Stats.KS_CRITICAL_0_001, "KS sqrt(n)·D = " + Math.sqrt(N) * d);
    }

    @Test
    void massIsAccurateInTheTails() {
        assertEquals(N01.probability(-1, 2), TruncatedNormal.mass(-1, 2), 1e-14);
        // Q(8) = 6.220960574271785e-16 (Abramowitz & Stegun / mpmath); relative accuracy 1e-10.
        assertEquals(6.220960574271785e-16, TruncatedNormal.mass(8, Double.POSITIVE_INFINITY), 6.2e-26);
        assertEquals(6.220960574271785e-16, TruncatedNormal.mass(Double.NEGATIVE_INFINITY, -8), 6.2e-26);
    }
}
