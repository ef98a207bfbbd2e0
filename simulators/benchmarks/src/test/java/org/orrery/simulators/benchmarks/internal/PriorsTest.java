package org.orrery.simulators.benchmarks.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.orrery.prior.Prior;
import org.orrery.testkit.PriorContract;

class PriorsTest {

    @Nested
    class UniformContract extends PriorContract {
        @Override
        protected Prior prior() {
            return new UniformBoxPrior(5, -3, 3);
        }
    }

    @Nested
    class GaussianContract extends PriorContract {
        @Override
        protected Prior prior() {
            return new DiagonalGaussianPrior(10, 0, 0.1);
        }
    }

    @Test
    void uniformDescribesAndNormalises() {
        var p = new UniformBoxPrior(2, -1, 1);
        assertEquals("Uniform(-1, 1)^2", p.describe());
        assertEquals("theta_2", p.space().get(1).name());
        assertEquals("\\theta_{2}", p.space().get(1).latex());
        assertEquals(Math.log(0.25), p.logDensity(new double[] {0.3, -1}), 1e-15);
        assertEquals(Double.NEGATIVE_INFINITY, p.logDensity(new double[] {0.3, 1.0000001}));
        assertEquals(Double.NEGATIVE_INFINITY, p.logDensity(new double[] {0.3}));
        // Draws are uniform: mean 0 and variance (b − a)²/12 = 1/3 per component, 5σ tolerance.
        double[][] d = p.sample(Stats.rng(1), 40_000);
        double[] c = Stats.column(d, 0);
        assertEquals(0, Stats.mean(c), 5 * Math.sqrt(1.0 / 3 / c.length));
        assertEquals(1.0 / 3, Stats.variance(c), 5 * Math.sqrt(4.0 / 45 / c.length));
    }

    @Test
    void gaussianLogDensityAndScoreAreExact() {
        var p = new DiagonalGaussianPrior(3, 0, 0.1);
        assertEquals("Normal(0, var=0.1)^3", p.describe());
        var n = new NormalDistribution(0, Math.sqrt(0.1));
        double[] theta = {0.2, -0.7, 1.3};
        double expected = n.logDensity(0.2) + n.logDensity(-0.7) + n.logDensity(1.3);
        assertEquals(expected, p.logDensity(theta), 1e-12);
        assertArrayEquals(new double[] {-2, 7, -13}, p.score(theta), 1e-12);
        double[] c = Stats.column(p.sample(Stats.rng(2), 40_000), 1);
        assertEquals(0, Stats.mean(c), 5 * Math.sqrt(0.1 / c.length));
        assertEquals(0.1, Stats.variance(c), 5 * 0.1 * Math.sqrt(2.0 / c.length));
    }

    @Test
    void badArgumentsAreRejectedWithTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> new UniformBoxPrior(2, 1, -1));
        assertTrue(e.getMessage().contains("[1.0, -1.0]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DiagonalGaussianPrior(2, 0, -0.1));
        assertTrue(e.getMessage().contains("-0.1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new UniformBoxPrior(0, -1, 1));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
    }
}
