package org.orrery.imaging.sampling;

import java.util.function.IntConsumer;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.imaging.ImageGrid;
import org.orrery.imaging.ImagePrior;
import org.orrery.imaging.ImageSamples;
import org.orrery.imaging.model.Likelihood;

/**
 * Plug-and-play posterior sampling with a learned (score-only) prior by denoise, data-proximal step
 * and re-noise (DiffPIR, Zhu et al. 2023, "Denoising Diffusion Models for Plug-and-Play Image
 * Restoration", in the variance-exploding form). At noise levels σ_1 &gt; … &gt; σ_K (geometric) each
 * chain x_k is
 * <ol>
 *   <li>denoised by Tweedie's formula, x̂ = x_k + σ_k² ∇log p_σk(x_k) (one batched network call per
 *       level for all chains), clipped to x̂ ≥ 0 (images are brightness; DDPM's {@code clip_denoised});</li>
 *   <li>moved to the data: x' = argmin_x −log L(x) + ‖x − x̂‖²/(2r_k²), r_k = σ_k / √λ (the spread of
 *       the clean image given x_k in the Gaussian approximation), solved by {@code proxIterations}
 *       L-BFGS iterations with a backtracking line search (the closure likelihood is far too stiff
 *       for a Langevin step of the prior's size: the session before clipped or froze there);</li>
 *   <li>re-noised to the next level, x_{k+1} = x' + σ_{k+1}(√(1−ζ) ε̂ + √ζ z), ε̂ = (x_k − x')/σ_k.</li>
 * </ol>
 * The draws are x' of the last level, clipped to ≥ 0. The randomness of the re-noising gives the
 * spread of the draws; like DPS this approximates the posterior: the proximal step returns the mode
 * of each chain's local posterior rather than a draw from it, so the draws are under-dispersed (on a
 * Gaussian prior and likelihood, ProximalDiffusionTest: the mean right within 0.5 %, the sd 0.65–0.7 of
 * the true one). The clip of x̂ is kept because positivity matters for closure-only data: without it,
 * the synthetic crescent's posterior-mean χ² rose from 1.4 / 12.6 to 11.2 / 37.1 (closure phases / log
 * closure amplitudes; bench/README).
 * <p>Starts. The chains are local: on closure data every chain fits the data (reduced χ² ≈ 1 each), but
 * from different start images they end in different images (on the 2017 M87 data, April 6 lo, a symmetric ring
 * started halfway down at 34, 43 or 54 µas ended at thin-ring diameters of 39, 44 and 50–55 µas), and from the
 * largest noise level the ring size a chain commits to is chance (seed to seed 41–52 µas). So the chains can
 * begin part-way down the ladder ({@link Config#startFraction}), where the start image still shows through
 * and the prior and the data refine it; what they start from then carries into the result (ImageJob starts
 * them from the data's own thin-ring size; bench/README "Score-based image prior").
 */
public final class ProximalDiffusion {

    /**
     * Sampler settings; lambda weights the prior in the proximal step (r_k = σ_k/√λ), zeta the fresh noise per level.
     * {@code startFraction} ∈ [0, 1) is where on the geometric ladder of noise levels the chains begin: 0 at the
     * largest trained σ (the start image is drowned; a fresh diffusion), 0.5 at the geometric middle of the trained
     * range (the start image still shows through; the levels above are skipped).
     */
    public record Config(int samples, int levels, int proxIterations, double lambda, double zeta, double startFraction) {
        public Config {
            if (samples < 1 || levels < 1 || proxIterations < 0 || !(lambda > 0) || !(zeta >= 0 && zeta <= 1)
                    || !(startFraction >= 0 && startFraction < 1)) {
                throw new IllegalArgumentException("bad proximal diffusion settings: " + samples + " samples, " + levels + " levels, "
                        + proxIterations + " proximal iterations, lambda " + lambda + ", zeta " + zeta + ", start fraction " + startFraction);
            }
        }

