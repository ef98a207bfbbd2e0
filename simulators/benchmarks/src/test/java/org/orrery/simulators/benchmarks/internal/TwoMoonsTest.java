package org.orrery.simulators.benchmarks.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.orrery.simulator.Simulator;
import org.orrery.testkit.SimulatorContract;

class TwoMoonsTest extends SimulatorContract {

    @Override
    protected Simulator simulator() {
        return new TwoMoons();
    }

    private static final double S2 = Math.sqrt(2);

    /** p = x − (−|θ₁+θ₂|/√2, (θ₂−θ₁)/√2): the moon point the simulator must have drawn. */
    private static double[] moonPoint(double[] x, double[] theta) {
        return new double[] {x[0] + Math.abs(theta[0] + theta[1]) / S2, x[1] - (theta[1] - theta[0]) / S2};
    }

    /** Radius ~ N(0.1, 0.01²) and angle ~ U(−π/2, π/2) about (0.25, 0); 5σ tolerances. */
    private static void checkMoon(double[][] p, String what) {
        int n = p.length;
        double[] r = new double[n];
        double[] a = new double[n];
        for (int k = 0; k < n; k++) {
            r[k] = Math.hypot(p[k][0] - 0.25, p[k][1]);
            a[k] = Math.atan2(p[k][1], p[k][0] - 0.25);
        }
        assertEquals(0.1, Stats.mean(r), 5 * 0.01 / Math.sqrt(n), what + ": mean radius");
        assertEquals(1e-4, Stats.variance(r), 5 * 1e-4 * Math.sqrt(2.0 / n), what + ": radius variance");
        assertEquals(0, Stats.mean(a), 5 * Math.PI / Math.sqrt(12.0 * n), what + ": mean angle");
        // Var of a uniform's sample variance: (μ₄ − σ⁴)/n with μ₄ = π⁴/80, σ² = π²/12.
        double v = Math.PI * Math.PI / 12;
        assertEquals(v, Stats.variance(a), 5 * Math.sqrt((Math.pow(Math.PI, 4) / 80 - v * v) / n), what + ": angle variance");
    }

    @Test
    void simulatorDrawsFromTheShiftedMoon() {
        var s = new TwoMoons();
        int n = 20_000;
        var rng = Stats.rng(1);
        double[][] p = new double[n][];
        for (double[] theta : new double[][] {{0.3, -0.8}, {-0.5, -0.2}}) {
            for (int k = 0; k < n; k++) {
                p[k] = moonPoint(s.simulate(theta, rng), theta);
            }
            checkMoon(p, "θ = " + theta[0] + ", " + theta[1]);
        }
    }

    /**
     * At an x whose posterior lies wholly inside the prior, the moon points implied by the
     * reference draws must be exact moon draws (any error in the inversion algebra distorts them),
     * and the two branches θ₁+θ₂ ≷ 0 must be equally likely.
     */
    @Test
    void referencePosteriorInvertsTheSimulator() {
        var s = new TwoMoons();
        double[] x = s.simulate(new double[] {0.3, 0.1}, Stats.rng(2));
        assertTrue(x[0] < 0.2, "test needs x₀ < 0.2 so that no moon point is rejected, got " + x[0]);
        int n = 20_000;
        double[][] ref = s.sampleReferencePosterior(x, n, Stats.rng(3));
        double[][] p = new double[n][];
        int positive = 0;
        for (int k = 0; k < n; k++) {
            p[k] = moonPoint(x, ref[k]);
            positive += ref[k][0] + ref[k][1] > 0 ? 1 : 0;
        }
        checkMoon(p, "implied by the reference posterior");
        assertEquals(0.5, positive / (double) n, 5 * 0.5 / Math.sqrt(n), "fraction on the θ₁+θ₂ > 0 branch");

        // Pushed back through the simulator, posterior draws land near x; prior draws do not.
        var rng = Stats.rng(4);
        double near = 0;
        double far = 0;
        double[][] prior = s.prior().sample(Stats.rng(5), 2_000);
        for (int k = 0; k < 2_000; k++) {
            double[] xr = s.simulate(ref[k], rng);
            double[] xp = s.simulate(prior[k], rng);
            near += Math.hypot(xr[0] - x[0], xr[1] - x[1]) / 2_000;
            far += Math.hypot(xp[0] - x[0], xp[1] - x[1]) / 2_000;
        }
        // Two independent moon draws differ by at most ~2·(0.1 + 3·0.01) in each coordinate.
        assertTrue(near < 0.2, "posterior predictive mean distance " + near);
        assertTrue(far > 2 * near, "prior predictive mean distance " + far + " vs posterior " + near);
    }

    /**
     * Where the prior box cuts the crescents (x near an edge), compare with importance sampling
     * from the prior using the analytic moon density p(p) = N(r; 0.1, 0.01²)/(π r) for p₀ > 0.25.
     */
    @Test
    void referencePosteriorAgreesWithImportanceSampling() {
        var s = new TwoMoons();
        int nIs = 2_000_000;
        double[][] thetas = s.prior().sample(Stats.rng(6), nIs);
        for (double[] x : new double[][] {{-0.55, 0.6}, {0.3, -0.05}}) {
            double[] w = new double[nIs];
            double[] sumAbs = new double[nIs];
            for (int k = 0; k < nIs; k++) {
                double[] p = moonPoint(x, thetas[k]);
                double r = Math.hypot(p[0] - 0.25, p[1]);
                double z = (r - 0.1) / 0.01;
                w[k] = p[0] > 0.25 ? Math.exp(-0.5 * z * z) / r : 0;
                sumAbs[k] = Math.abs(thetas[k][0] + thetas[k][1]);
            }
            int n = 20_000;
            double[][] ref = s.sampleReferencePosterior(x, n, Stats.rng(7));
            double[] refAbs = new double[n];
            for (int k = 0; k < n; k++) {
                refAbs[k] = Math.abs(ref[k][0] + ref[k][1]);
            }
            String at = " at x = (" + x[0] + ", " + x[1] + ")";
            for (int i = 0; i < 3; i++) {
                double[] f = i < 2 ? Stats.column(thetas, i) : sumAbs;
                double[] g = i < 2 ? Stats.column(ref, i) : refAbs;
                var is = Stats.Weighted.of(f, w);
                assertTrue(is.ess() > 2_000, "IS ESS " + is.ess() + at);
                double se = Math.sqrt(is.variance() / is.ess() + Stats.variance(g) / n);
                assertEquals(is.mean(), Stats.mean(g), 5 * se, (i < 2 ? "mean θ_" + (i + 1) : "mean |θ₁+θ₂|") + at);
            }
        }
    }
}
