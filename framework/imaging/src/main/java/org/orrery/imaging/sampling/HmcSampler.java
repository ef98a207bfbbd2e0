package org.orrery.imaging.sampling;

import java.util.function.IntConsumer;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.imaging.ImageGrid;
import org.orrery.imaging.ImagePrior;
import org.orrery.imaging.ImageSamples;
import org.orrery.imaging.model.Likelihood;

/**
 * Hamiltonian Monte Carlo for an image posterior p(I | data) ∝ p(I) L(I), for priors with a finite
 * {@link ImagePrior#logDensity} and its score at σ = 0. Positive priors are sampled in log pixels.
 *
 * <p>Start: each candidate start image refined by {@code optimiseSteps} Adam steps on U, and the
 * chain starts from the one of lowest U. Closure-only posteriors are multimodal (the sparse (u, v)
 * coverage admits "ghost" images: copies of the source shifted along the sidelobes of the
 * coverage, which fit the closures as well), and one start can leave the chain in a mode of much
 * higher U than the source's; several starts, judged by U alone, guard against that.
 * Warm-up: step size by Robbins–Monro on the acceptance rate toward {@code targetAccept}, and a
 * diagonal mass matrix from the variance of the second half of the warm-up draws. Each iteration
 * takes a jittered number of leapfrog steps (uniform in [L/2, L]) and a Metropolis test, so the
 * chain targets the posterior exactly.
 */
public final class HmcSampler {

    /** Sampler settings. */
    public record Config(int warmup, int samples, int thin, int leapfrog, double targetAccept, int optimiseSteps) {
        public Config {
            if (warmup < 10 || samples < 1 || thin < 1 || leapfrog < 1 || !(targetAccept > 0 && targetAccept < 1) || optimiseSteps < 0) {
                throw new IllegalArgumentException("bad HMC settings: warmup " + warmup + ", samples " + samples + ", thin " + thin
                        + ", leapfrog " + leapfrog + ", target acceptance " + targetAccept + ", optimise " + optimiseSteps);
            }
        }

        public static Config defaults(int samples) {
            return new Config(400, samples, 2, 24, 0.75, 600);
        }
    }

    private final Config config;

    public HmcSampler(Config config) {
        this.config = config;
    }

    private double[] startEnergies = new double[0];
    private int chosenStart = -1;

    public ImageSamples sample(ImagePrior prior, Likelihood likelihood, ImageGrid grid, double[] start,
            UniformRandomProvider rng, IntConsumer progress) {
        return sample(prior, likelihood, grid, java.util.List.of(start), rng, progress);
    }

    /** U after the Adam refinement of each start of the last {@link #sample} call (NaN where not finite). */
    public double[] startEnergies() {
        return startEnergies.clone();
    }

    /** Index of the start the last chain began from. */
    public int chosenStart() {
        return chosenStart;
    }

