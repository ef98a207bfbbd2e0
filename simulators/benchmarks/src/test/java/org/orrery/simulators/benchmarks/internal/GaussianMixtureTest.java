package org.orrery.simulators.benchmarks.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.orrery.simulator.Simulator;
import org.orrery.testkit.SimulatorContract;

class GaussianMixtureTest extends SimulatorContract {

    @Override
    protected Simulator simulator() {
        return new GaussianMixture();
    }

    // Per component d = x − θ: E d² = 0.5·1 + 0.5·0.01; E d⁴ = 3·(0.5·1 + 0.5·10⁻⁴);
    // both components share one scale, so E d₁²d₂² = 0.5·1 + 0.5·10⁻⁴ (not (E d²)²).
    private static final double M2 = 0.505;
    private static final double M4 = 3 * 0.50005;
    private static final double M22 = 0.50005;

    private static void checkMixtureMoments(double[][] d, String what) {
        int n = d.length;
        double[] d1 = Stats.column(d, 0);
        double[] d2 = Stats.column(d, 1);
        double s2 = 0;
        double s22 = 0;
        for (int k = 0; k < n; k++) {
            s2 += d1[k] * d1[k];
            s22 += d1[k] * d1[k] * d2[k] * d2[k];
        }
        assertEquals(0, Stats.mean(d1), 5 * Math.sqrt(M2 / n), what + ": mean");
        assertEquals(M2, s2 / n, 5 * Math.sqrt((M4 - M2 * M2) / n), what + ": E d²");
        // Var(d₁²d₂²) = E d₁⁴d₂⁴ − M22², E d₁⁴d₂⁴ = 9·(0.5 + 0.5·10⁻⁸).
        assertEquals(M22, s22 / n, 5 * Math.sqrt((9 * 0.5 - M22 * M22) / n), what + ": E d₁²d₂²");
    }

    @Test
    void simulatorIsTheEqualWeightMixture() {
        var s = new GaussianMixture();
        double[] theta = {1.5, -4};
        int n = 40_000;
        double[][] d = new double[n][];
        var rng = Stats.rng(1);
        for (int k = 0; k < n; k++) {
            double[] x = s.simulate(theta, rng);
            d[k] = new double[] {x[0] - theta[0], x[1] - theta[1]};
        }
        checkMixtureMoments(d, "x − θ");
    }

    @Test
    void referencePosteriorAwayFromTheEdgesIsTheMixtureCentredOnX() {
        var s = new GaussianMixture();
        double[] x = {1.0, -2.0};
        int n = 40_000;
        double[][] ref = s.sampleReferencePosterior(x, n, Stats.rng(2));
        double[][] d = new double[n][];
        for (int k = 0; k < n; k++) {
            d[k] = new double[] {ref[k][0] - x[0], ref[k][1] - x[1]};
        }
        checkMixtureMoments(d, "θ − x");
    }

    /**
     * Near a corner and outside the box the truncation matters: compare with importance sampling
     * from the prior weighted by the likelihood (independent of the component re-weighting).
     */
    @Test
    void referencePosteriorAtTheEdgeAgreesWithImportanceSampling() {
        var s = new GaussianMixture();
        int nIs = 400_000;
        double[][] thetas = s.prior().sample(Stats.rng(3), nIs);
        for (double[] x : new double[][] {{9.6, -9.9}, {10.5, 3.0}}) {
            double[] w = new double[nIs];
            for (int k = 0; k < nIs; k++) {
                double ss = 0;
                for (int i = 0; i < 2; i++) {
                    ss += (x[i] - thetas[k][i]) * (x[i] - thetas[k][i]);
                }
                w[k] = 0.5 * Math.exp(-0.5 * ss) + 0.5 * 100 * Math.exp(-0.5 * ss / 0.01);
            }
            int n = 40_000;
            double[][] ref = s.sampleReferencePosterior(x, n, Stats.rng(4));
            for (int i = 0; i < 2; i++) {
                var is = Stats.Weighted.of(Stats.column(thetas, i), w);
                double[] r = Stats.column(ref, i);
                double v = Stats.variance(r);
                double se = Math.sqrt(is.variance() / is.ess() + v / n);
                assertEquals(is.mean(), Stats.mean(r), 5 * se, "mean of θ_" + (i + 1) + " at x = " + x[0] + ", " + x[1]
                        + " (IS ESS " + is.ess() + ")");
            }
        }
    }
}
