package org.orrery.validation.calibration.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;
import org.orrery.data.ArraySpec;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.prior.Prior;
import org.orrery.simulator.Simulator;
import org.orrery.validation.ValidationResult;

/**
 * The predictive check on a model with a known answer: x = θ + N(0, σ²) per element, flat prior,
 * so the exact posterior is θ ~ N(x_obs, σ²) and the predictive x̃ ~ N(x_obs, 2σ²).
 */
class PipelinePredictiveCheckTest {

    static final double SIGMA = 0.1;

    /** x = θ + N(0, σ²), element-wise, in 3 dimensions. */
    static class Noisy implements Simulator {
        @Override
        public String id() {
            return "noisy";
        }

        @Override
        public Prior prior() {
            throw new UnsupportedOperationException("not needed by the check");
        }

        @Override
        public ParameterSpace parameters() {
            return ParameterSpace.of(Parameter.unbounded("a"), Parameter.unbounded("b"), Parameter.unbounded("c"));
        }

        @Override
        public ArraySpec observable() {
            return ArraySpec.vector("x", 3);
        }

        @Override
        public double[] simulate(double[] theta, UniformRandomProvider rng) {
            var g = ZigguratSampler.NormalizedGaussian.of(rng);
            double[] x = new double[3];
            for (int i = 0; i < 3; i++) {
                x[i] = theta[i] + SIGMA * g.sample();
            }
            return x;
        }
    }

    private static double[][] draws(double[] centre, double sd, int n, long seed) {
        var g = ZigguratSampler.NormalizedGaussian.of(org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
        double[][] d = new double[n][3];
        for (double[] row : d) {
            for (int i = 0; i < 3; i++) {
                row[i] = centre[i] + sd * g.sample();
            }
        }
        return d;
    }

    private static double metric(ValidationResult r, String name) {
        return r.metrics().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow().value();
    }

    @Test
    void exactPosteriorPasses() {
        double[] obs = {0.3, -0.2, 1.0};
        ValidationResult r = PredictiveCheck.run("ppc_1", "obs", new Noisy(), draws(obs, SIGMA, 2000, 1), obs,
                org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP.create(2L));
        assertTrue(r.passed(), r.summary());
        assertEquals(1200, metric(r, "draws"), "4·dims/α draws");
        // x_obs is the centre of its predictive distribution: every p-value is large
        assertTrue(metric(r, "min_pvalue") > 0.5, r.summary());
        assertFalse(r.summary().contains("cannot fail"), r.summary());
    }

    @Test
    void posteriorThatMissesOneElementFails() {
        double[] obs = {0.3, -0.2, 1.0};
        // the posterior puts element 3 at 0.3: x_obs,3 = 1.0 is (1.0 − 0.3)/(√2·0.1) ≈ 5σ out
        ValidationResult r = PredictiveCheck.run("ppc_1", "obs", new Noisy(), draws(new double[] {0.3, -0.2, 0.3}, SIGMA, 2000, 1),
                obs, org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP.create(2L));
        assertFalse(r.passed(), r.summary());
        assertEquals(1, metric(r, "flagged_elements"));
        assertTrue(metric(r, "pvalue_x1") > 0.05 && metric(r, "pvalue_x2") > 0.05);
        assertEquals(2.0 / 1201, metric(r, "pvalue_x3"), 1e-12, "no draw reaches x_obs: the smallest p 1200 draws can give");
    }

    @Test
    void tooFewDrawsAreSaidAndFailingSimulationsAreSkipped() {
        double[] obs = {0.3, -0.2, 1.0};
        ValidationResult few = PredictiveCheck.run("ppc_1", "obs", new Noisy(), draws(obs, SIGMA, 50, 1), obs,
                org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP.create(2L));
        assertTrue(few.summary().contains("cannot fail"), few.summary());

        Simulator broken = new Noisy() {
            @Override
            public double[] simulate(double[] theta, UniformRandomProvider rng) {
                throw new IllegalStateException("solver diverged");
            }
        };
        ValidationResult none = PredictiveCheck.run("ppc_1", "obs", broken, draws(obs, SIGMA, 50, 1), obs,
                org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP.create(2L));
        assertFalse(none.passed());
        assertTrue(none.summary().contains("every one of 50 simulations"), none.summary());
    }
}
