package org.orrery.simulators.benchmarks.internal;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.plugin.OrreryPlugin;
import org.orrery.simulator.Simulator;
import org.osgi.service.component.annotations.Component;

/**
 * sbibm gaussian_mixture: θ ~ U(−10, 10)², x ~ 0.5·N(θ, I) + 0.5·N(θ, 0.01·I).
 *
 * <p>The likelihood is symmetric in θ and x, so the posterior is the same mixture centred on x,
 * truncated to the prior box. Truncating a mixture re-weights its components by their mass in the
 * box, w_k ∝ 0.5·Z_k, after which each component is a product of truncated normals: an exact
 * sampler that, unlike plain rejection, stays efficient for x near or outside the box.
 */
@Component(service = Simulator.class)
@OrreryPlugin(id = GaussianMixture.PLUGIN_ID,
        name = "Gaussian Mixture",
        description = "sbibm task: 2-D mixture of a wide and a narrow Gaussian with a shared mean")
public final class GaussianMixture extends BenchmarkTask {

    /** The plugin id, stated once: the service property and {@link #id()} both use it. */
    public static final String PLUGIN_ID = "gaussian_mixture";

    static final double BOUND = 10;
    static final double WIDE_STD = 1.0;
    static final double NARROW_STD = 0.1;

    public GaussianMixture() {
        super(PLUGIN_ID, "Gaussian Mixture", new UniformBoxPrior(2, -BOUND, BOUND), 2);
    }

    @Override
    public double[] simulate(double[] theta, UniformRandomProvider rng) {
        checkTheta(theta);
        double std = rng.nextBoolean() ? WIDE_STD : NARROW_STD;
        var gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        return new double[] {theta[0] + std * gauss.sample(), theta[1] + std * gauss.sample()};
    }

    @Override
    public double[][] sampleReferencePosterior(double[] x, int n, UniformRandomProvider rng) {
        checkObservation(x, n);
        double zWide = boxMass(x, WIDE_STD);
        double zNarrow = boxMass(x, NARROW_STD);
        if (!(zWide + zNarrow > 0)) {
            throw new IllegalArgumentException("gaussian_mixture: observation " + java.util.Arrays.toString(x)
                    + " is too far outside the prior box [-10, 10]^2 for its posterior to be computed");
        }
        double pWide = zWide / (zWide + zNarrow);
        ContinuousSampler gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        double[][] out = new double[n][2];
        for (int k = 0; k < n; k++) {
            double std = rng.nextDouble() < pWide ? WIDE_STD : NARROW_STD;
            for (int i = 0; i < 2; i++) {
                out[k][i] = TruncatedNormal.sample(x[i], std, -BOUND, BOUND, gauss, rng);
            }
        }
        return out;
    }

    /** Mass of N(x, std²·I) inside the prior box. */
    static double boxMass(double[] x, double std) {
        double z = 1;
        for (double xi : x) {
            z *= TruncatedNormal.mass((-BOUND - xi) / std, (BOUND - xi) / std);
        }
        return z;
    }
}
