package org.orrery.imaging.sampling;

import java.util.function.DoubleFunction;
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
 * <p>Learned-prior variant (config {@code tempered}; {@link #sample(GenerativePrior, DoubleFunction, ImageGrid,
 * double[], UniformRandomProvider, IntConsumer)}): a learned score is only good over its trained
 * noise levels, so the step follows the prior, α_k = ε σ_k²/σ_K², and the likelihood at level k is
 * that of the σ_k-noisy image (data σ inflated by the image noise, supplied by the caller), so it
 * phases itself in as σ_k falls (annealed-likelihood posterior sampling, Jalal et al. 2021); the
 * step is capped by that likelihood's curvature at the chains, and each chain's likelihood drift is
 * clipped to the noise step. (The session before weighted a fixed likelihood by min(1, 0.2/(κα))
 * with κ taken at the start image, where the closure terms' curvature is ~10¹⁸ because a 60 µas
 * Gaussian has |V| ~ 10⁻⁹ Jy on the long baselines: the weight was ~10⁻¹⁶ to 10⁻⁹ at every level,
 * so the real data were ignored.)
 *
 * <p>This is an unadjusted (no Metropolis) sampler: its stationary law at the last level differs
 * from the posterior by O(α_K); tests state the tolerance this gives.
 */
public final class AnnealedLangevin {

    /** Sampler settings. */
    public record Config(int samples, int levels, int stepsPerLevel, double sigmaMax, double sigmaMin, double epsilon, boolean tempered,
            int finalSteps, int likelihoodSubsteps) {

        /** No extra steps at the last level, one likelihood step per prior step. */
        public Config(int samples, int levels, int stepsPerLevel, double sigmaMax, double sigmaMin, double epsilon, boolean tempered) {
            this(samples, levels, stepsPerLevel, sigmaMax, sigmaMin, epsilon, tempered, 0, 1);
        }

        /** The untempered sampler: α_k capped at 0.2/κ, the full likelihood at every level. */
        public Config(int samples, int levels, int stepsPerLevel, double sigmaMax, double sigmaMin, double epsilon) {
            this(samples, levels, stepsPerLevel, sigmaMax, sigmaMin, epsilon, false);
        }

        public Config {
            if (samples < 1 || levels < 1 || stepsPerLevel < 1 || finalSteps < 0 || likelihoodSubsteps < 1 || !(sigmaMax >= sigmaMin) || !(sigmaMin > 0) || !(epsilon > 0)) {
                throw new IllegalArgumentException("bad annealed Langevin settings: " + samples + " samples, " + levels + " levels, "
                        + stepsPerLevel + " steps, sigma " + sigmaMax + " .. " + sigmaMin + ", epsilon " + epsilon);
            }
        }
    }

    private final Config config;
    private double lastWeight = Double.NaN;
    private double lastClipped = Double.NaN;
    private double lastStepRatio = Double.NaN;

    public AnnealedLangevin(Config config) {
        this.config = config;
    }

    public ImageSamples sample(GenerativePrior prior, Likelihood likelihood, ImageGrid grid, double[] start,
            UniformRandomProvider rng, IntConsumer progress) {
        if (config.tempered()) {
            return sample(prior, sigma -> likelihood, grid, start, rng, progress);
        }
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
            lastWeight = 1;
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
        return summary(grid, samples);
    }

