package org.orrery.simulators.benchmarks.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.orrery.simulator.Simulator;
import org.orrery.testkit.SimulatorContract;

class GaussianLinearUniformTest extends SimulatorContract {

    @Override
    protected Simulator simulator() {
        return new GaussianLinearUniform();
    }

    @Test
    void noiseHasVariance0Point1() {
        var s = new GaussianLinearUniform();
        double[] theta = s.prior().sample(Stats.rng(1));
        int n = 20_000;
        double[][] xs = new double[n][];
        var rng = Stats.rng(2);
        for (int k = 0; k < n; k++) {
            xs[k] = s.simulate(theta, rng);
        }
        for (int i = 0; i < 10; i++) {
            double[] c = Stats.column(xs, i);
            assertEquals(theta[i], Stats.mean(c), 5 * Math.sqrt(0.1 / n), "mean of x_" + (i + 1));
            assertEquals(0.1, Stats.variance(c), 5 * 0.1 * Math.sqrt(2.0 / n), "variance of x_" + (i + 1));
        }
    }

    /**
     * Each posterior component is N(x_i, 0.1) truncated to [−1, 1]: compared by Kolmogorov–Smirnov
     * against that CDF from Commons Math, at an x with components inside, near and far outside
     * the box (x = 3.5 puts the whole posterior 8σ into the tail).
     */
    @Test
    void referencePosteriorIsTheTruncatedNormalPerComponent() {
        var s = new GaussianLinearUniform();
        double[] x = {0, 0.5, -0.95, 1.0, 1.4, -1.3, 2.0, -2.5, 3.5, 0.2};
        int n = 20_000;
        double[][] ref = s.sampleReferencePosterior(x, n, Stats.rng(3));
        double sd = Math.sqrt(0.1);
        for (int i = 0; i < 10; i++) {
            double[] c = Stats.column(ref, i);
            for (double v : c) {
                assertTrue(v >= -1 && v <= 1, "draw outside the prior: " + v);
            }
            // Mirror so that the box lies below the mean, in the tail where Φ is relatively accurate.
            double sign = x[i] < 0 ? -1 : 1;
            var normal = new NormalDistribution(sign * x[i], sd);
            double lo = normal.cumulativeProbability(-1);
            double mass = normal.cumulativeProbability(1) - lo;
            double[] mirrored = new double[n];
            for (int k = 0; k < n; k++) {
                mirrored[k] = sign * c[k];
            }
            double d = Stats.ksDistance(mirrored, v -> (normal.cumulativeProbability(v) - lo) / mass);
            assertTrue(Math.sqrt(n) * d < Stats.KS_CRITICAL_0_001,
                    "θ_" + (i + 1) + " at x = " + x[i] + ": KS sqrt(n)·D = " + Math.sqrt(n) * d);
        }
    }
}