        /** A fresh diffusion from the largest trained σ. */
        public Config(int samples, int levels, int proxIterations, double lambda, double zeta) {
            this(samples, levels, proxIterations, lambda, zeta, 0);
        }
    }

    private final Config config;

    public ProximalDiffusion(Config config) {
        this.config = config;
    }

    /**
     * @param prior      a prior with a smoothed score and its trained noise range ({@link ImagePrior#sigmaRange})
     * @param likelihood −log L of the data (not inflated: the proximal step works on clean images)
     * @param start      the image the chains start around (x_1 = start + σ_1 z)
     */
    public ImageSamples sample(ImagePrior prior, Likelihood likelihood, ImageGrid grid, double[] start, UniformRandomProvider rng,
            IntConsumer progress) {
        double[] range = prior.sigmaRange();
        if (range == null) {
            throw new IllegalArgumentException("prior " + prior.id() + " has no trained noise range: the proximal diffusion sampler needs a learned prior");
        }
        int n = grid.size();
        int m = config.samples();
        var gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        int first = firstLevel();
        double[][] x = new double[m][n];
        for (double[] xc : x) {
            for (int i = 0; i < n; i++) {
                xc[i] = start[i] + sigma(range, first) * gauss.sample();
            }
        }
        double[][] clean = new double[m][];
        Lbfgs solver = new Lbfgs(n, 10);
        for (int k = first; k < config.levels(); k++) {
            double sigma = sigma(range, k);
            double[][] score = prior.scores(x, sigma);
            double r2 = sigma * sigma / config.lambda();
            for (int c = 0; c < m; c++) {
                double[] xh = new double[n];
                for (int i = 0; i < n; i++) {
                    xh[i] = Math.max(0, x[c][i] + sigma * sigma * score[c][i]);
                }
                double[] xp = xh.clone();
                double[] anchor = xh;
                solver.minimise(xp, config.proxIterations(), (z, g) -> {
                    double f = likelihood.negLogLikelihood(z, g);
                    for (int i = 0; i < n; i++) {
                        double d = z[i] - anchor[i];
                        f += d * d / (2 * r2);
                        g[i] += d / r2;
                    }
                    return f;
                });
                clean[c] = xp;
                if (k + 1 < config.levels()) {
                    double next = sigma(range, k + 1);
                    double keep = Math.sqrt(1 - config.zeta());
                    double fresh = Math.sqrt(config.zeta());
                    for (int i = 0; i < n; i++) {
                        double eps = (x[c][i] - xp[i]) / sigma;
                        x[c][i] = xp[i] + next * (keep * eps + fresh * gauss.sample());
                    }
                }
            }
            if (progress != null) {
                progress.accept(k + 1 - first);
            }
        }
        for (double[] img : clean) {
            for (int i = 0; i < n; i++) {
                img[i] = Math.max(0, img[i]);
            }
        }
        return summary(grid, clean);
    }

    /** The first level run: {@code startFraction} of the way down the ladder. */
    int firstLevel() {
        return (int) Math.round(config.startFraction() * (config.levels() - 1));
    }

    /** Levels each chain passes through. */
    public int levelsRun() {
        return config.levels() - firstLevel();
    }

    private double sigma(double[] range, int k) {
        return config.levels() == 1 ? range[0] : range[1] * Math.pow(range[0] / range[1], k / (double) (config.levels() - 1));
    }

