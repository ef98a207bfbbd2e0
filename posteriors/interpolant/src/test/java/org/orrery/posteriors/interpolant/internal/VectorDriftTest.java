package org.orrery.posteriors.interpolant.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/**
 * The fmpe velocity parameterisations against closed forms. The output layer starts at zero, so an
 * untrained network's velocity is its baseline alone: with sbi's Gaussian baseline that is the exact
 * flow-matching velocity of θ ~ N(0, I) (FlowOdeTest's closed form with μ = 0, s = 1), whatever the
 * time features; with the plain output it is 0.
 */
class VectorDriftTest {

    @Test
    void anUntrainedGaussianBaselineIsTheExactVelocityOfAStandardNormal() {
        for (boolean fourier : new boolean[] {true, false}) {
            VectorDrift drift = new VectorDrift(2, 3, 8, 2, 8, fourier, true, 5L);
            VectorDrift plain = new VectorDrift(2, 3, 8, 2, 8, fourier, false, 5L);
            FlowOde.Velocity exact = FlowOdeTest.gaussian(0, 1);
            float[] x = {0.3f, -1f, 2f, 0.3f, -1f, 2f, 0.3f, -1f, 2f};
            float[] th = {0.5f, -1.5f, 2f, 0.1f, -0.7f, 0.9f};
            for (double t : new double[] {0, 0.3, 0.9, 0.999}) {
                float[] ts = {(float) t, (float) t, (float) t};
                float[] v = drift.velocity(th, x, ts, 3);
                float[] want = exact.at(th, (float) t);
                for (int k = 0; k < th.length; k++) {
                    assertEquals(want[k], v[k], 1e-5 * (1 + Math.abs(want[k])), "fourier " + fourier + ", t " + t + ", entry " + k);
                    assertEquals(0, plain.velocity(th, x, ts, 3)[k], 0, "plain output at t " + t);
                }
                assertNotEquals(0, want[0], "the check must not be trivial at t " + t);
            }
        }
    }
}
