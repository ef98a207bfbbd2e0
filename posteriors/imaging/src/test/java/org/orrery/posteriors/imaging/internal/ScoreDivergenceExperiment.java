package org.orrery.posteriors.imaging.internal;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.orrery.imaging.ImageGrid;
import org.orrery.imaging.ImagePrior;
import org.orrery.imaging.Visibilities;
import org.orrery.imaging.job.ImageJob;
import org.orrery.imaging.job.ImageRequest;
import org.orrery.imaging.model.Dft;
import org.orrery.imaging.model.Likelihood;
import org.orrery.imaging.uvfits.ScanAverager;
import org.orrery.imaging.uvfits.UvfitsReader;

/**
 * Why the tempered annealed Langevin of the session before diverged on the real data (issue 15):
 * replays its loop (same schedule, same κ, same weights) on one UVFITS file with a score prior and
 * prints per noise level σ, α, the likelihood weight, the largest prior-score and likelihood-gradient
 * norms over the chains, the smallest model |V| and the number of non-finite chains.
 * A main, not a test. Args: PRIOR.oscp FILE.uvfits [CHAINS=8] [STEPS=100]
 */
public final class ScoreDivergenceExperiment {

    public static void main(String[] args) throws Exception {
        ScorePrior sp = ScorePrior.load(Path.of(args[0]));
        Visibilities vis = ScanAverager.average(UvfitsReader.read(Path.of(args[1])), 120);
        int m = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int steps = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        int levels = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        ImageGrid g = ImageGrid.square(32, 160);
        ImagePrior prior = sp.on(g, 0.6);
        Likelihood lik = ImageJob.data(vis, g, ImageRequest.DataMode.CLOSURES, 0.02, 0.6, 120).likelihood();
        Dft dft = new Dft(g, vis.u(), vis.v());
        double[] range = prior.sigmaRange();
        int n = g.size();
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(1L);
        var gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] start = startImage(g);
        double kappa = curvature(lik, start, rng);
        System.out.printf(Locale.ROOT, "DIAG sigma range %.3g .. %.3g Jy/px, kappa at start %.3g, start -logL %.4g%n", range[0], range[1], kappa,
                lik.negLogLikelihood(start, null));
        double[][] xs = new double[m][n];
        for (double[] x : xs) {
            for (int i = 0; i < n; i++) {
                x[i] = start[i] + range[1] * gauss.sample();
            }
        }
        double[] grad = new double[n];
        double[] re = new double[vis.size()];
        double[] im = new double[vis.size()];
        for (int k = 0; k < levels; k++) {
            double sigma = range[1] * Math.pow(range[0] / range[1], k / 9.0);
            double alpha = 0.05 * sigma * sigma;
            double w = Math.min(1, 0.2 / (kappa * alpha));
            double maxS = 0;
            double maxG = 0;
            double minV = Double.POSITIVE_INFINITY;
            double maxStepLik = 0;
            int nanScores = 0;
            for (int t = 0; t < steps; t++) {
                double[][] s = prior.scores(xs, sigma);
                int rowsBad = 0;
                double maxX = 0;
                for (int c = 0; c < m; c++) {
                    if (!Arrays.stream(s[c]).allMatch(Double::isFinite) && Arrays.stream(xs[c]).allMatch(Double::isFinite)) {
                        rowsBad++;
                    }
                    for (double v : xs[c]) {
                        maxX = Math.max(maxX, Math.abs(v));
                    }
                }
                if (rowsBad > 0) {
                    System.out.printf(Locale.ROOT, "DIAG level %d step %d: one network call returned non-finite scores for %d of %d finite images (largest |pixel| %.3g Jy)%n",
                            k, t, rowsBad, m, maxX);
                }
                for (int c = 0; c < m; c++) {
                    double[] x = xs[c];
                    lik.negLogLikelihood(x, grad);
                    if (!Arrays.stream(s[c]).allMatch(Double::isFinite) && Arrays.stream(x).allMatch(Double::isFinite)) {
                        nanScores++;
                    }
                    maxS = Math.max(maxS, norm(s[c]));
                    maxG = Math.max(maxG, norm(grad));
                    maxStepLik = Math.max(maxStepLik, alpha * w * norm(grad));
                    dft.apply(x, re, im);
                    for (int j = 0; j < re.length; j++) {
                        minV = Math.min(minV, Math.hypot(re[j], im[j]));
                    }
                    for (int i = 0; i < n; i++) {
                        x[i] += alpha * (s[c][i] - w * grad[i]) + Math.sqrt(2 * alpha) * gauss.sample();
                    }
                }
            }
            long bad = Arrays.stream(xs).filter(x -> !Arrays.stream(x).allMatch(Double::isFinite)).count();
            double flux = Arrays.stream(xs).filter(x -> Arrays.stream(x).allMatch(Double::isFinite)).mapToDouble(x -> Arrays.stream(x).sum()).average().orElse(Double.NaN);
            System.out.printf(Locale.ROOT, "DIAG level %d sigma %.3g alpha %.3g w %.3g | max|score| %.3g max|grad| %.3g max|alpha w grad| %.3g (noise step %.3g) min|V| %.3g | flux %.3g nonfinite %d/%d, non-finite network scores at finite images %d%n",
                    k, sigma, alpha, w, maxS, maxG, maxStepLik, Math.sqrt(2 * alpha * n), minV, flux, bad, m, nanScores);
        }
    }

    static double norm(double[] v) {
        double s = 0;
        for (double a : v) {
            s += a * a;
        }
        return Math.sqrt(s);
    }

    static double[] startImage(ImageGrid g) {
        double s = 60 / 2.3548;
        double[] img = new double[g.size()];
        double tot = 0;
        for (int j = 0; j < g.ny(); j++) {
            for (int i = 0; i < g.nx(); i++) {
                double x = g.x(i) / ImageGrid.UAS;
                double y = g.y(j) / ImageGrid.UAS;
                img[j * g.nx() + i] = Math.exp(-(x * x + y * y) / (2 * s * s)) + 1e-6;
                tot += img[j * g.nx() + i];
            }
        }
        for (int p = 0; p < img.length; p++) {
            img[p] *= 0.6 / tot;
        }
        return img;
    }

    static double curvature(Likelihood likelihood, double[] x, UniformRandomProvider rng) {
        int n = x.length;
        double scale = Arrays.stream(x).map(Math::abs).max().orElse(1);
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
            double nn = norm(v);
            for (int i = 0; i < n; i++) {
                v[i] /= nn;
                xp[i] = x[i] + h * v[i];
            }
            likelihood.negLogLikelihood(xp, g1);
            for (int i = 0; i < n; i++) {
                v[i] = (g1[i] - g0[i]) / h;
            }
            lambda = norm(v);
        }
        return Math.max(lambda, 1e-300);
    }
}
