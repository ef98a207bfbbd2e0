package org.orrery.imaging.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.orrery.imaging.ImagePrior;
import org.orrery.imaging.ImageSamples;
import org.orrery.imaging.model.Dft;
import org.orrery.imaging.model.Likelihood;
import org.orrery.imaging.model.Terms;

/**
 * The learned-prior sampler against a closed form (its mean; its spread is under-dispersed and the test states by how much), and its proximal solver against an exact minimiser.
 * The prior is {@link HmcStartTest.White} (independent N(0.1, 0.05²) pixels on 4 × 4, whose smoothed
 * score is exact) given a trained noise range, so it stands in for a learned prior; the likelihood is a
 * total-flux measurement 2.4 ± 0.12 Jy against the prior's 1.6 ± 0.2 Jy. Posterior: the flux
 * S ~ N(2.188, 0.103²), each pixel's mean 0.1 + (2.188 − 1.6)/16 = 0.1368, and the pixels' deviations
 * from their own mean keep the prior's sd 0.05.
 */
class ProximalDiffusionTest {

    /** The white prior with a trained noise range, as a learned prior reports it. */
    static final class Learned implements ImagePrior {
        private final HmcStartTest.White white = new HmcStartTest.White();

        @Override
        public ImagePrior on(org.orrery.imaging.ImageGrid g, double totalFluxJy) {
            return this;
        }

        @Override
        public String id() {
            return "learned-white";
        }

        @Override
        public org.orrery.data.ArraySpec field() {
            return white.field();
        }

        @Override
        public double[] sample(org.apache.commons.rng.UniformRandomProvider rng) {
            return white.sample(rng);
        }

        @Override
        public double[] score(double[] f, double sigma) {
            return white.score(f, sigma);
        }

        @Override
        public boolean smoothedScore() {
            return true;
        }

        @Override
        public double[] sigmaRange() {
            return new double[] {1e-3, 0.5};
        }
    }

    static Likelihood flux() {
        Likelihood lik = new Likelihood(new Dft(HmcStartTest.GRID, new double[0], new double[0]));
        lik.add(Terms.totalFlux(2.4, 0.05));
        return lik;
    }

    @Test
    void drawsMatchTheClosedFormPosterior() {
        int m = 400;
        ProximalDiffusion pd = new ProximalDiffusion(new ProximalDiffusion.Config(m, 30, 30, 1, 1));
        ImageSamples s = pd.sample(new Learned(), flux(), HmcStartTest.GRID, HmcStartTest.start(0.1), RandomSource.SPLIT_MIX_64.create(3L), null);
        double[] sums = Arrays.stream(s.samples()).mapToDouble(x -> Arrays.stream(x).sum()).toArray();
        double mean = Arrays.stream(sums).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(sums).map(v -> (v - mean) * (v - mean)).sum() / (m - 1));
        double dev = 0;
        for (double[] x : s.samples()) {
            double mu = Arrays.stream(x).average().orElseThrow();
            for (double v : x) {
                dev += (v - mu) * (v - mu);
            }
        }
        double devSd = Math.sqrt(dev / (m * 15.0));
        System.out.printf("proximal diffusion vs closed form: flux %.4f (2.188), flux sd %.4f (0.103), pixel deviation sd %.4f (0.05)%n", mean, sd, devSd);
        // the mean: 400 draws give a Monte Carlo error of 0.005 Jy; measured 2.199
        assertEquals(2.188, mean, 0.03);
        // the spread: the proximal step returns the mode of each chain's local posterior, not a draw from it, so the
        // sampler is under-dispersed (measured 0.65 and 0.68 of the true sd at seed 3); stated: between 0.5 and 1.0 of it
        assertTrue(sd > 0.5 * 0.103 && sd < 0.103, "flux sd " + sd);
        assertTrue(devSd > 0.5 * 0.05 && devSd < 0.05, "pixel deviation sd " + devSd);
    }

    /**
     * Chains that begin halfway down the noise ladder (the job's setting for learned priors) from a start far from the
     * posterior (flux 0.8 Jy against 2.188) end near the closed-form mean on this unimodal problem: measured 2.144 at
     * seed 3, so 3 % of the start's offset remains in the mean (Monte Carlo error 0.005); asserted: under 10 %. Where
     * the posterior has several modes the start decides between them (ProximalDiffusion's class comment).
     */
    @Test
    void chainsStartedHalfwayDownForgetAFarStartOnAUnimodalPosterior() {
        int m = 200;
        ProximalDiffusion pd = new ProximalDiffusion(new ProximalDiffusion.Config(m, 60, 30, 1, 1, 0.5));
        assertEquals(30, pd.levelsRun());
        ImageSamples s = pd.sample(new Learned(), flux(), HmcStartTest.GRID, HmcStartTest.start(0.05), RandomSource.SPLIT_MIX_64.create(3L), null);
        double mean = Arrays.stream(s.samples()).mapToDouble(x -> Arrays.stream(x).sum()).average().orElseThrow();
        System.out.printf("proximal diffusion from halfway, far start: flux %.4f (2.188)%n", mean);
        assertTrue(Math.abs(mean - 2.188) < 0.1 * (2.188 - 0.8), "flux " + mean);
    }

    @Test
    void aStartFractionOutsideZeroToOneIsRefusedWithTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ProximalDiffusion.Config(2, 3, 3, 1, 1, 1.0));
        assertTrue(e.getMessage().contains("start fraction 1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ProximalDiffusion.Config(2, 3, 3, 1, 1, -0.1));
        assertEquals(3, new ProximalDiffusion(new ProximalDiffusion.Config(2, 3, 3, 1, 1)).levelsRun());
    }

    @Test
    void theProximalSolverFindsTheMinimumOfAnIllConditionedQuadratic() {
        int n = 50;
        double[] h = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            h[i] = Math.pow(10, 3.0 * i / (n - 1));
            b[i] = Math.sin(i + 1.0);
        }
        double[] z = new double[n];
        new ProximalDiffusion.Lbfgs(n, 10).minimise(z, 300, (x, g) -> {
            double f = 0;
            for (int i = 0; i < n; i++) {
                f += 0.5 * h[i] * x[i] * x[i] - b[i] * x[i];
                g[i] = h[i] * x[i] - b[i];
            }
            return f;
        });
        double worst = 0;
        for (int i = 0; i < n; i++) {
            worst = Math.max(worst, Math.abs(z[i] - b[i] / h[i]) / Math.abs(b[i] / h[i]));
        }
        assertTrue(worst < 1e-4, "worst relative error " + worst);
    }

    @Test
    void aPriorWithoutATrainedNoiseRangeIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ProximalDiffusion(new ProximalDiffusion.Config(2, 3, 3, 1, 1))
                .sample(new HmcStartTest.White(), flux(), HmcStartTest.GRID, HmcStartTest.start(0.1), RandomSource.SPLIT_MIX_64.create(1L), null));
        assertEquals("prior white has no trained noise range: the proximal diffusion sampler needs a learned prior", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ProximalDiffusion.Config(2, 3, 3, 0, 1));
    }
}
