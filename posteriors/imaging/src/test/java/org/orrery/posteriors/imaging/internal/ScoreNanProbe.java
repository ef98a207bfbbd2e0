package org.orrery.posteriors.imaging.internal;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Does the score network return non-finite values for finite images (issue 15's divergence)? Scores
 * B noisy images at the largest trained noise level REPEATS times as one batch, then in batches of 8
 * and 1, and prints how many rows were non-finite each time. A main, not a test. Args: PRIOR.oscp [B=16] [REPEATS=5]
 */
public final class ScoreNanProbe {

    public static void main(String[] args) {
        ScorePrior sp = ScorePrior.load(Path.of(args[0]));
        int b = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        ScoreNet net = sp.net();
        int n = net.config.pixels();
        Random r = new Random(3);
        for (double sigma : new double[] {net.config.sigmaMax(), 1, net.config.sigmaMin()}) {
            double[][] u = new double[b][n];
            for (double[] x : u) {
                for (int p = 0; p < n; p++) {
                    x[p] = net.mean[p] + sigma * r.nextGaussian();
                }
            }
            for (int rep = 0; rep < reps; rep++) {
                System.out.printf(Locale.ROOT, "NAN sigma %.3g batch %d rep %d: non-finite rows %d%n", sigma, b, rep, bad(net.score(u, sigma)));
            }
            int bad8 = 0;
            for (int from = 0; from < b; from += 8) {
                bad8 += bad(net.score(Arrays.copyOfRange(u, from, Math.min(b, from + 8)), sigma));
            }
            int bad1 = 0;
            for (double[] x : u) {
                bad1 += bad(net.score(new double[][] {x}, sigma));
            }
            System.out.printf(Locale.ROOT, "NAN sigma %.3g in batches of 8: %d, one at a time: %d%n", sigma, bad8, bad1);
        }
    }

    static int bad(double[][] s) {
        return (int) Arrays.stream(s).filter(x -> !Arrays.stream(x).allMatch(Double::isFinite)).count();
    }
}
