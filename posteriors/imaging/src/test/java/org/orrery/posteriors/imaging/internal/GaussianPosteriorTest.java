package org.orrery.posteriors.imaging.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.orrery.imaging.ImageGrid;
import org.orrery.imaging.ImageSamples;
import org.orrery.imaging.Visibilities;
import org.orrery.imaging.model.Dft;
import org.orrery.imaging.model.Likelihood;
import org.orrery.imaging.model.Terms;
import org.orrery.imaging.sampling.AnnealedLangevin;
import org.orrery.imaging.sampling.HmcSampler;

/**
 * Must-show: a Gaussian prior N(m, C) and the linear complex-visibility likelihood
 * V = A I + n, n ~ CN(0, σ²) per component, give the Gaussian posterior with precision
 * P = C⁻¹ + Aᵀ N⁻¹ A (A stacked as real and imaginary rows) and mean P⁻¹(C⁻¹ m + Aᵀ N⁻¹ V).
 * Both samplers' means and per-pixel variances are compared with it.
 */
class GaussianPosteriorTest {

    static final ImageGrid GRID = ImageGrid.square(8, 80);
    static final double SIGMA = 0.05;

    record Problem(GaussianImagePrior prior, Likelihood likelihood, double[] mean, double[] var, double maxPrecision) {
    }

    static Problem problem() {
        return problem((GaussianImagePrior) new GaussianImagePrior().on(GRID, 0.6));
    }

    /** The linear visibility problem with prior {@code prior} on {@link #GRID}, and its closed-form posterior. */
    static Problem problem(GaussianImagePrior prior) {
        Random r = new Random(11);
        int k = 30;
        double[] u = new double[k];
        double[] v = new double[k];
        for (int i = 0; i < k; i++) {
            double rho = 0.5e9 + 3e9 * r.nextDouble();
            double phi = Math.PI * r.nextDouble();
            u[i] = rho * Math.cos(phi);
            v[i] = rho * Math.sin(phi);
        }
        Dft dft = new Dft(GRID, u, v);
        double[] truth = prior.sample(RandomSource.SPLIT_MIX_64.create(3L));
        double[] re = new double[k];
        double[] im = new double[k];
        dft.apply(truth, re, im);
        double[] sg = new double[k];
        int[] s1 = new int[k];
        int[] s2 = new int[k];
        for (int i = 0; i < k; i++) {
            re[i] += SIGMA * r.nextGaussian();
            im[i] += SIGMA * r.nextGaussian();
            sg[i] = SIGMA;
            s2[i] = 1;
        }
        Visibilities vis = new Visibilities("T", 230e9, 57849, java.util.List.of("A", "B"), new double[k], s1, s2, u, v, re, im, sg);
        Likelihood lik = new Likelihood(dft).add(Terms.visibilities(dft, vis, sg));
        // closed form
        int n = GRID.size();
        RealMatrix a = MatrixUtils.createRealMatrix(2 * k, n);
        for (int p = 0; p < n; p++) {
            double[] e = new double[n];
            e[p] = 1;
            double[] cr = new double[k];
            double[] ci = new double[k];
            dft.apply(e, cr, ci);
            for (int i = 0; i < k; i++) {
                a.setEntry(i, p, cr[i]);
                a.setEntry(k + i, p, ci[i]);
            }
        }
        RealMatrix cinv = new LUDecomposition(MatrixUtils.createRealMatrix(prior.covariance())).getSolver().getInverse();
        RealMatrix prec = cinv.add(a.transpose().multiply(a).scalarMultiply(1 / (SIGMA * SIGMA)));
        RealMatrix cov = new LUDecomposition(prec).getSolver().getInverse();
        double[] y = new double[2 * k];
        System.arraycopy(re, 0, y, 0, k);
        System.arraycopy(im, 0, y, k, k);
        var rhs = cinv.operate(MatrixUtils.createRealVector(prior.mean())).add(a.transpose().operate(MatrixUtils.createRealVector(y)).mapMultiply(1 / (SIGMA * SIGMA)));
        double[] mean = cov.operate(rhs).toArray();
        double[] var = new double[n];
        for (int p = 0; p < n; p++) {
            var[p] = cov.getEntry(p, p);
        }
        double maxPrec = new org.apache.commons.math3.linear.EigenDecomposition(prec).getRealEigenvalues()[0];
        for (double l : new org.apache.commons.math3.linear.EigenDecomposition(prec).getRealEigenvalues()) {
            maxPrec = Math.max(maxPrec, l);
        }
        return new Problem(prior, lik, mean, var, maxPrec);
    }

    static double[] compare(ImageSamples s, Problem pr) {
        double worstMean = 0;
        double sumRel = 0;
        double worstRel = 0;
        for (int p = 0; p < pr.mean.length; p++) {
            double sd = Math.sqrt(pr.var[p]);
            worstMean = Math.max(worstMean, Math.abs(s.mean()[p] - pr.mean[p]) / sd);
            double rel = Math.abs(s.std()[p] * s.std()[p] / pr.var[p] - 1);
            sumRel += rel;
            worstRel = Math.max(worstRel, rel);
        }
        return new double[] {worstMean, sumRel / pr.mean.length, worstRel};
    }

    @Test
    void hmcMatchesTheClosedFormPosterior() {
        Problem pr = problem();
        HmcSampler hmc = new HmcSampler(new HmcSampler.Config(600, 3000, 1, 24, 0.75, 200));
        ImageSamples s = hmc.sample(pr.prior, pr.likelihood, GRID, pr.prior.mean(), RandomSource.SPLIT_MIX_64.create(5L), null);
        double[] c = compare(s, pr);
        System.out.printf("HMC vs closed form: max |Δmean|/σ = %.3f, mean |Δvar|/var = %.3f, max = %.3f, acceptance %.2f%n",
                c[0], c[1], c[2], s.acceptance());
        // tolerances: 3000 draws of a well-mixed chain give Monte Carlo errors ≈ 0.03 σ (mean) and ≈ 4 % (variance) per pixel
        assertTrue(c[0] < 0.2, "max |Δmean|/σ_post = " + c[0]);
        assertTrue(c[1] < 0.08, "mean relative variance error = " + c[1]);
        assertTrue(c[2] < 0.3, "max relative variance error = " + c[2]);
    }

    @Test
    void annealedLangevinWithTheExactSmoothedScoreMatchesItToo() {
        Problem pr = problem();
        double eps = 0.2 / pr.maxPrecision;
        double sMin = 1e-4;
        // step α at the last level is ε; enough steps at that level to mix the slowest direction
        AnnealedLangevin al = new AnnealedLangevin(new AnnealedLangevin.Config(300, 6, 400, 0.05, sMin, eps));
        ImageSamples s = al.sample(pr.prior, pr.likelihood, GRID, pr.prior.mean(), RandomSource.SPLIT_MIX_64.create(6L), null);
        double[] c = compare(s, pr);
        System.out.printf("annealed Langevin vs closed form: max |Δmean|/σ = %.3f, mean |Δvar|/var = %.3f, max = %.3f%n", c[0], c[1], c[2]);
        // 300 independent runs: MC errors ≈ 0.06 σ and ≈ 8 %; the unadjusted step adds a bias of order α·λ_max = 0.2
        assertTrue(c[0] < 0.3, "max |Δmean|/σ_post = " + c[0]);
        assertTrue(c[1] < 0.2, "mean relative variance error = " + c[1]);
    }
}
