package org.orrery.posteriors.interpolant.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The fmpe ODE solvers against the exact flow-matching flow of a Gaussian target. For θ ~ N(μ, s²)
 * on fmpe's path θ_t = (1 − A t)·z + t·θ (A = 1 − σ_min) the velocity E[θ − A z | θ_t = y] is
 * μ + (t s² − A(1 − A t)) / V(t) · (y − tμ), V(t) = (1 − A t)² + t² s², and its flow carries z at
 * t = 0 to tμ + √V(t)·z: at t = 1 to μ + √(σ_min² + s²)·z exactly. A narrow target (s = 0.01, the
 * width of two_moons' crescents in z-scored units) makes the velocity sharp near t = 1 (rate
 * ≈ 1/(1 − t) down to 1 − t ≈ s), where the uniform midpoint grid loses accuracy.
 */
class FlowOdeTest {

    static final double A = 1 - VectorDrift.SIGMA_MIN;

    static FlowOde.Velocity gaussian(double mu, double s) {
        return (y, t) -> {
            double v = (1 - A * t) * (1 - A * t) + t * t * s * s;
            double slope = (t * s * s - A * (1 - A * t)) / v;
            float[] out = new float[y.length];
            for (int k = 0; k < y.length; k++) {
                out[k] = (float) (mu + slope * (y[k] - t * mu));
            }
            return out;
        };
    }

    /** The largest error at t = 1 over starting points z in [−3, 3], relative to the target's width s. */
    static double error(FlowOde.Result r, float[] z, double mu, double s) {
        double sd = Math.sqrt(VectorDrift.SIGMA_MIN * VectorDrift.SIGMA_MIN + s * s);
        double worst = 0;
        for (int k = 0; k < z.length; k++) {
            worst = Math.max(worst, Math.abs(r.y()[k] - (mu + sd * z[k])) / s);
        }
        return worst;
    }

    static float[] starts() {
        float[] z = new float[61];
        for (int k = 0; k < z.length; k++) {
            z[k] = (float) (-3 + 0.1 * k);
        }
        return z;
    }

    @Test
    void midpointConvergesAtLeastAtSecondOrderOnABroadTarget() {
        float[] z = starts();
        // coarse grids, so that float32 rounding (about 1e-6 here) stays far below the truncation error
        double e10 = error(FlowOde.midpoint(gaussian(0.7, 0.8), z, 10), z, 0.7, 0.8);
        double e20 = error(FlowOde.midpoint(gaussian(0.7, 0.8), z, 20), z, 0.7, 0.8);
        double e40 = error(FlowOde.midpoint(gaussian(0.7, 0.8), z, 40), z, 0.7, 0.8);
        // at least second order: halving the step divides the error by 4 or more (measured: about 8 on this affine
        // velocity, where the h² term of the global error happens to be small; 3.5 to 10 allowed)
        String msg = "midpoint errors " + e10 + " (10 steps), " + e20 + " (20), " + e40 + " (40)";
        assertTrue(e10 < 1e-3 && e10 / e20 > 3.5 && e10 / e20 < 10 && e20 / e40 > 3.5 && e20 / e40 < 10, msg);
    }

    @Test
    void onANarrowTargetTheAdaptiveSolverMeetsItsToleranceWhereTheUniformGridMissesByFar() {
        float[] z = starts();
        double mu = -0.4;
        double s = 0.01;
        double mid = error(FlowOde.midpoint(gaussian(mu, s), z, 100), z, mu, s);
        FlowOde.Result adaptive = FlowOde.dopri5(gaussian(mu, s), z, 1e-6, 1e-5, 100_000);
        double dp = error(adaptive, z, mu, s);
        // measured: midpoint 100 steps misses by 4 % of the width; dopri5 at sbi's tolerances by 0.01 % in 151 evaluations
        assertTrue(mid > 0.02, "midpoint 100 steps error " + mid + " of the width");
        assertTrue(dp < 2e-3, "dopri5 error " + dp + " of the width (" + adaptive.evaluations() + " evaluations)");
        FlowOde.Result loose = FlowOde.dopri5(gaussian(mu, s), z, 1e-4, 1e-3, 100_000);
        assertTrue(loose.evaluations() < adaptive.evaluations(), loose.evaluations() + " vs " + adaptive.evaluations());
        System.out.printf("narrow Gaussian (s = %.2f): midpoint 100 steps error %.4g of s; dopri5 1e-5/1e-6 %.4g in %d evaluations, "
                + "1e-3/1e-4 %.4g in %d%n", s, mid, dp, adaptive.evaluations(), error(loose, z, mu, s), loose.evaluations());
    }

    @Test
    void badTolerancesAndRunawayIntegrationsAreRefusedInOneLine() {
        float[] z = starts();
        var e = assertThrows(IllegalArgumentException.class, () -> FlowOde.dopri5(gaussian(0, 1), z, 0, 1e-5, 1000));
        assertTrue(e.getMessage().contains("atol 0.0"), e.getMessage());
        var e2 = assertThrows(IllegalStateException.class, () -> FlowOde.dopri5(gaussian(0, 0.01), z, 1e-6, 1e-8, 50));
        assertTrue(e2.getMessage().contains("50 velocity evaluations"), e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FlowOde.midpoint(gaussian(0, 1), z, 0));
        assertEquals(2 * 7, FlowOde.midpoint(gaussian(0, 1), z, 7).evaluations());
    }
}
