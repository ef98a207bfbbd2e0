package org.orrery.simulators.benchmarks.internal;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.plugin.OrreryPlugin;
import org.orrery.simulator.Simulator;
import org.osgi.service.component.annotations.Component;

/**
 * sbibm slcp ("simple likelihood, complex posterior"): θ ~ U(−3, 3)⁵; m = (θ₁, θ₂),
 * s₁ = θ₃², s₂ = θ₄², ρ = tanh θ₅, Σ = [[s₁², ρ s₁ s₂], [ρ s₁ s₂, s₂²]] + 10⁻⁶·I; x is four iid
 * draws from N(m, Σ), flattened draw by draw to 8 numbers.
 *
 * <p>The reference posterior is MCMC on the exact likelihood (see {@link SlcpPosterior}).
 */
@Component(service = Simulator.class)
@OrreryPlugin(id = Slcp.PLUGIN_ID,
        name = "SLCP",
        description = "sbibm task: simple Gaussian likelihood, complex four-mode 5-D posterior")
public final class Slcp extends BenchmarkTask {

    /** The plugin id, stated once: the service property and {@link #id()} both use it. */
    public static final String PLUGIN_ID = "slcp";

    static final int DRAWS = 4;
    static final double BOUND = 3;
    static final double JITTER = 1e-6;

    public Slcp() {
        super(PLUGIN_ID, "SLCP", new UniformBoxPrior(5, -BOUND, BOUND), 2 * DRAWS);
    }

    /** Σ of the likelihood as {Σ₁₁, Σ₁₂, Σ₂₂, det Σ}, det computed without cancellation. */
    static double[] covariance(double[] theta) {
        double s1 = theta[2] * theta[2];
        double s2 = theta[3] * theta[3];
        double rho = Math.tanh(theta[4]);
        double c = Math.cosh(theta[4]);
        double oneMinusRho2 = 1 / (c * c); // 1 − tanh² = sech², exact where ρ → ±1
        double a = s1 * s1 + JITTER;
        double d = s2 * s2 + JITTER;
        double b = rho * s1 * s2;
        double det = s1 * s1 * s2 * s2 * oneMinusRho2 + JITTER * (s1 * s1 + s2 * s2) + JITTER * JITTER;
        return new double[] {a, b, d, det};
    }

    @Override
    public double[] simulate(double[] theta, UniformRandomProvider rng) {
        checkTheta(theta);
        double[] cov = covariance(theta);
        // Cholesky factor of the 2×2 Σ; l22² = det/Σ₁₁ avoids the cancellation in Σ₂₂ − l21².
        double l11 = Math.sqrt(cov[0]);
        double l21 = cov[1] / l11;
        double l22 = Math.sqrt(cov[3] / cov[0]);
        var gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] x = new double[2 * DRAWS];
        for (int j = 0; j < DRAWS; j++) {
            double z1 = gauss.sample();
            double z2 = gauss.sample();
            x[2 * j] = theta[0] + l11 * z1;
            x[2 * j + 1] = theta[1] + l21 * z1 + l22 * z2;
        }
        return x;
    }

    /** log p(x | θ) of the four draws; θ must be in the prior box. */
    static double logLikelihood(double[] theta, double[] x) {
        double[] cov = covariance(theta);
        double det = cov[3];
        double q = 0;
        for (int j = 0; j < DRAWS; j++) {
            double u = x[2 * j] - theta[0];
            double v = x[2 * j + 1] - theta[1];
            q += (cov[2] * u * u - 2 * cov[1] * u * v + cov[0] * v * v) / det;
        }
        return -0.5 * q - DRAWS * (Math.log(2 * Math.PI) + 0.5 * Math.log(det));
    }

    @Override
    public double[][] sampleReferencePosterior(double[] x, int n, UniformRandomProvider rng) {
        checkObservation(x, n);
        return new SlcpPosterior(x).sample(n, rng);
    }
}
