package org.orrery.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.orrery.data.SimulationSet;
import org.orrery.posterior.Posterior;
import org.orrery.validation.Metric;
import org.orrery.validation.Series;
import org.orrery.validation.ValidationResult;
import org.orrery.validation.Validator;

/**
 * The contract every {@link Validator} plugin must meet, as JUnit 5 tests. Extend it and implement
 * {@link #validator()}.
 *
 * <p>Checks, on held-out simulations of a conjugate Gaussian task whose exact posterior is known
 * ({@link ConjugateGaussian}): the result is well formed (check name, summary, uniquely named
 * metrics, series of matching lengths); the exact posterior passes; a posterior shifted by
 * {@link #shift()} posterior standard deviations fails (override {@link #detectsShift()} if your
 * check is not about calibration); the same seed gives the same metrics.
 */
public abstract class ValidatorContract {

    /** The validator under test. */
    protected abstract Validator validator();

    /** Held-out simulations the check runs on. */
    protected int heldOut() {
        return 200;
    }

    /** How far the spoiled posterior is shifted, in posterior standard deviations. */
    protected double shift() {
        return 2.0;
    }

    /** False for a check that is not meant to notice a biased posterior. */
    protected boolean detectsShift() {
        return true;
    }

    private final ConjugateGaussian task = new ConjugateGaussian(2, 0.5);

    private ValidationResult run(Posterior p, long seed) {
        SimulationSet held = task.simulations(heldOut(), 21);
        ValidationResult r = validator().validate(p, held, Streams.seeded(seed));
        assertNotNull(r, "validate must return a result");
        return r;
    }

    @Test
    void idIsANonEmptyIdentifier() {
        String id = validator().id();
        assertNotNull(id);
        assertTrue(id.matches("[A-Za-z_][A-Za-z0-9_]*"), "id must be an identifier, got: " + id);
    }

    @Test
    void resultIsWellFormed() {
        ValidationResult r = run(task.posterior(0, 1), 1);
        assertTrue(r.check() != null && !r.check().isBlank(), "the result must name its check");
        assertTrue(r.summary() != null && !r.summary().isBlank(), "the result needs a one-line summary");
        assertFalse(r.summary().contains("\n"), "the summary must be one line: " + r.summary());
        Set<String> names = new HashSet<>();
        for (Metric m : r.metrics()) {
            assertTrue(names.add(m.name()), "metric names must be unique: " + m.name());
        }
        for (Series s : r.series()) {
            assertEquals(s.x().length, s.y().length, "series " + s.name());
        }
    }

    @Test
    void theExactPosteriorPasses() {
        ValidationResult r = run(task.posterior(0, 1), 2);
        assertTrue(r.passed(), "the exact posterior must pass: " + r.summary());
    }

    @Test
    void aShiftedPosteriorFails() {
        org.junit.jupiter.api.Assumptions.assumeTrue(detectsShift());
        ValidationResult r = run(task.posterior(shift(), 1), 3);
        assertFalse(r.passed(), "a posterior biased by " + shift() + " standard deviations must fail: " + r.summary());
    }

    @Test
    void sameSeedGivesTheSameMetrics() {
        ValidationResult a = run(task.posterior(0.5, 1), 4);
        ValidationResult b = run(task.posterior(0.5, 1), 4);
        assertEquals(a.passed(), b.passed());
        assertEquals(a.metrics().size(), b.metrics().size());
        for (int i = 0; i < a.metrics().size(); i++) {
            Metric x = a.metrics().get(i);
            Metric y = b.metrics().get(i);
            assertEquals(x.name(), y.name());
            assertEquals(Double.doubleToLongBits(x.value()), Double.doubleToLongBits(y.value()),
                    "metric " + x.name() + " differs for the same seed");
        }
    }
}
