package org.orrery.imaging.sampling;

import java.util.function.IntConsumer;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.imaging.ImageGrid;
import org.orrery.imaging.ImagePrior;
import org.orrery.imaging.ImageSamples;
import org.orrery.imaging.model.Likelihood;
import org.orrery.prior.GenerativePrior;

/**
 * Annealed Langevin dynamics for plug-and-play imaging with a score prior (Song &amp; Ermon 2019,
 * with the likelihood gradient added at every level, as in score-based imaging of M87, Feng et al.
 * 2024): noise levels σ_1 &gt; … &gt; σ_K (geometric), step α_k = min(ε σ_k²/σ_K², 0.2/κ) with κ the
 * largest curvature of −log L (power iteration on finite-difference Hessian–vector products at
 * {@code start}), so that the likelihood force never makes a step unstable; at each level
 * {@code stepsPerLevel} updates x ← x + α_k (∇log p_σk(x) − ∇(−log L)(x)) + √(2α_k) z.
 * Each sample is an independent chain from x ~ N(0, σ_1²) around {@code start}; the chains advance in
 * lockstep, so a learned prior scores them as one batch ({@link ImagePrior#scores}). Written only against
 * the prior's score, so a learned score prior drops in. {@code progress} is told each finished level.
 *
 * <p>Learned priors (a trained noise range) are sampled by {@link ProximalDiffusion} instead: on the
 * real closures this sampler's Langevin step is far too large for the likelihood at the prior's
 * step size, and far too small for the prior at the likelihood's (bench/README "Score-based image prior").
 *
 * <p>This is an unadjusted (no Metropolis) sampler: its stationary law at the last level differs
 * from the posterior by O(α_K); tests state the tolerance this gives.
 */
public final class AnnealedLangevin {

    /** Sampler settings. */
    public record Config(int samples, int levels, int stepsPerLevel, double sigmaMax, double sigmaMin, double epsilon) {
        public Config {
            if (samples < 1 || levels < 1 || stepsPerLevel < 1 || !(sigmaMax >= sigmaMin) || !(sigmaMin > 0) || !(epsilon > 0)) {
                throw new IllegalArgumentException("bad annealed Langevin settings: " + samples + " samples, " + levels + " levels, "
                        + stepsPerLevel + " steps, sigma " + sigmaMax + " .. " + sigmaMin + ", epsilon " + epsilon);
            }
        }
    }

    private final Config config;

    public AnnealedLangevin(Config config) {
        this.config = config;
    }

    public ImageSamples sample(GenerativePrior prior, Likelihood likelihood, ImageGrid grid, double[] start,
            UniformRandomProvider rng, IntConsumer progress) {
        int n = grid.size();
        var gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        int m = config.samples();
        double[][] samples = new double[m][n];
        double[] grad = new double[n];
        double kappa = curvature(likelihood, start, rng);
        // all chains advance in lockstep so that a learned prior evaluates its network once per batch
        for (double[] x : samples) {
            for (int i = 0; i < n; i++) {
                x[i] = start[i] + config.sigmaMax() * gauss.sample();
            }
        }
        for (int k = 0; k < config.levels(); k++) {
            double sigma = sigma(k);
            double alpha = Math.min(config.epsilon() * sigma * sigma / (config.sigmaMin() * config.sigmaMin()), 0.2 / kappa);
            double noise = Math.sqrt(2 * alpha);
            for (int t = 0; t < config.stepsPerLevel(); t++) {
                double[][] score = scores(prior, samples, sigma);
                for (int c = 0; c < m; c++) {
                    double[] x = samples[c];
                    likelihood.negLogLikelihood(x, grad);
                    for (int i = 0; i < n; i++) {
                        x[i] += alpha * (score[c][i] - grad[i]) + noise * gauss.sample();
                    }
                }
            }
            if (progress != null) {
                progress.accept(k + 1);
            }
        }
        return ProximalDiffusion.summary(grid, samples);
    }

    private double sigma(int k) {
        return config.levels() == 1 ? config.sigmaMin()
                : config.sigmaMax() * Math.pow(config.sigmaMin() / config.sigmaMax(), k / (double) (config.levels() - 1));
    }

    private static double[][] scores(GenerativePrior prior, double[][] xs, double sigma) {
        if (prior instanceof ImagePrior ip) {
            return ip.scores(xs, sigma);
        }
        double[][] out = new double[xs.length][];
        for (int c = 0; c < xs.length; c++) {
            out[c] = prior.score(xs[c], sigma);
        }
        return out;
    }

    /** Largest eigenvalue of the Hessian of −log L at x (power iteration, finite differences). */
    static double curvature(Likelihood likelihood, double[] x, UniformRandomProvider rng) {
        int n = x.length;
        double scale = 0;
        for (double v : x) {
            scale = Math.max(scale, Math.abs(v));
        }
        double h = 1e-4 * Math.max(scale, 1e-12);
        double[] g0 = new double[n];
        likelihood.negLogLikelihood(x, g0);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble() - 0.5;
        }
        double lambda = 0;
        double[] g1 = new double[n];
        double[] xp = new double[n];
        for (int it = 0; it < 30; it++) {
            double norm = 0;
            for (double c : v) {
                norm += c * c;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                v[i] /= norm;
                xp[i] = x[i] + h * v[i];
            }
            likelihood.negLogLikelihood(xp, g1);
            double dot = 0;
            for (int i = 0; i < n; i++) {
                v[i] = (g1[i] - g0[i]) / h;
                dot += v[i] * v[i];
            }
            lambda = Math.sqrt(dot);
        }
        return Math.max(lambda, 1e-300);
    }
}
