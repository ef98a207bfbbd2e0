package org.orrery.posteriors.maf.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.orrery.data.SimulationSet;
import org.orrery.posterior.TrainingListener;

/** Bench entry points into the package-private network (test code only). */
public final class MafBenchAccess {

    private MafBenchAccess() {
    }

    /** The same trained MAF posterior sampling and evaluating with {@code threads} threads. */
    public static org.orrery.posterior.Posterior withThreads(org.orrery.posterior.Posterior post, int threads) {
        return ((MafPosterior) post).withThreads(threads);
    }

    /** Time of one full training step (forward, backward, clip, Adam) on random data: fastest mean of 40 runs of 10 steps. */
    public static double stepMillis(int d, int c, int batch, int k, int h) {
        return stepMillis(d, c, batch, k, h, 0);
    }

    /** As {@link #stepMillis(int, int, int, int, int)}, of spline blocks with {@code bins} bins (0: affine MAF). */
    public static double stepMillis(int d, int c, int batch, int k, int h, int bins) {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(5L);
        MafNetwork net = MafNetwork.standard(d, c, h, k, bins, bins == 0 ? 0 : 3.0);
        double[] p = net.initialParams(rng);
        NormalizedGaussianSampler g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] u = new double[batch * d];
        double[] x = new double[batch * c];
        for (int i = 0; i < u.length; i++) {
            u[i] = g.sample();
        }
        for (int i = 0; i < x.length; i++) {
            x[i] = g.sample();
        }
        MafNetwork.Workspace w = net.workspace(batch);
        double[] grad = new double[p.length];
        var adam = new org.orrery.training.Adam(org.orrery.training.Adam.Convention.TORCH, p.length);
        double[] lp = new double[batch];
        int reps = 40;
        double[] times = new double[reps];
        for (int warm = 0; warm < 300; warm++) {
            step(net, p, u, x, batch, w, lp, grad, adam);
        }
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                step(net, p, u, x, batch, w, lp, grad, adam);
            }
            times[r] = (System.nanoTime() - t0) / 1e7;
        }
        Arrays.sort(times);
        // the fastest 10-step run (bench/maf_torch.py does the same): least disturbed on a shared machine
        return times[0];
    }

    private static void step(MafNetwork net, double[] p, double[] u, double[] x, int n, MafNetwork.Workspace w,
            double[] lp, double[] g, org.orrery.training.Adam adam) {
        net.forward(p, u, x, null, n, w, lp);
        Arrays.fill(g, 0.0);
        net.backward(p, x, n, w, g);
        MafTrainer.clip(g, 5.0);
        adam.step(p, g, net.mask, 5e-4);
    }

    /**
     * {sampling seconds, log-prob seconds} for n draws from a briefly trained gaussian_linear
     * posterior, computing with {@code threads} threads.
     */
    public static double[] samplingSeconds(int d, int c, int n, int k, int h, int threads) {
        return samplingSeconds(d, c, n, k, h, threads, 0);
    }

    /** As {@link #samplingSeconds(int, int, int, int, int, int)}, of an NSF with {@code bins} bins (0: MAF). */
    public static double[] samplingSeconds(int d, int c, int n, int k, int h, int threads, int bins) {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(11L);
        SimulationSet bank = Tasks.gaussianLinear(d, 1000, Double.POSITIVE_INFINITY, rng);
        Map<String, Object> opts = Map.of("max_epochs", 3, "transforms", k, "hidden", h);
        MafConfig cfg = bins == 0 ? MafConfig.from(opts) : MafConfig.from(Map.of("max_epochs", 3, "transforms", k, "hidden", h, "bins", bins),
                MafConfig.NSF_DEFAULTS);
        MafPosterior post = MafTrainer.train(bank, cfg, rng, TrainingListener.SILENT).withThreads(threads);
        double[] x = bank.x(0);
        double best = Double.POSITIVE_INFINITY;
        double bestLp = Double.POSITIVE_INFINITY;
        for (int rep = 0; rep < 5; rep++) {
            long t0 = System.nanoTime();
            double[][] s = post.sample(x, n, rng);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            post.logProb(s, x);
            bestLp = Math.min(bestLp, (System.nanoTime() - t0) / 1e9);
        }
        return new double[] {best, bestLp};
    }

    /** Trains on two_moons to early stop and reports epochs, steps, seconds and the final losses. */
    public static String twoMoonsConvergence(int n, int batch, double lr, long seed) {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(seed);
        SimulationSet bank = Tasks.twoMoons(n, rng);
        long t0 = System.nanoTime();
        MafPosterior post = MafTrainer.train(bank, MafConfig.from(Map.of("batch_size", batch, "learning_rate", lr)),
                rng, TrainingListener.SILENT);
        double secs = (System.nanoTime() - t0) / 1e9;
        TrainingHistory hist = post.history();
        double[] val = hist.validationLoss();
        return String.format(Locale.ROOT,
                "two_moons n=%d batch=%d lr=%g: %d epochs (best %d), %d steps, %.1f s (%.2f ms/step), best validation −log q = %.4f",
                n, batch, lr, hist.epochs(), hist.bestEpoch(), hist.steps(), secs, 1000 * secs / hist.steps(), val[hist.bestEpoch() - 1]);
    }
}