    /** Draws with their per-pixel mean and sample standard deviation (the samplers of this package share it). */
    static ImageSamples summary(ImageGrid grid, double[][] samples) {
        int n = grid.size();
        double[] mean = new double[n];
        for (double[] x : samples) {
            for (int i = 0; i < n; i++) {
                mean[i] += x[i] / samples.length;
            }
        }
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

    /** f(z), its gradient written into g. */
    interface Objective {
        double value(double[] z, double[] g);
    }

    /** Limited-memory BFGS (Nocedal &amp; Wright, Alg. 7.4) with a backtracking Armijo line search; stops early when no step decreases f. */
    static final class Lbfgs {
        private final int n;
        private final int memory;

        Lbfgs(int n, int memory) {
            this.n = n;
            this.memory = memory;
        }

        /** Minimises f from z in place with at most {@code iterations} iterations; returns f at the end. */
        double minimise(double[] z, int iterations, Objective f) {
            double[][] s = new double[memory][n];
            double[][] y = new double[memory][n];
            double[] rho = new double[memory];
            double[] alpha = new double[memory];
            double[] g = new double[n];
            double[] gNew = new double[n];
            double[] d = new double[n];
            double[] zNew = new double[n];
            double fz = f.value(z, g);
            if (!Double.isFinite(fz)) {
                throw new IllegalStateException("proximal step: the objective is not finite at its start");
            }
            int stored = 0;
            int head = 0;
            for (int it = 0; it < iterations; it++) {
                // two-loop recursion: d = −H g
                System.arraycopy(g, 0, d, 0, n);
                for (int j = 0; j < stored; j++) {
                    int idx = Math.floorMod(head - 1 - j, memory);
                    alpha[idx] = rho[idx] * dot(s[idx], d);
                    axpy(-alpha[idx], y[idx], d);
                }
                double gamma = 1;
                if (stored > 0) {
                    int last = Math.floorMod(head - 1, memory);
                    gamma = dot(s[last], y[last]) / dot(y[last], y[last]);
                } else {
                    // no curvature pairs yet: a steepest-descent step as long as z itself (or of unit length at z = 0),
                    // which the line search shortens; a much shorter one leaves y = Δg below the gradient's rounding
                    double gn = Math.sqrt(dot(g, g));
                    double zn = Math.sqrt(dot(z, z));
                    gamma = gn > 0 ? (zn > 0 ? zn : 1) / gn : 1;
                }
                scale(d, gamma);
                for (int j = stored - 1; j >= 0; j--) {
                    int idx = Math.floorMod(head - 1 - j, memory);
                    double beta = rho[idx] * dot(y[idx], d);
                    axpy(alpha[idx] - beta, s[idx], d);
                }
                scale(d, -1);
                double slope = dot(g, d);
                if (!(slope < 0)) {
                    // not a descent direction: restart from steepest descent
                    stored = 0;
                    continue;
                }
                double step = 1;
                double fNew = Double.NaN;
                boolean ok = false;
                for (int ls = 0; ls < 40; ls++) {
                    for (int i = 0; i < n; i++) {
                        zNew[i] = z[i] + step * d[i];
                    }
                    fNew = f.value(zNew, gNew);
                    if (Double.isFinite(fNew) && fNew <= fz + 1e-4 * step * slope) {
                        ok = true;
                        break;
                    }
                    step *= 0.3;
                }
                if (!ok) {
                    if (stored == 0) {
                        break;
                    }
                    stored = 0;
                    continue;
                }
                double sy = 0;
                for (int i = 0; i < n; i++) {
                    s[head][i] = zNew[i] - z[i];
                    y[head][i] = gNew[i] - g[i];
                    sy += s[head][i] * y[head][i];
                }
                if (sy > 1e-300) {
                    rho[head] = 1 / sy;
                    head = (head + 1) % memory;
                    stored = Math.min(stored + 1, memory);
                }
                System.arraycopy(zNew, 0, z, 0, n);
                System.arraycopy(gNew, 0, g, 0, n);
                fz = fNew;
            }
            return fz;
        }

        private static double dot(double[] a, double[] b) {
            double t = 0;
            for (int i = 0; i < a.length; i++) {
                t += a[i] * b[i];
            }
            return t;
        }

        private static void axpy(double a, double[] x, double[] y) {
            for (int i = 0; i < x.length; i++) {
                y[i] += a * x[i];
            }
        }

        private static void scale(double[] x, double a) {
            for (int i = 0; i < x.length; i++) {
                x[i] *= a;
            }
        }
    }
}
