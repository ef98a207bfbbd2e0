package org.orrery.simulators.benchmarks.internal;

import static org.orrery.plugin.PluginProperties.DESCRIPTION;
import static org.orrery.plugin.PluginProperties.ID;
import static org.orrery.plugin.PluginProperties.NAME;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.simulator.Simulator;
import org.osgi.service.component.annotations.Component;

/**
 * sbibm gaussian_linear_uniform: θ ∈ R¹⁰ ~ U(−1, 1)¹⁰, x ~ N(θ, 0.1·I). The posterior factorises
 * into N(x_i, 0.1) truncated to [−1, 1] per component, sampled exactly.
 */
@Component(service = Simulator.class, property = {
    ID + "=gaussian_linear_uniform",
    NAME + "=Gaussian Linear Uniform",
    DESCRIPTION + "=sbibm task: 10-D uniform prior and Gaussian likelihood, truncated-normal posterior"})
public final class GaussianLinearUniform extends BenchmarkTask {

    static final int DIM = 10;
    static final double BOUND = 1;
    static final double NOISE_VARIANCE = 0.1;

    public GaussianLinearUniform() {
        super("gaussian_linear_uniform", "Gaussian Linear Uniform", new UniformBoxPrior(DIM, -BOUND, BOUND), DIM);
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
