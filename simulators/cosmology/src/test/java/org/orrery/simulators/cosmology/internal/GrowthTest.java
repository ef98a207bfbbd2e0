package org.orrery.simulators.cosmology.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GrowthTest {

    /** Einstein–de Sitter (Ω_m = 1): D = a and f = 1 exactly. */
    @Test
    void einsteinDeSitterGrowsAsA() {
        Growth g = new Growth(new Cosmology(1.0, 0.8, 0.7, 0.05, 0.96));
        for (double a : new double[] {0.01, 0.1, 0.5, 0.9, 1}) {
            assertEquals(a, g.d1(a), 1e-10 * a, "D(a) at a = " + a);
            assertEquals(1, g.f1(a), 1e-10, "f(a) at a = " + a);
        }
    }

    /** f agrees with a finite-difference d ln D / d ln a, and its growth index with the ΛCDM value. */
    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.3, 0.5})
    void growthRateIsTheLogarithmicDerivative(double om) {
        Cosmology c = new Cosmology(om, 0.8, 0.6711, 0.049, 0.9624);
        Growth g = new Growth(c);
        for (double a : new double[] {0.2, 0.5, 2.0 / 3.0, 0.95}) {
            double e = 1e-4;
            double numeric = (Math.log(g.d1(a * Math.exp(e))) - Math.log(g.d1(a * Math.exp(-e)))) / (2 * e);
            assertEquals(numeric, g.f1(a), 1e-7, "f at a = " + a);
            // growth index γ = ln f / ln Ω_m(a): 6/11 ≈ 0.545 as Ω_m(a) → 1, rising slowly as Ω_m(a) falls (≈ 0.555 at Ω_m ≈ 0.3, Linder 2005; ≈ 0.56 near 0.1): a sanity band
            double gamma = Math.log(g.f1(a)) / Math.log(c.omegaM(a));
            assertTrue(gamma > 0.545 && gamma < 0.565, "growth index γ = " + gamma + " at a = " + a + ", Ω_m = " + om);
        }
        assertEquals(1, g.d1(1), 1e-14);
        // deep in matter domination D ∝ a: D(a)/a tends to a constant
        assertEquals(g.d1(1e-3) / 1e-3, g.d1(2e-3) / 2e-3, 1e-5 * g.d1(1e-3) / 1e-3);
    }
}
