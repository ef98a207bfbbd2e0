package org.orrery.simulators.benchmarks.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.orrery.simulator.Simulator;
import org.orrery.testkit.SimulatorContract;

class GaussianLinearTest extends SimulatorContract {

    @Override
    protected Simulator simulator() {
        return new GaussianLinear();
    }

    @Test
    void noiseHasVariance0Point1AndIsIndependentAcrossComponents() {
        var s = new GaussianLinear();
        double[] theta = s.prior().sample(Stats.rng(1));
        int n = 20_000;
        double[][] noise = new double[n][];
        var rng = Stats.rng(2);
        for (int k = 0; k < n; k++) {
            double[] x = s.simulate(theta, rng);
            for (int i = 0; i < 10; i++) {
                x[i] -= theta[i];
            }
            noise[k] = x;
        }
        for (int i = 0; i < 10; i++) {
            double[] c = Stats.column(noise, i);
            assertEquals(0, Stats.mean(c), 5 * Math.sqrt(0.1 / n), "mean of x_" + i + " − θ_" + i);
            assertEquals(0.1, Stats.variance(c), 5 * 0.1 * Math.sqrt(2.0 / n), "variance of component " + i);
        }
        assertEquals(0, Stats.covariance(Stats.column(noise, 0), Stats.column(noise, 7)), 5 * 0.1 / Math.sqrt(n));
    }

    /**
     * The analytic N(x/2, 0.05·I) against self-normalised importance sampling with prior draws
     * weighted by the likelihood, which uses neither the conjugate formula nor the sampler. Prior
     * and likelihood factorise over components, so each component is weighted by its own
     * likelihood factor (10-D joint weights would leave too few effective draws). The tolerance is
     * 5 standard errors of the difference (IS with Kish's ESS plus the reference sample).
     */
    @Test
    void referencePosteriorAgreesWithImportanceSampling() {
        var s = new GaussianLinear();
        double[] x = s.simulate(s.prior().sample(Stats.rng(3)), Stats.rng(4));
        int nRef = 20_000;
        double[][] ref = s.sampleReferencePosterior(x, nRef, Stats.rng(5));

        int nIs = 100_000;
        double[][] thetas = s.prior().sample(Stats.rng(6), nIs);
        for (int i = 0; i < 10; i++) {
            double[] t = Stats.column(thetas, i);
            double[] w = new double[nIs];
            for (int k = 0; k < nIs; k++) {
                w[k] = Math.exp(-0.5 * (x[i] - t[k]) * (x[i] - t[k]) / 0.1);
            }
            var is = Stats.Weighted.of(t, w);
            assertTrue(is.ess() > 10_000, "importance sampling too weak to test against: ESS " + is.ess());
            double[] r = Stats.column(ref, i);
            double se = Math.sqrt(0.05 / is.ess() + 0.05 / nRef);
            assertEquals(is.mean(), Stats.mean(r), 5 * se, "posterior mean of θ_" + (i + 1));
            assertEquals(x[i] / 2, Stats.mean(r), 5 * Math.sqrt(0.05 / nRef), "analytic mean of θ_" + (i + 1));
            double seVar = 0.05 * Math.sqrt(2.0 / is.ess() + 2.0 / nRef);
            assertEquals(is.variance(), Stats.variance(r), 5 * seVar, "posterior variance of θ_" + (i + 1));
        }
    }
}
