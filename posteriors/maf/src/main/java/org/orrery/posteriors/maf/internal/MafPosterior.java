package org.orrery.posteriors.maf.internal;

import org.orrery.training.ZScore;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.data.ArraySpec;
import org.orrery.parameter.ParameterSpace;
import org.orrery.posterior.Posterior;

/**
 * A trained conditional MAF q(θ | x), truncated to the prior's box support. Immutable and safe for
 * concurrent use: every call works in its own buffers.
 *
 * <p>{@link #logProb} is the flow density inside the support and −∞ outside; it is not renormalised
 * by the mass the flow puts outside the support (that mass is what {@link #sample} rejects).
 */
final class MafPosterior implements Posterior {

    /** Rows per inversion batch: bounds memory (about rows·k·2h doubles) whatever n is. */
    static final int CHUNK = 4096;
    /** Below this acceptance, after {@link #VERDICT_AFTER} draws, sampling gives up. */
    static final double MIN_ACCEPTANCE = 1e-3;
    static final long VERDICT_AFTER = 10_000;
    /**
     * Threads for sampling and log-prob of large batches: system property {@code orrery.maf.threads},
     * else the available processors. Each row's value depends on that row alone, so the thread count
     * never changes a result, only the time.
     */
    static final int DEFAULT_THREADS = Math.max(1, Integer.getInteger("orrery.maf.threads",
            Runtime.getRuntime().availableProcessors()));

    final ParameterSpace space;
    final ArraySpec observable;
    final MafConfig config;
    final MafNetwork net;
    final double[] params;
    final ZScore theta;
    final ZScore x;
    final TrainingHistory history;
    /** The embedding network the flow's context comes from, or null (context = z-scored x). */
    final Embedding embedding;
    /** The weights re-laid out for sampling and log-prob; derived from params, never written. */
    private final MafInference inference;
    private final int threads;

    MafPosterior(ParameterSpace space, ArraySpec observable, MafConfig config, MafNetwork net, double[] params,
            ZScore theta, ZScore x, TrainingHistory history) {
        this(space, observable, config, net, params, theta, x, history, null, DEFAULT_THREADS);
    }

    MafPosterior(ParameterSpace space, ArraySpec observable, MafConfig config, MafNetwork net, double[] params,
            ZScore theta, ZScore x, TrainingHistory history, Embedding embedding) {
        this(space, observable, config, net, params, theta, x, history, embedding, DEFAULT_THREADS);
    }

    private MafPosterior(ParameterSpace space, ArraySpec observable, MafConfig config, MafNetwork net, double[] params,
            ZScore theta, ZScore x, TrainingHistory history, Embedding embedding, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (space.dimension() != net.d || theta.dim() != net.d) {
            throw new IllegalArgumentException("parameter dimension " + space.dimension() + " does not match the network's " + net.d);
        }
        int summaries = embedding == null ? observable.size() : embedding.spec.outputs();
        if (summaries != net.c || x.dim() != observable.size()
                || (embedding != null && embedding.spec.inputSize() != observable.size())) {
            throw new IllegalArgumentException("observable size " + observable.size() + " does not match the network's " + net.c
                    + (embedding == null ? "" : " summaries of a " + embedding.spec.kind() + " embedding"));
        }
        if (params.length != net.numParams()) {
            throw new IllegalArgumentException("expected " + net.numParams() + " weights, got " + params.length);
        }
        this.space = space;
        this.observable = observable;
        this.config = config;
        this.net = net;
        this.params = params.clone();
        this.theta = theta;
        this.x = x;
        this.history = history;
        this.embedding = embedding;
        this.inference = new MafInference(net, this.params);
        this.threads = threads;
    }

    /** The same posterior computing with {@code threads} threads (tests and benchmarks). */
    MafPosterior withThreads(int threads) {
        return new MafPosterior(space, observable, config, net, params, theta, x, history, embedding, threads);
    }

    int threads() {
        return threads;
    }

    /** Work on rows [from, to) with buffers of its own. */
    private interface RowRange {
        void run(int from, int to, MafInference.Buffers w);
    }

    /**
     * Runs rows [0, m) as up to {@link #threads} whole-tile ranges: the first in the calling thread,
     * the others in the common fork-join pool (no threads of our own to leak), joined before return.
     */
    private void forRows(int m, MafInference.Buffers[] w, RowRange task) {
        int tiles = (m + MafInference.TILE - 1) / MafInference.TILE;
        int parts = Math.min(w.length, tiles);
        if (parts <= 1) {
            task.run(0, m, w[0]);
            return;
        }
        int per = (tiles + parts - 1) / parts * MafInference.TILE;
        ForkJoinTask<?>[] forked = new ForkJoinTask<?>[parts];
        for (int q = 1; q < parts; q++) {
            int from = q * per;
            int to = Math.min(m, from + per);
            MafInference.Buffers wq = w[q];
            forked[q] = from < to ? ForkJoinPool.commonPool().submit(() -> task.run(from, to, wq)) : null;
        }
        try {
            task.run(0, Math.min(m, per), w[0]);
        } finally {
            for (int q = 1; q < parts; q++) {
                if (forked[q] != null) {
                    forked[q].join();
                }
            }
        }
    }

