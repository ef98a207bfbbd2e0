package org.orrery.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.orrery.data.ArraySpec;
import org.orrery.data.Box;
import org.orrery.validation.Series;
import org.orrery.validation.Statistic;

/**
 * The contract every {@link Statistic} plugin must meet, as JUnit 5 tests. Extend it, implement
 * {@link #statistic()} and {@link #input()} (a field or point set the statistic accepts, e.g. a
 * small Gaussian random field), and optionally {@link #rejected()} (a spec it must refuse).
 *
 * <p>Checks: the id is an identifier; it accepts its input's spec; {@code compute} returns
 * non-empty, uniquely named series with finite x, equal lengths and bands around y; it does not
 * modify its input; the same input gives bit-identical output.
 */
public abstract class StatisticContract {

    /** One input the statistic accepts: values (flat, row-major), their spec, velocities (or null), the box. */
    public record Input(double[] values, ArraySpec spec, double[] velocities, Box box) {
    }

    protected abstract Statistic statistic();

    protected abstract Input input();

    /** A spec the statistic must not accept, or null to skip that check. */
    protected ArraySpec rejected() {
        return null;
    }

    private List<Series> compute(Input in) {
        return statistic().compute(in.values(), in.spec(), in.velocities(), in.box());
    }

    @Test
    void idIsANonEmptyIdentifier() {
        String id = statistic().id();
        assertNotNull(id);
        assertTrue(id.matches("[A-Za-z_][A-Za-z0-9_]*"), "id must be an identifier, got: " + id);
    }

    @Test
    void acceptsItsInputAndRefusesWhatItCannotMeasure() {
        assertTrue(statistic().accepts(input().spec()), "must accept " + input().spec());
        ArraySpec bad = rejected();
        if (bad != null) {
            assertFalse(statistic().accepts(bad), "must refuse " + bad);
        }
    }

    @Test
    void computeReturnsWellFormedSeries() {
        List<Series> out = compute(input());
        assertFalse(out.isEmpty(), "compute must return at least one series");
        Set<String> names = new HashSet<>();
        for (Series s : out) {
            assertTrue(s.name() != null && names.add(s.name()), "series names must be present and unique: " + s.name());
            assertTrue(s.x().length > 0, "series " + s.name() + " is empty");
            Checks.assertAllFinite("series " + s.name() + " x", s.x());
            if (s.lower() != null && s.upper() != null) {
                for (int i = 0; i < s.y().length; i++) {
                    assertTrue(!(s.lower()[i] > s.upper()[i]), "series " + s.name() + " band is inverted at " + i);
                }
            }
        }
    }

    @Test
    void computeLeavesItsInputAloneAndIsDeterministic() {
        Input in = input();
        double[] values = in.values().clone();
        double[] velocities = in.velocities() == null ? null : in.velocities().clone();
        List<Series> a = compute(in);
        assertTrue(Checks.bitIdentical(values, in.values()), "compute modified its input values");
        if (velocities != null) {
            assertTrue(Checks.bitIdentical(velocities, in.velocities()), "compute modified its input velocities");
        }
        List<Series> b = compute(in);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).name(), b.get(i).name());
            assertTrue(Checks.bitIdentical(a.get(i).y(), b.get(i).y()), "series " + a.get(i).name() + " differs between runs");
        }
    }
}