    /** As {@link #sample(ImagePrior, Likelihood, ImageGrid, double[], UniformRandomProvider, IntConsumer)} from the best of several starts. */
    public ImageSamples sample(ImagePrior prior, Likelihood likelihood, ImageGrid grid, java.util.List<double[]> starts,
            UniformRandomProvider rng, IntConsumer progress) {
        if (starts.isEmpty()) {
            throw new IllegalArgumentException("HMC needs at least one start image");
        }
        Posterior post = new Posterior(prior, likelihood);
        int n = grid.size();
        double[] grad = new double[n];
        double[] z = null;
        double u = Double.POSITIVE_INFINITY;
        startEnergies = new double[starts.size()];
        chosenStart = -1;
        for (int k = 0; k < starts.size(); k++) {
            double[] zk = post.coordinates(starts.get(k));
            double uk;
            try {
                Adam.minimise(post, zk, config.optimiseSteps());
                uk = post.energy(zk, grad);
            } catch (IllegalStateException e) {
                uk = Double.NaN;
            }
            startEnergies[k] = Double.isFinite(uk) ? uk : Double.NaN;
            if (Double.isFinite(uk) && uk < u) {
                u = uk;
                z = zk;
                chosenStart = k;
            }
        }
        if (z == null) {
            throw new IllegalStateException("the posterior energy is not finite at any starting image");
        }
        u = post.energy(z, grad);
        var gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] invMass = new double[n];
        java.util.Arrays.fill(invMass, 1);
        double eps = initialStep(post, z, grad, u);
        double[] mean = new double[n];
        double[] m2 = new double[n];
        int varCount = 0;
        int total = config.warmup() + config.samples() * config.thin();
        double[][] samples = new double[config.samples()][];
        double[] sumImg = new double[n];
        double[] sumImg2 = new double[n];
        int accepted = 0;
        double[] p = new double[n];
        double[] zNew = new double[n];
        double[] gNew = new double[n];
        for (int it = 0; it < total; it++) {
            boolean warm = it < config.warmup();
            for (int i = 0; i < n; i++) {
                p[i] = gauss.sample() / Math.sqrt(invMass[i]);
            }
            double k0 = kinetic(p, invMass);
            System.arraycopy(z, 0, zNew, 0, n);
            System.arraycopy(grad, 0, gNew, 0, n);
            int steps = config.leapfrog() / 2 + rng.nextInt(config.leapfrog() - config.leapfrog() / 2 + 1);
            double uNew = u;
            boolean finite = true;
            for (int s = 0; s < steps && finite; s++) {
                for (int i = 0; i < n; i++) {
                    p[i] -= 0.5 * eps * gNew[i];
                    zNew[i] += eps * invMass[i] * p[i];
                }
                uNew = post.energy(zNew, gNew);
                finite = Double.isFinite(uNew);
                for (int i = 0; i < n && finite; i++) {
                    p[i] -= 0.5 * eps * gNew[i];
                }
            }
            double logAccept = finite ? (u + k0) - (uNew + kinetic(p, invMass)) : Double.NEGATIVE_INFINITY;
            double a = Math.min(1, Math.exp(logAccept));
            if (Double.isNaN(a)) {
                a = 0;
            }
            if (rng.nextDouble() < a) {
                System.arraycopy(zNew, 0, z, 0, n);
                System.arraycopy(gNew, 0, grad, 0, n);
                u = uNew;
                if (!warm) {
                    accepted++;
                }
            }
            if (warm) {
                eps *= Math.exp((a - config.targetAccept()) / Math.sqrt(it + 1.0) * 1.5);
                if (it >= config.warmup() / 2) {
                    varCount++;
                    for (int i = 0; i < n; i++) {
                        double d = z[i] - mean[i];
                        mean[i] += d / varCount;
                        m2[i] += d * (z[i] - mean[i]);
                    }
                }
                if (it == config.warmup() - 1 && varCount > 10) {
                    double avg = 0;
                    for (int i = 0; i < n; i++) {
                        invMass[i] = Math.max(m2[i] / (varCount - 1), 1e-30);
                        avg += invMass[i];
                    }
                    avg /= n;
                    // a new metric changes the scale: restart the step size at a comparable length
                    eps = eps / Math.sqrt(avg);
                    for (int t = 0; t < 30; t++) {
                        eps *= quickAccept(post, z, grad, u, eps, invMass, rng, gauss) > config.targetAccept() ? 1.1 : 0.85;
                    }
                }
            } else if ((it - config.warmup() + 1) % config.thin() == 0) {
                int k = (it - config.warmup() + 1) / config.thin() - 1;
                samples[k] = post.image(z);
                for (int i = 0; i < n; i++) {
                    sumImg[i] += samples[k][i];
                    sumImg2[i] += samples[k][i] * samples[k][i];
                }
            }
            if (progress != null) {
                progress.accept(it + 1);
            }
        }
        int m = config.samples();
        double[] avg = new double[n];
        double[] sd = new double[n];
        for (int i = 0; i < n; i++) {
            avg[i] = sumImg[i] / m;
            sd[i] = m > 1 ? Math.sqrt(Math.max(0, (sumImg2[i] - m * avg[i] * avg[i]) / (m - 1))) : 0;
        }
        return new ImageSamples(grid, samples, avg, sd, accepted / (double) (config.samples() * config.thin()));
    }

    public int iterations() {
        return config.warmup() + config.samples() * config.thin();
    }

    private static double kinetic(double[] p, double[] invMass) {
        double k = 0;
        for (int i = 0; i < p.length; i++) {
            k += 0.5 * p[i] * p[i] * invMass[i];
        }
        return k;
    }

    /** Acceptance probability of one leapfrog step of size eps from z (no state change). */
    private static double quickAccept(Posterior post, double[] z, double[] grad, double u, double eps, double[] invMass,
            UniformRandomProvider rng, ZigguratSampler.NormalizedGaussian gauss) {
        int n = z.length;
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = gauss.sample() / Math.sqrt(invMass[i]);
        }
        double k0 = kinetic(p, invMass);
        double[] z1 = new double[n];
        double[] g1 = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] -= 0.5 * eps * grad[i];
            z1[i] = z[i] + eps * invMass[i] * p[i];
        }
        double u1 = post.energy(z1, g1);
        if (!Double.isFinite(u1)) {
            return 0;
        }
        for (int i = 0; i < n; i++) {
            p[i] -= 0.5 * eps * g1[i];
        }
        double a = Math.exp(Math.min(0, (u + k0) - (u1 + kinetic(p, invMass))));
        return Double.isNaN(a) ? 0 : a;
    }

    private static double initialStep(Posterior post, double[] z, double[] grad, double u) {
        double g2 = 0;
        for (double v : grad) {
            g2 += v * v;
        }
        return Math.min(0.1, 0.1 / Math.sqrt(g2 / grad.length + 1e-12));
    }
}