    /** One buffer set per part of a call of up to {@code rows} rows; small calls get small buffers. */
    private MafInference.Buffers[] buffers(int rows) {
        int parts = Math.max(1, Math.min(threads, (rows + MafInference.TILE - 1) / MafInference.TILE));
        MafInference.Buffers[] w = new MafInference.Buffers[parts];
        for (int q = 0; q < parts; q++) {
            w[q] = inference.buffers(rows);
        }
        return w;
    }

    @Override
    public ParameterSpace parameters() {
        return space;
    }

    @Override
    public ArraySpec observable() {
        return observable;
    }

    TrainingHistory history() {
        return history;
    }

    private double[][] context(double[] obs) {
        if (embedding != null) {
            embedding.checkObservation(obs);
        }
        if (obs == null || obs.length != x.dim()) {
            throw new IllegalArgumentException("observation has " + (obs == null ? "no" : String.valueOf(obs.length))
                    + " values, expected " + x.dim() + " (" + observable + ")");
        }
        double[] cx = obs.clone();
        for (double v : cx) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("observation holds a non-finite value " + v);
            }
        }
        x.applyInPlace(cx, 1);
        if (embedding != null) {
            synchronized (embedding) {
                cx = embedding.summarise(cx, 0, 1);
            }
        }
        return inference.sortShared(net.sharedContext(params, cx));
    }

    @Override
    public double[][] sample(double[] obs, int n, UniformRandomProvider rng) {
        if (n < 0) {
            throw new IllegalArgumentException("number of samples must be >= 0, got " + n);
        }
        double[][] shared = context(obs);
        double[][] out = new double[n][];
        if (n == 0) {
            return out;
        }
        int d = net.d;
        NormalizedGaussianSampler normal = ZigguratSampler.NormalizedGaussian.of(rng);
        // the first chunk's size: later chunks may be larger, they then run in more tiles
        MafInference.Buffers[] w = buffers((int) Math.min(CHUNK, n + n / 10L + 8));
        double[] z = new double[CHUNK * d];
        double[] u = new double[CHUNK * d];
        double[] mean = theta.mean();
        double[] std = theta.std();
        long proposed = 0;
        long accepted = 0;
        long cap = 1000L * n + 100_000;
        int got = 0;
        while (got < n) {
            double rate = proposed == 0 ? 1.0 : Math.max((double) accepted / proposed, MIN_ACCEPTANCE);
            int m = (int) Math.min(CHUNK, Math.ceil((n - got) / rate * 1.1) + 8);
            for (int t = 0; t < m * d; t++) {
                z[t] = normal.sample();
            }
            forRows(m, w, (from, to, wq) -> inference.inverse(z, shared, from, to, wq, u));
            for (int r = 0; r < m; r++) {
                double[] th = new double[d];
                for (int i = 0; i < d; i++) {
                    th[i] = u[r * d + i] * std[i] + mean[i];
                }
                if (space.contains(th)) {
                    accepted++;
                    if (got < n) {
                        out[got++] = th;
                    }
                }
            }
            proposed += m;
            if (got < n && ((proposed >= VERDICT_AFTER && accepted < MIN_ACCEPTANCE * proposed) || proposed >= cap)) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "only %.3g%% of posterior draws fell inside the prior support (%d of %d proposals, %d of %d samples"
                                + " collected); the posterior leaks out of the prior for this observation: check that the"
                                + " observation resembles the simulations, or train on more simulations",
                        100.0 * accepted / proposed, accepted, proposed, got, n));
            }
        }
        return out;
    }

    @Override
    public double logProb(double[] th, double[] obs) {
        return logProb(new double[][] {th}, obs)[0];
    }

    @Override
    public double[] logProb(double[][] ths, double[] obs) {
        double[][] shared = context(obs);
        int d = net.d;
        int n = ths.length;
        double[] res = new double[n];
        int rows = Math.min(CHUNK, Math.max(1, n));
        MafInference.Buffers[] w = buffers(rows);
        double[] u = new double[rows * d];
        double[] lp = new double[rows];
        double[] mean = theta.mean();
        double[] std = theta.std();
        double logStd = theta.sumLogStd();
        for (int start = 0; start < n; start += rows) {
            int nb = Math.min(rows, n - start);
            for (int r = 0; r < nb; r++) {
                double[] th = ths[start + r];
                if (th == null || th.length != d) {
                    throw new IllegalArgumentException("θ has " + (th == null ? 0 : th.length) + " values, expected " + d);
                }
                for (int i = 0; i < d; i++) {
                    // outside the support the value is replaced below; keep the network input finite
                    double v = (th[i] - mean[i]) / std[i];
                    u[r * d + i] = Double.isFinite(v) ? v : 0;
                }
            }
            forRows(nb, w, (from, to, wq) -> inference.logProb(u, shared, from, to, wq, lp));
            for (int r = 0; r < nb; r++) {
                res[start + r] = space.contains(ths[start + r]) ? lp[r] - logStd : Double.NEGATIVE_INFINITY;
            }
        }
        return res;
    }

    @Override
    public void write(OutputStream out) throws IOException {
        MafCodec.write(this, out);
    }
}
