package org.orrery.validation.calibration.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.orrery.posterior.Posterior;
import org.orrery.validation.Metric;
import org.orrery.validation.ValidationResult;

/**
 * Posterior predictive check on gaussian_linear in 3-D, where the exact posterior predictive is
 * N(x_obs/2, (0.05 + 0.1)·I): its p-values are known in closed form.
 */
class PredictiveCheckTest {

    private static final int DIM = 3;
    private static final double PREDICTIVE_STD = Math.sqrt(0.05 + 0.1);

    private static UniformRandomProvider rng(long seed) {
        return RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
    }

    private static double metric(ValidationResult r, String name) {
        return r.metrics().stream().filter(m -> m.name().equals(name)).mapToDouble(Metric::value).findFirst().orElseThrow();
    }

    @Test
    void pValuesMatchTheAnalyticPredictive() {
        double[] observed = {0.6, -0.3, 0.1};
        int draws = 4000;
        ValidationResult r = new PredictiveCheck(GaussianLinear::simulate, draws)
                .check(GaussianLinear.posterior(DIM, 1), observed, rng(3));
        assertEquals("ppc", r.check());
        var normal = new NormalDistribution(null, 0, 1);
        for (int k = 0; k < DIM; k++) {
            double expected = normal.cumulativeProbability((observed[k] - observed[k] / 2) / PREDICTIVE_STD);
            assertEquals(expected, metric(r, "predictive_pvalue_x" + k), 4 * Math.sqrt(0.25 / draws), "component " + k);
        }
        double d2 = 0;
        for (double v : observed) {
            d2 += (v / 2) * (v / 2) / (PREDICTIVE_STD * PREDICTIVE_STD);
        }
        double expected = 1 - new ChiSquaredDistribution(null, DIM).cumulativeProbability(d2);
        assertEquals(expected, metric(r, "mahalanobis_pvalue"), 0.03);
        assertTrue(r.passed(), r.summary());
    }

    @Test
    void passesTheExactPosteriorAndFlagsABiasedOne() {
        // Over 50 observations: the exact posterior almost never fails (posterior predictive p-values
        // are conservative); shifting q by +1 (≈ 2.6 predictive σ per component) fails nearly always.
        UniformRandomProvider r = rng(9);
        var held = GaussianLinear.heldOut(DIM, 50, r);
        Posterior exact = GaussianLinear.posterior(DIM, 1);
        Posterior biased = GaussianLinear.posterior(DIM, 1, 1.0);
        var check = new PredictiveCheck(GaussianLinear::simulate, 500);
        int exactFails = 0;
        int biasedFails = 0;
        for (int i = 0; i < held.size(); i++) {
            exactFails += check.check(exact, held.x(i), r).passed() ? 0 : 1;
            ValidationResult b = check.check(biased, held.x(i), r);
            biasedFails += b.passed() ? 0 : 1;
        }
        System.out.println("ppc failures over 50 observations: exact " + exactFails + ", biased " + biasedFails);
        assertTrue(exactFails <= 2, "exact posterior failed " + exactFails + " of 50");
        assertTrue(biasedFails >= 45, "biased posterior failed only " + biasedFails + " of 50");
    }

    @Test
    void rejectsBadSetups() {
        var e = assertThrows(IllegalArgumentException.class, () -> new PredictiveCheck(GaussianLinear::simulate, 5));
        assertTrue(e.getMessage().contains("5"), e.getMessage());
        var check = new PredictiveCheck((theta, rng) -> new double[2], 100);
        e = assertThrows(IllegalArgumentException.class,
                () -> check.check(GaussianLinear.posterior(DIM, 1), new double[DIM], rng(1)));
        assertTrue(e.getMessage().contains("2 values"), e.getMessage());
        var constant = new PredictiveCheck((theta, rng) -> new double[DIM], 100);
        e = assertThrows(IllegalArgumentException.class,
                () -> constant.check(GaussianLinear.posterior(DIM, 1), new double[DIM], rng(1)));
        assertTrue(e.getMessage().contains("singular"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
