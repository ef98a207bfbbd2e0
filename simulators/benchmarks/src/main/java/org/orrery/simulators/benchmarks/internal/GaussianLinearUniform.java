package org.orrery.simulators.benchmarks.internal;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.plugin.OrreryPlugin;
import org.orrery.simulator.Simulator;
import org.osgi.service.component.annotations.Component;

/**
 * sbibm gaussian_linear_uniform: θ ∈ R¹⁰ ~ U(−1, 1)¹⁰, x ~ N(θ, 0.1·I). The posterior factorises
 * into N(x_i, 0.1) truncated to [−1, 1] per component, sampled exactly.
 */
@Component(service = Simulator.class)
@OrreryPlugin(id = GaussianLinearUniform.PLUGIN_ID,
        name = "Gaussian Linear Uniform",
        description = "sbibm task: 10-D uniform prior and Gaussian likelihood, truncated-normal posterior")
public final class GaussianLinearUniform extends BenchmarkTask {

    /** The plugin id, stated once: the service property and {@link #id()} both use it. */
    public static final String PLUGIN_ID = "gaussian_linear_uniform";

    static final int DIM = 10;
    static final double BOUND = 1;
    static final double NOISE_VARIANCE = 0.1;

    public GaussianLinearUniform() {
        super(PLUGIN_ID, "Gaussian Linear Uniform", new UniformBoxPrior(DIM, -BOUND, BOUND), DIM);
    }

    @Override
    public double[] simulate(double[] theta, UniformRandomProvider rng) {
        checkTheta(theta);
        return plusGaussianNoise(theta, NOISE_VARIANCE, rng);
    }

    @Override
    public double[][] sampleReferencePosterior(double[] x, int n, UniformRandomProvider rng) {
        checkObservation(x, n);
        var gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        double std = Math.sqrt(NOISE_VARIANCE);
        double[][] out = new double[n][DIM];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < DIM; i++) {
                out[k][i] = TruncatedNormal.sample(x[i], std, -BOUND, BOUND, gauss, rng);
            }
        }
        return out;
    }
}
