package org.orrery.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.orrery.prior.Prior;

/**
 * The contract every {@link Prior} must meet, as JUnit 5 tests. Extend it and implement
 * {@link #prior()}; override {@link #draws()} or {@link #rng(long)} if needed. Checks: the
 * description is not blank; draws have the space's dimension, lie in its bounds and have finite
 * log-density; the density vanishes just past every finite bound; the same seed gives the same
 * draws.
 */
public abstract class PriorContract {

    /** The prior under test. */
    protected abstract Prior prior();

    /** How many draws each test takes. */
    protected int draws() {
        return 1000;
    }

    protected UniformRandomProvider rng(long seed) {
        return Streams.seeded(seed);
    }

    private String who(Prior p) {
        return "prior " + p.describe();
    }

    @Test
    void describesItself() {
        Prior p = prior();
        assertNotNull(p.space(), "space() must not be null");
        String d = p.describe();
        assertTrue(d != null && !d.isBlank(), "describe() must not be blank");
    }

    @Test
    void drawsLieInTheSupportWithFiniteLogDensity() {
        Prior p = prior();
        double[][] thetas = p.sample(rng(1), draws());
        assertEquals(draws(), thetas.length, who(p) + ": sample(rng, n) must return n draws");
        Checks.priorDrawsInSupport(who(p), p, thetas);
    }

    @Test
    void densityVanishesPastFiniteBounds() {
        Prior p = prior();
        Checks.priorVanishesOutsideBounds(who(p), p, p.sample(rng(2)));
    }

    @Test
    void sameSeedGivesTheSameDraws() {
        Prior p = prior();
        double[][] a = p.sample(rng(3), 10);
        double[][] b = p.sample(rng(3), 10);
        for (int i = 0; i < a.length; i++) {
            assertTrue(Checks.bitIdentical(a[i], b[i]), who(p) + ": same seed gave different draw " + i);
        }
    }
}
