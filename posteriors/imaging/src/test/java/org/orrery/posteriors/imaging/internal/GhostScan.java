package org.orrery.posteriors.imaging.internal;

import java.nio.file.Files;
import java.util.Locale;
import org.orrery.imaging.ImageGrid;
import org.orrery.imaging.ImagePrior;
import org.orrery.imaging.job.ImageJob;
import org.orrery.imaging.job.ImageRequest;

/**
 * Why closure-only imaging makes ghosts (issue 15, bench/README "EHT imaging"): the posterior
 * energy of the two-copy image ½[J(x + Δ/2) + J(x − Δ/2)] against the crescent J of
 * SyntheticCrescentTest (32 px), split into the data's and the prior's part, for the best shift Δ of
 * at least 2 pixels, per prior spec ({@link Specs}). A main, not a test: run it on the test class
 * path with the specs as the first argument, e.g. {@code tsv:2e-4,tsv:4e-3,memd,gaussd}.
 */
public final class GhostScan {
    /** The image moved by (di, dj) pixels (zero where it moves in from outside). */
    static double[] shift(double[] img, int n, int di, int dj) {
        double[] o = new double[img.length];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                int ii = i - di;
                int jj = j - dj;
                if (ii >= 0 && jj >= 0 && ii < n && jj < n) {
                    o[j * n + i] = img[jj * n + ii];
                }
            }
        }
        return o;
    }

    /** Positive priors need every pixel > 0: the crescent with a floor of 1e-4 of its peak. */
    static double[] floor(double[] t) {
        double[] o = t.clone();
        double peak = java.util.Arrays.stream(t).max().orElse(1);
        for (int p = 0; p < o.length; p++) {
            o[p] = Math.max(o[p], 1e-4 * peak);
        }
        return o;
    }

    public static void main(String[] args) throws Exception {
        var cov = SyntheticCrescentTest.april6Coverage(Files.createTempDirectory("ghost"));
        var data = SyntheticCrescentTest.synthetic(cov, false);
        int n = 32;
        ImageGrid g = ImageGrid.square(n, 160);
        var d = ImageJob.data(data, g, ImageRequest.DataMode.CLOSURES, 0.02, 0.6, 120);
        var lik = d.likelihood();
        double[] j0 = floor(SyntheticCrescentTest.crescent(g, SyntheticCrescentTest.D, 8, 0.6, SyntheticCrescentTest.PA, 0.6));
        double nll0 = lik.negLogLikelihood(j0, null);
        System.out.printf(Locale.ROOT, "crescent: chi2 cp %.2f lca %.2f%n", d.closurePhases().chi2(j0), d.logClosureAmplitudes().chi2(j0));
        for (String spec : args[0].split(",")) {
            ImagePrior prior = Specs.prior(spec, g);
            double lp0 = prior.logDensity(j0);
            double best = Double.POSITIVE_INFINITY;
            double bestData = 0;
            double bestPrior = 0;
            int si = 0;
            int sj = 0;
            double[] ghost = null;
            for (int dj = -6; dj <= 6; dj++) {
                for (int di = -6; di <= 6; di++) {
                    if (di * di + dj * dj < 4) {
                        continue;
                    }
                    double[] a = shift(j0, n, di, dj);
                    double[] b = shift(j0, n, -di, -dj);
                    double[] h = new double[j0.length];
                    for (int p = 0; p < h.length; p++) {
                        h[p] = Math.max(0.5 * (a[p] + b[p]), 1e-6);
                    }
                    double dd = lik.negLogLikelihood(h, null) - nll0;
                    double dp = -prior.logDensity(h) + lp0;
                    if (dd + dp < best) {
                        best = dd + dp;
                        bestData = dd;
                        bestPrior = dp;
                        si = di;
                        sj = dj;
                        ghost = h;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "GHOST %s: copies %.0f uas apart (%.0f E, %.0f N): energy vs the crescent %+.1f = data %+.1f + prior %+.1f; ghost chi2 cp %.2f lca %.2f%n",
                    spec, 2 * Math.hypot(si, sj) * g.pixelUas(), -2 * si * g.pixelUas(), -2 * sj * g.pixelUas(), best, bestData, bestPrior,
                    d.closurePhases().chi2(ghost), d.logClosureAmplitudes().chi2(ghost));
        }
    }
}