    /**
     * The sampler for learned priors (config {@code tempered}): at noise level σ_k the likelihood is
     * {@code likelihoodAt.apply(σ_k)}, the likelihood of the data given the σ_k-noisy image (the
     * caller inflates the data σ by the image noise propagated to the data, so it phases itself in
     * as σ_k falls and is the plain likelihood at σ_K). The step is the prior's, ε σ_k²/σ_K², capped
     * at 0.2/κ_k with κ_k the largest curvature of that likelihood at the chains' current mean (power
     * iteration), so that neither term makes a step unstable; and as a last guard a chain's
     * likelihood drift α‖∇ log L‖ is clipped to the length of the step's noise √(2αn) (the closure
     * terms' gradients grow as 1/|V| where a chain's model visibility passes near zero). Clipped
     * updates are counted ({@link #clippedFraction}).
     */
    public ImageSamples sample(GenerativePrior prior, DoubleFunction<Likelihood> likelihoodAt, ImageGrid grid, double[] start,
            UniformRandomProvider rng, IntConsumer progress) {
        int n = grid.size();
        var gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        int m = config.samples();
        double[][] samples = new double[m][n];
        double[] grad = new double[n];
        for (double[] x : samples) {
            for (int i = 0; i < n; i++) {
                x[i] = start[i] + config.sigmaMax() * gauss.sample();
            }
        }
        long clipped = 0;
        long updates = 0;
        for (int k = 0; k < config.levels(); k++) {
            double sigma = sigma(k);
            Likelihood likelihood = likelihoodAt.apply(sigma);
            double alphaPrior = config.epsilon() * sigma * sigma / (config.sigmaMin() * config.sigmaMin());
            // no cap by the likelihood's curvature here: on real closures it is set by the visibilities nearest a null
            // (at the chains' mean it cut the last step to 0.15 % of the prior's and froze the chains); the clip guards instead
            double alpha = alphaPrior;
            lastWeight = 1;
            lastStepRatio = alpha / alphaPrior;
            int steps = config.stepsPerLevel() + (k == config.levels() - 1 ? config.finalSteps() : 0);
            for (int t = 0; t < steps; t++) {
                double[][] score = scores(prior, samples, sigma);
                for (int c = 0; c < m; c++) {
                    double[] x = samples[c];
                    // the network's score is the expensive part: with likelihoodSubsteps = J > 1 it is held
                    // for J sub-steps of α/J each (likelihood gradient fresh at each), a split step
                    double a = alpha / config.likelihoodSubsteps();
                    double nz = Math.sqrt(2 * a);
                    double md = nz * Math.sqrt(n);
                    for (int j = 0; j < config.likelihoodSubsteps(); j++) {
                        likelihood.negLogLikelihood(x, grad);
                        double g2 = 0;
                        for (double g : grad) {
                            g2 += g * g;
                        }
                        double drift = a * Math.sqrt(g2);
                        double shrink = 1;
                        if (drift > md) {
                            shrink = md / drift;
                            clipped++;
                        }
                        updates++;
                        for (int i = 0; i < n; i++) {
                            x[i] += a * (score[c][i] - shrink * grad[i]) + nz * gauss.sample();
                        }
                    }
                }
            }
            if (progress != null) {
                progress.accept(k + 1);
            }
        }
        lastClipped = updates == 0 ? 0 : clipped / (double) updates;
        return summary(grid, samples);
    }

    private double sigma(int k) {
        return config.levels() == 1 ? config.sigmaMin()
                : config.sigmaMax() * Math.pow(config.sigmaMin() / config.sigmaMax(), k / (double) (config.levels() - 1));
    }

    private static double[] mean(double[][] xs) {
        double[] mean = new double[xs[0].length];
        for (double[] x : xs) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += x[i] / xs.length;
            }
        }
        return mean;
    }

    private static ImageSamples summary(ImageGrid grid, double[][] samples) {
        int n = grid.size();
        double[] mean = mean(samples);
        double[] sd = new double[n];
        for (double[] x : samples) {
            for (int i = 0; i < n; i++) {
                sd[i] += (x[i] - mean[i]) * (x[i] - mean[i]);
            }
        }
        for (int i = 0; i < n; i++) {
            sd[i] = samples.length > 1 ? Math.sqrt(sd[i] / (samples.length - 1)) : 0;
        }
        return new ImageSamples(grid, samples, mean, sd, Double.NaN);
    }

    /** Fraction of chain updates of the last learned-prior run whose likelihood drift was clipped. */
    public double clippedFraction() {
        return lastClipped;
    }

    /** At the last noise level of the last learned-prior run: the step used over the prior's step (1 = not capped by the likelihood). */
    public double lastStepRatio() {
        return lastStepRatio;
    }

    /** The likelihood weight at the last noise level of the last run: always 1 (the likelihood is never tempered by a weight). */
    public double lastLikelihoodWeight() {
        return lastWeight;
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
