package org.orrery.simulators.benchmarks.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.MultivariateNormalDistribution;
import org.junit.jupiter.api.Test;
import org.orrery.simulator.Simulator;
import org.orrery.testkit.SimulatorContract;

class SlcpTest extends SimulatorContract {

    @Override
    protected Simulator simulator() {
        return new Slcp();
    }

    @Override
    protected int referencePosteriorDraws() {
        return 100;
    }

    /** θ of sbibm's first slcp observation. */
    private static final double[] THETA = {0.7, -2.9, -1.0, -0.9, 0.6};

    private static double[][] sigma(double[] t) {
        double s1 = t[2] * t[2];
        double s2 = t[3] * t[3];
        double rho = Math.tanh(t[4]);
        return new double[][] {{s1 * s1 + 1e-6, rho * s1 * s2}, {rho * s1 * s2, s2 * s2 + 1e-6}};
    }

    @Test
    void fourDrawsHaveMeanMAndCovarianceSigmaAndAreIndependent() {
        var s = new Slcp();
        double[][] sig = sigma(THETA);
        int n = 10_000;
        var rng = Stats.rng(1);
        double[][] xs = new double[n][];
        for (int k = 0; k < n; k++) {
            xs[k] = s.simulate(THETA, rng);
        }
        for (int j = 0; j < 4; j++) {
            double[] u = Stats.column(xs, 2 * j);
            double[] v = Stats.column(xs, 2 * j + 1);
            assertEquals(THETA[0], Stats.mean(u), 5 * Math.sqrt(sig[0][0] / n), "mean of draw " + j + " coordinate 1");
            assertEquals(THETA[1], Stats.mean(v), 5 * Math.sqrt(sig[1][1] / n), "mean of draw " + j + " coordinate 2");
            // Var of a Gaussian sample covariance: (Σ_ii Σ_jj + Σ_ij²)/n.
            assertEquals(sig[0][0], Stats.variance(u), 5 * Math.sqrt(2 * sig[0][0] * sig[0][0] / n), "Σ₁₁ draw " + j);
            assertEquals(sig[1][1], Stats.variance(v), 5 * Math.sqrt(2 * sig[1][1] * sig[1][1] / n), "Σ₂₂ draw " + j);
            assertEquals(sig[0][1], Stats.covariance(u, v),
                    5 * Math.sqrt((sig[0][0] * sig[1][1] + sig[0][1] * sig[0][1]) / n), "Σ₁₂ draw " + j);
        }
        assertEquals(0, Stats.covariance(Stats.column(xs, 0), Stats.column(xs, 2)), 5 * sig[0][0] / Math.sqrt(n),
                "draws 1 and 2 independent");
    }

    @Test
    void logLikelihoodMatchesCommonsMath() {
        var s = new Slcp();
        double[] x = s.simulate(THETA, Stats.rng(2));
        for (double[] t : new double[][] {THETA, {0, 0, 1.3, -0.4, -2.5}, {-1, 2, 0.2, 2.9, 2.9}}) {
            var mvn = new MultivariateNormalDistribution(new double[] {t[0], t[1]}, sigma(t));
            double expected = 0;
            for (int j = 0; j < 4; j++) {
                expected += Math.log(mvn.density(new double[] {x[2 * j], x[2 * j + 1]}));
            }
            assertEquals(expected, Slcp.logLikelihood(t, x), 1e-8 * Math.max(1, Math.abs(expected)));
        }
    }

    /**
     * The MCMC reference posterior against self-normalised importance sampling from the prior at
     * the same x: means and standard deviations of θ₁, θ₂, |θ₃|, |θ₄|, θ₅ (|·| because the sign
     * symmetry makes the signed means 0). Tolerance: 5 standard errors, with the MCMC effective
     * sample size taken conservatively as n/10.
     */
    @Test
    void referencePosteriorAgreesWithImportanceSampling() {
        var s = new Slcp();
        double[] x = s.simulate(THETA, Stats.rng(3));
        int n = 10_000;
        long t0 = System.nanoTime();
        double[][] ref = s.sampleReferencePosterior(x, n, Stats.rng(4));
        double seconds = (System.nanoTime() - t0) * 1e-9;
        System.out.printf("slcp: %d MCMC reference draws in %.2f s%n", n, seconds);
        assertTrue(seconds < 30, "10 000 slcp reference draws took " + seconds + " s");

        int nIs = 2_000_000;
        double[][] thetas = s.prior().sample(Stats.rng(5), nIs);
        double[] logw = new double[nIs];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < nIs; k++) {
            logw[k] = Slcp.logLikelihood(thetas[k], x);
            max = Math.max(max, logw[k]);
        }
        double[] w = new double[nIs];
        for (int k = 0; k < nIs; k++) {
            w[k] = Math.exp(logw[k] - max);
        }
        int positive3 = 0;
        int positive4 = 0;
        for (double[] r : ref) {
            positive3 += r[2] > 0 ? 1 : 0;
            positive4 += r[3] > 0 ? 1 : 0;
        }
        assertEquals(0.5, positive3 / (double) n, 5 * 0.5 / Math.sqrt(n), "sign balance of θ₃");
        assertEquals(0.5, positive4 / (double) n, 5 * 0.5 / Math.sqrt(n), "sign balance of θ₄");
        double nEff = n / 10.0;
        for (int i = 0; i < 5; i++) {
            boolean fold = i == 2 || i == 3;
            double[] f = Stats.column(thetas, i);
            double[] g = Stats.column(ref, i);
            if (fold) {
                f = java.util.Arrays.stream(f).map(Math::abs).toArray();
                g = java.util.Arrays.stream(g).map(Math::abs).toArray();
            }
            var is = Stats.Weighted.of(f, w);
            assertTrue(is.ess() > 500, "IS ESS " + is.ess());
            double v = is.variance();
            double seMean = Math.sqrt(v / is.ess() + v / nEff);
            String name = (fold ? "|θ" : "θ") + (i + 1) + (fold ? "|" : "");
            System.out.printf("slcp %s: IS mean %.4f sd %.4f (ESS %.0f), MCMC mean %.4f sd %.4f%n", name,
                    is.mean(), Math.sqrt(v), is.ess(), Stats.mean(g), Math.sqrt(Stats.variance(g)));
            assertEquals(is.mean(), Stats.mean(g), 5 * seMean, "posterior mean of " + name);
            // The sd's standard error is ≈ sd/√(2·ESS) for near-normal marginals; doubled for heavier tails.
            double seSd = Math.sqrt(v) * Math.sqrt(2.0 / is.ess() + 2.0 / nEff);
            assertEquals(Math.sqrt(v), Math.sqrt(Stats.variance(g)), 5 * seSd, "posterior sd of " + name);
        }
    }
}
