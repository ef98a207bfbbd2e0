package org.orrery.posteriors.interpolant.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.orrery.data.ArraySpec;
import org.orrery.data.SimulationSet;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.posterior.Posterior;

/**
 * FMPE against a closed form: θ ~ U(−3, 3)², x = θ + N(0, 0.3² I), so away from the box edges the
 * posterior is N(x, 0.09 I). From 2000 draws the mean is known to 0.3/√2000 = 0.007 and the
 * standard deviation to 1.6 %; the tolerances (0.05 on the mean, 15 % on the sd) add what a small
 * network trained for seconds may miss, and an untrained or prior-like sampler fails them (prior sd 1.7).
 */
class FmpeEstimatorTest {

    static final double NOISE = 0.3;

    static SimulationSet bank(int n, UniformRandomProvider rng) {
        ParameterSpace space = ParameterSpace.of(new Parameter("a", "", "a", -3, 3), new Parameter("b", "", "b", -3, 3));
        var gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        double[][] th = new double[n][];
        double[][] xs = new double[n][];
        for (int i = 0; i < n; i++) {
            th[i] = new double[] {-3 + 6 * rng.nextDouble(), -3 + 6 * rng.nextDouble()};
            xs[i] = new double[] {th[i][0] + NOISE * gauss.sample(), th[i][1] + NOISE * gauss.sample()};
        }
        return new VectorBank(space, ArraySpec.vector("x", 2), th, xs);
    }

    @Test
    void learnsTheGaussianPosteriorAndSurvivesItsPayload() throws IOException {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(3L);
        FmpeEstimator est = new FmpeEstimator();
        Posterior q = est.train(bank(3000, rng), Map.of("hidden", 64, "layers", 3, "max_epochs", 60, "patience", 60, "batch_size", 100,
                "learning_rate", 2e-3,
                "sampling_steps", 50, "sample_batch", 1000), rng, null);
        double[] x = {0.5, -1.0};
        double[][] s = q.sample(x, 2000, rng);
        assertGaussianPosterior(s, x);
        var bytes = new ByteArrayOutputStream();
        q.write(bytes);
        Posterior back = est.read(new ByteArrayInputStream(bytes.toByteArray()));
        double[][] s1 = q.sample(x, 50, RandomSource.XO_RO_SHI_RO_128_PP.create(9L));
        double[][] s2 = back.sample(x, 50, RandomSource.XO_RO_SHI_RO_128_PP.create(9L));
        for (int i = 0; i < 50; i++) {
            assertEquals(s1[i][0], s2[i][0], 1e-6);
            assertEquals(s1[i][1], s2[i][1], 1e-6);
        }
        assertThrows(UnsupportedOperationException.class, () -> q.logProb(x, x));
        var e = assertThrows(IllegalArgumentException.class, () -> q.sample(new double[] {1, 2, 3}, 5, rng));
        assertTrue(e.getMessage().contains("3 values"), e.getMessage());
    }

    /** sbi's network options (learnable random Fourier time features, Gaussian baseline) train to the same posterior. */
    @Test
    void sbisTimeFeaturesAndGaussianBaselineLearnTheGaussianPosteriorToo() throws IOException {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(5L);
        FmpeEstimator est = new FmpeEstimator();
        // the first test's sizes and schedule (a smaller 48 x 2 network for 40 epochs on 2000 simulations missed the mean by 0.051)
        Posterior q = est.train(bank(3000, rng), Map.of("hidden", 64, "layers", 3, "max_epochs", 60, "patience", 60, "batch_size", 100,
                "learning_rate", 2e-3, "time_features", "fourier", "velocity", "gaussian_baseline", "sample_batch", 1000), rng, null);
        double[] x = {-0.8, 1.2};
        double[][] s = q.sample(x, 2000, rng);
        assertGaussianPosterior(s, x);
        var bytes = new ByteArrayOutputStream();
        q.write(bytes);
        Posterior back = est.read(new ByteArrayInputStream(bytes.toByteArray()));
        double[][] s1 = q.sample(x, 20, RandomSource.XO_RO_SHI_RO_128_PP.create(9L));
        double[][] s2 = back.sample(x, 20, RandomSource.XO_RO_SHI_RO_128_PP.create(9L));
        for (int i = 0; i < 20; i++) {
            assertEquals(s1[i][0], s2[i][0], 1e-6);
        }
    }

    @Test
    void badSettingsAndCorruptPayloadsAreRefusedInOneLine() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(4L);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new FmpeEstimator().train(bank(50, rng), Map.of("hiden", 3), rng, null));
        assertTrue(e.getMessage().contains("hiden"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> new FmpeEstimator().train(bank(50, rng), Map.of("sampler", "rk45"), rng, null));
        assertTrue(e2.getMessage().contains("rk45"), e2.getMessage());
        var e3 = assertThrows(IOException.class, () -> new FmpeEstimator().read(new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 5})));
        assertTrue(e3.getMessage().contains("fmpe"), e3.getMessage());
        assertEquals(List.of("hidden", "layers"), new FmpeEstimator().settings().stream().map(s -> s.name()).toList().subList(0, 2));
    }

    /** The draws' mean is x within 0.05 and their sd the noise within 15 %, per component (the closed-form posterior). */
    private static void assertGaussianPosterior(double[][] s, double[] x) {
        for (int j = 0; j < 2; j++) {
            double m = 0;
            double v = 0;
            for (double[] r : s) {
                m += r[j] / s.length;
            }
            for (double[] r : s) {
                v += (r[j] - m) * (r[j] - m) / (s.length - 1);
            }
            assertEquals(x[j], m, 0.05, "posterior mean of component " + j);
            assertEquals(NOISE, Math.sqrt(v), 0.15 * NOISE, "posterior sd of component " + j);
        }
    }
}
