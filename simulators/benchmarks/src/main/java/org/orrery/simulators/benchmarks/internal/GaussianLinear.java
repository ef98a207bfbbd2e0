package org.orrery.simulators.benchmarks.internal;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.plugin.OrreryPlugin;
import org.orrery.simulator.Simulator;
import org.osgi.service.component.annotations.Component;

/**
 * sbibm gaussian_linear: θ ∈ R¹⁰ ~ N(0, 0.1·I), x ~ N(θ, 0.1·I) (0.1 are variances). The posterior
 * is N(x/2, 0.05·I): precisions add, 10 + 10 = 20.
 */
@Component(service = Simulator.class)
@OrreryPlugin(id = GaussianLinear.PLUGIN_ID,
        name = "Gaussian Linear",
        description = "sbibm task: 10-D Gaussian prior and Gaussian likelihood, analytic posterior")
public final class GaussianLinear extends BenchmarkTask {

    /** The plugin id, stated once: the service property and {@link #id()} both use it. */
    public static final String PLUGIN_ID = "gaussian_linear";

    static final int DIM = 10;
    static final double PRIOR_VARIANCE = 0.1;
    static final double NOISE_VARIANCE = 0.1;
    static final double POSTERIOR_VARIANCE = 1 / (1 / PRIOR_VARIANCE + 1 / NOISE_VARIANCE);

    public GaussianLinear() {
        super(PLUGIN_ID, "Gaussian Linear", new DiagonalGaussianPrior(DIM, 0, PRIOR_VARIANCE), DIM);
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
        double std = Math.sqrt(POSTERIOR_VARIANCE);
        double[][] out = new double[n][DIM];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < DIM; i++) {
                // Posterior mean Σ_post·Σ_noise⁻¹·x with a zero prior mean.
                out[k][i] = POSTERIOR_VARIANCE / NOISE_VARIANCE * x[i] + std * gauss.sample();
            }
        }
        return out;
    }
}
