package org.orrery.validation.calibration.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.orrery.data.ArraySpec;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.posterior.Posterior;
import org.orrery.prior.Prior;
import org.orrery.simulator.Simulator;
import org.orrery.validation.Metric;
import org.orrery.validation.ValidationContext;
import org.orrery.validation.ValidationResult;

/**
 * The predictive check as a validator, on gaussian_linear in 3-D, where the exact posterior
 * predictive is N(x_obs/2, (0.05 + 0.1)·I): its p-values are known in closed form.
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

    /** A simulator plugin made of a function, as the validator sees it through the context. */
    static Simulator simulator(BiFunction<double[], UniformRandomProvider, double[]> f) {
        return new Simulator() {
            @Override
            public String id() {
                return "gl";
            }

            @Override
            public Prior prior() {
                throw new UnsupportedOperationException();
            }

            @Override
            public ParameterSpace parameters() {
                return ParameterSpace.of(Parameter.unbounded("a"), Parameter.unbounded("b"), Parameter.unbounded("c"));
            }

            @Override
            public ArraySpec observable() {
                return ArraySpec.vector("x", DIM);
            }

            @Override
            public double[] simulate(double[] theta, UniformRandomProvider rng) {
                return f.apply(theta, rng);
            }
        };
    }

    private static ValidationContext context(BiFunction<double[], UniformRandomProvider, double[]> f, double[] x) {
        return new ValidationContext(Optional.of(simulator(f)), List.of(new ValidationContext.Observed("obs", x)));
    }

    private static ValidationResult check(PredictiveCheck c, Posterior q, BiFunction<double[], UniformRandomProvider, double[]> f,
            double[] x, UniformRandomProvider rng) {
        return c.validate(q, null, context(f, x), rng);
    }

    @Test
    void pValuesMatchTheAnalyticPredictive() {
        double[] observed = {0.6, -0.3, 0.1};
        ValidationResult r = check(new PredictiveCheck(4000), GaussianLinear.posterior(DIM, 1), GaussianLinear::simulate,
                observed, rng(3));
        assertEquals("ppc", r.check());
        int draws = (int) metric(r, "draws");
        assertEquals(1200, draws, "4·dims/alpha draws for a 3-element observable");
        var normal = new NormalDistribution(null, 0, 1);
        for (int k = 0; k < DIM; k++) {
            double phi = normal.cumulativeProbability((observed[k] - observed[k] / 2) / PREDICTIVE_STD);
            double expected = 2 * Math.min(phi, 1 - phi);
            assertEquals(expected, metric(r, "pvalue_x" + (k + 1)), 8 * Math.sqrt(0.25 / draws), "component " + k);
        }
        double d2 = 0;
        for (double v : observed) {
            d2 += (v / 2) * (v / 2) / (PREDICTIVE_STD * PREDICTIVE_STD);
        }
        double expected = 1 - new ChiSquaredDistribution(null, DIM).cumulativeProbability(d2);
        assertEquals(expected, metric(r, "mahalanobis_pvalue"), 0.04);
        assertTrue(r.passed(), r.summary());
    }

    @Test
    void passesTheExactPosteriorAndFlagsABiasedOne() {
        // Over 50 observations: the exact posterior almost never fails (posterior predictive p-values
        // are conservative); shifting q by +2 (≈ 5 predictive σ per component) fails nearly always.
        UniformRandomProvider r = rng(9);
        var held = GaussianLinear.heldOut(DIM, 50, r);
        Posterior exact = GaussianLinear.posterior(DIM, 1);
        Posterior biased = GaussianLinear.posterior(DIM, 1, 2.0);
        var check = new PredictiveCheck(2000); // 1200 draws used: enough to reach p < 0.01/3
        int exactFails = 0;
        int biasedFails = 0;
        for (int i = 0; i < held.size(); i++) {
            exactFails += check(check, exact, GaussianLinear::simulate, held.x(i), r).passed() ? 0 : 1;
            biasedFails += check(check, biased, GaussianLinear::simulate, held.x(i), r).passed() ? 0 : 1;
        }
        System.out.println("ppc failures over 50 observations: exact " + exactFails + ", biased " + biasedFails);
        assertTrue(exactFails <= 2, "exact posterior failed " + exactFails + " of 50");
        assertTrue(biasedFails >= 45, "biased posterior failed only " + biasedFails + " of 50");
    }

    @Test
    void badSetupsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> new PredictiveCheck(0));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new PredictiveCheck(Map.of("draws", "many")));
        assertTrue(e.getMessage().contains("draws = many"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new PredictiveCheck(100).validate(GaussianLinear.posterior(DIM, 1), null, rng(1)));
        assertTrue(e.getMessage().startsWith("ppc needs the simulator and an observation"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PredictiveCheck(100)
                .validate(GaussianLinear.posterior(DIM, 1), null, ValidationContext.none(), rng(1)));
        assertTrue(e.getMessage().contains("simulator"), e.getMessage());
        // a simulator that returns the wrong size never gives a usable draw: the check fails and says why
        ValidationResult wrong = check(new PredictiveCheck(100), GaussianLinear.posterior(DIM, 1), (t, g) -> new double[2],
                new double[DIM], rng(1));
        assertFalse(wrong.passed());
        assertTrue(wrong.summary().contains("failed"), wrong.summary());
        // a constant simulator has a singular predictive covariance: no joint p-value, no crash
        ValidationResult constant = check(new PredictiveCheck(100), GaussianLinear.posterior(DIM, 1), (t, g) -> new double[DIM],
                new double[DIM], rng(1));
        assertTrue(constant.metrics().stream().noneMatch(m -> m.name().equals("mahalanobis_pvalue")));
    }
}
