package org.orrery.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.orrery.random.RandomStreams;

class AdamTest {

    /** Minimises Σ (p − (i+1))² for {@code steps} steps. */
    private static double[] run(Adam adam, double[] p, int steps, double lr) {
        double[] g = new double[p.length];
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < p.length; i++) {
                g[i] = 2 * (p[i] - (i + 1));
            }
            adam.step(p, g, null, lr);
        }
        return p;
    }

    @Test
    void firstStepMovesEachParameterByTheLearningRateInBothConventions() {
        // m̂ = g, v̂ = g², so the first step is lr·g/(|g| + ε'): lr to 1e-6 relative for |g| = 2, 4 (sklearn's ε is in effect 31.6x larger)
        for (Adam.Convention c : Adam.Convention.values()) {
            double[] p = run(new Adam(c, 2), new double[2], 1, 0.01);
            assertEquals(0.01, p[0], 1e-8, c.name());
            assertEquals(0.01, p[1], 1e-8, c.name());
        }
    }

    @Test
    void theConventionsDifferWhereEpsilonMatters() {
        // with |g| ~ ε the two places for ε give different steps: torch divides by √v̂ + ε, sklearn
        // (lr scaled by √(1−β2)/(1−β1)) in effect by √v̂ + ε/√(1−β2) on the first step
        double[] g = {1e-8};
        double[] a = {0};
        double[] b = {0};
        new Adam(Adam.Convention.TORCH, 1).step(a, g, null, 1.0);
        new Adam(Adam.Convention.SKLEARN, 1).step(b, g, null, 1.0);
        assertEquals(-0.5, a[0], 1e-12);
        assertEquals(-1e-8 / (1e-8 + 1e-8 / Math.sqrt(0.001)), b[0], 1e-12);
        assertNotEquals(a[0], b[0]);
    }

    @Test
    void convergesToTheMinimum() {
        double[] p = run(new Adam(Adam.Convention.TORCH, 3), new double[3], 3000, 0.05);
        for (int i = 0; i < 3; i++) {
            assertEquals(i + 1, p[i], 1e-3);
        }
    }

    @Test
    void aRestoredStateContinuesToTheSameBits() {
        for (Adam.Convention c : Adam.Convention.values()) {
            double[] whole = run(new Adam(c, 4), new double[4], 50, 0.01);
            Adam first = new Adam(c, 4);
            double[] p = run(first, new double[4], 20, 0.01);
            Adam.State saved = first.state();
            run(first, p.clone(), 5, 0.01); // moves on; the saved state must not move with it
            Adam second = new Adam(c, 4);
            second.restore(saved);
            assertEquals(20, second.steps());
            assertArrayEquals(whole, run(second, p, 30, 0.01), c.name());
        }
    }

    @Test
    void masksAndMismatchedStatesAreHandled() {
        double[] p = {0, 0};
        new Adam(Adam.Convention.TORCH, 2).step(p, new double[] {1, 1}, new double[] {1, 0}, 0.1);
        assertTrue(p[0] < 0);
        assertEquals(0, p[1], "masked entries do not move");
        Adam a = new Adam(Adam.Convention.TORCH, 2);
        var e = assertThrows(IllegalArgumentException.class, () -> a.restore(new Adam(Adam.Convention.TORCH, 3).state()));
        assertTrue(e.getMessage().contains("holds 3 values"), e.getMessage());
    }

    @Test
    void randomStreamPositionsRoundTrip() {
        UniformRandomProvider r = RandomStreams.reserved(5, RandomStreams.Reserved.TRAINING);
        r.nextLong();
        byte[] at = RandomState.save(r);
        long next = r.nextLong();
        UniformRandomProvider fresh = RandomStreams.reserved(5, RandomStreams.Reserved.TRAINING);
        RandomState.restore(fresh, at);
        assertEquals(next, fresh.nextLong());
    }

    @Test
    void zScoreFloorsOrRefusesConstantColumns() {
        double[] a = {1, 5, 2, 5, 3, 5};
        ZScore z = ZScore.fit(a, 3, 2);
        assertEquals(1.0, z.std()[1], "a constant column gets std 1");
        assertEquals(1.0, z.std()[0], 1e-15);
        assertEquals(2.0, z.mean()[0], 1e-15);
        var e = assertThrows(IllegalArgumentException.class, () -> ZScore.fit(a, 3, 2, false));
        assertTrue(e.getMessage().contains("column 1"), e.getMessage());
    }
}
