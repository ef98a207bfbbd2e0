package org.orrery.posteriors.maf.internal;

import java.util.Arrays;
import java.util.concurrent.CancellationException;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.SimulationSet;
import org.orrery.parameter.ParameterSpace;
import org.orrery.posterior.EpochReport;
import org.orrery.posterior.TrainingCheckpoint;
import org.orrery.posterior.TrainingListener;
import org.orrery.training.Adam;
import org.orrery.training.ZScore;

/**
 * Maximum-likelihood training of the flow on (θ, x) pairs as in sbi's NPE trainer: shuffled
 * training/validation split, minibatch Adam with global gradient-norm clipping, early stopping on the
 * validation loss with the best weights restored. Single-threaded, so a seed fixes the result.
 *
 * <p>Between epochs it saves its whole state ({@link TrainerState}) to the host's
 * {@link TrainingCheckpoint} when one is due, and resumes from a saved state: the set-up (split,
 * z-scoring, initialisation) is replayed from the same seed, then weights, optimiser moments, history,
 * early-stopping counters, the minibatch order and the random stream's position are restored, so a
 * resumed run ends with the same bits as an uninterrupted one.
 */
final class MafTrainer {

    private MafTrainer() {
    }

    static MafPosterior train(SimulationSet data, MafConfig cfg, UniformRandomProvider rng, TrainingListener listener) {
        return train(data, cfg, null, rng, listener);
    }

    /**
     * Training with an embedding network ({@code spec} not null): the flow is conditioned on the
     * embedding's summaries of the z-scored observation, and both are trained jointly: the fused
     * MADE backward gives ∂L/∂(summaries), which libtorch back-propagates through the embedding,
     * updated by its own Adam with the same learning rate and clip norm.
     */
    static MafPosterior train(SimulationSet data, MafConfig cfg, EmbeddingSpec spec, UniformRandomProvider rng,
            TrainingListener listener) {
        return train(data, cfg, spec, false, rng, listener);
    }

    /**
     * As {@link #train(SimulationSet, MafConfig, EmbeddingSpec, UniformRandomProvider, TrainingListener)}.
     * With an embedding, observations are never all in memory: they are read from {@code data} (a
     * bank view reads rows lazily) for the z-scoring passes, per minibatch and per validation batch,
     * so a bank larger than the heap trains in O(batch) memory. {@code augment}: each training field
     * gets a random flip/axis permutation ({@link org.orrery.nn.Augment}) before z-scoring.
     */
    static MafPosterior train(SimulationSet data, MafConfig cfg, EmbeddingSpec spec, boolean augment, UniformRandomProvider rng,
            TrainingListener listener) {
        if (data == null || rng == null) {
            throw new IllegalArgumentException("training needs a simulation set and a random source");
        }
        TrainingListener progress = listener == null ? TrainingListener.SILENT : listener;
        ParameterSpace space = data.parameters();
        int d = space.dimension();
        int c = data.observable().size();
        if (c < 1) {
            throw new IllegalArgumentException(cfg.estimator() + " needs a fixed-size observable, got " + data.observable());
        }
        int n = data.size();
        int nVal = (int) Math.floor(cfg.validationFraction() * n);
        if (nVal < 1 || n - nVal < 2) {
            throw new IllegalArgumentException(cfg.estimator() + " needs at least 2 training and 1 validation simulation; got " + n
                    + " simulations with validation_fraction " + cfg.validationFraction());
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        shuffle(order, n, rng);
        boolean stream = spec != null;
        double[] theta = new double[n * d];
        double[] x = stream ? null : new double[n * c];
        for (int r = 0; r < n; r++) {
            int i = order[r];
            double[] t = data.theta(i);
            double[] xi = data.x(i);
            if (t == null || t.length != d) {
                throw new IllegalArgumentException("simulation " + i + ": θ has length " + (t == null ? 0 : t.length) + ", expected " + d);
            }
            if (xi == null || xi.length != c) {
                throw new IllegalArgumentException("simulation " + i + ": x has length " + (xi == null ? 0 : xi.length) + ", expected " + c);
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(t[j]) || !space.get(j).contains(t[j])) {
                    throw new IllegalArgumentException("simulation " + i + ": " + space.get(j).name() + " = " + t[j]
                            + " is not finite or outside its bounds [" + space.get(j).lower() + ", " + space.get(j).upper() + "]");
                }
            }
            for (double v : xi) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("simulation " + i + ": x holds a non-finite value " + v);
                }
            }
            System.arraycopy(t, 0, theta, r * d, d);
            if (!stream) {
                System.arraycopy(xi, 0, x, r * c, c);
            }
        }
        int nTrain = n - nVal;
        ZScore zt = ZScore.fit(theta, nTrain, d);
        ZScore fitted = stream ? ZScore.fit(nTrain, c, r -> data.x(order[r]), true) : ZScore.fit(x, nTrain, c);
        ZScore zx = spec != null && spec.input().equals("global") ? Embedding.pooled(fitted) : fitted;
        zt.applyInPlace(theta, n);
        if (!stream) {
            zx.applyInPlace(x, n);
        }
        if (augment && (spec == null || !spec.kind().equals("cnn"))) {
            throw new IllegalArgumentException("embedding_augment needs embedding: cnn (flips and rotations of grids)");
        }
        double[] raw = augment ? new double[c] : null;
        double logStd = zt.sumLogStd();

        Embedding emb = spec == null ? null : new Embedding(spec, rng.nextLong());
        if (emb != null && spec.inputSize() != c) {
            throw new IllegalArgumentException("the " + spec.kind() + " embedding expects " + spec.inputSize()
                    + " values per observation, the simulations have " + c);
        }
        if (emb != null && spec.powerBins() > 0) {
            double[] zrow = new double[c];
            emb.fitPower(nTrain, r -> {
                zx.apply(data.x(order[r]), 0, zrow, 0);
                return zrow;
            });
        }
        org.orrery.nn.AdamW embOpt = emb == null ? null : new org.orrery.nn.AdamW(emb.params,
                org.orrery.nn.AdamW.Config.adam(cfg.learningRate()).withClip(Double.isInfinite(cfg.clipNorm()) ? 0 : cfg.clipNorm()));
        java.util.List<org.orrery.nn.NamedArray> bestEmb = emb == null ? null : emb.weights();
        int cf = emb == null ? c : spec.outputs();
        MafNetwork net = MafNetwork.standard(d, cf, cfg.hidden(), cfg.transforms(), cfg.bins(), cfg.tailBound());
        double[] p = net.initialParams(rng);
        double[] best = p.clone();
        int np = p.length;
        double[] g = new double[np];
        Adam adam = new Adam(Adam.Convention.TORCH, np);
        int bs = Math.min(cfg.batchSize(), nTrain);
        MafNetwork.Workspace w = net.workspace(bs);
        double[] bu = new double[bs * d];
        double[] bc = new double[bs * cf];
        double[] bx = emb == null ? null : new double[bs * c];
        double[][] gctx = emb == null ? null : new double[cf][bs];
        double[] lp = new double[bs];
        int[] trainOrder = new int[nTrain];
        for (int i = 0; i < nTrain; i++) {
            trainOrder[i] = i;
        }
        double[] trainHist = new double[cfg.maxEpochs()];
        double[] valHist = new double[cfg.maxEpochs()];
        double bestVal = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int since = 0;
        long steps = 0;
        int epoch = 0;
        TrainingCheckpoint checkpoint = progress.checkpoint();
        var saved = checkpoint.resume();
        if (saved.isPresent()) {
            TrainerState st = TrainerState.decode(saved.get(), cfg.estimator(), n, nTrain, np, cfg.maxEpochs(), emb);
            epoch = st.epoch();
            steps = st.steps();
            bestVal = st.bestValidation();
            bestEpoch = st.bestEpoch();
            since = st.since();
            System.arraycopy(st.trainOrder(), 0, trainOrder, 0, nTrain);
            System.arraycopy(st.trainLoss(), 0, trainHist, 0, epoch);
            System.arraycopy(st.validationLoss(), 0, valHist, 0, epoch);
            System.arraycopy(st.params(), 0, p, 0, np);
            System.arraycopy(st.best(), 0, best, 0, np);
            adam.restore(st.adam());
            org.orrery.training.RandomState.restore(rng, st.random());
            if (emb != null) {
                emb.load(st.embedding());
                bestEmb = st.bestEmbedding();
                embOpt.restoreState(st.embeddingOptimiser(), st.embeddingSteps());
            }
        }
        while (epoch < cfg.maxEpochs() && since < cfg.patience()) {
            shuffle(trainOrder, nTrain, rng);
            double sum = 0;
            for (int start = 0; start < nTrain; start += bs) {
                if (progress.stopRequested()) {
                    throw new CancellationException(cfg.estimator() + " training stopped on request during epoch " + (epoch + 1) + "; no posterior returned");
                }
                int nb = Math.min(bs, nTrain - start);
                for (int r = 0; r < nb; r++) {
                    int row = trainOrder[start + r];
                    System.arraycopy(theta, row * d, bu, r * d, d);
                    if (!stream) {
                        System.arraycopy(x, row * c, bc, r * c, c);
                    } else if (augment) {
                        org.orrery.nn.Augment.random(data.x(order[row]), 0, spec.inputShape(), rng, raw, 0);
                        zx.apply(raw, 0, bx, r * c);
                    } else {
                        zx.apply(data.x(order[row]), 0, bx, r * c);
                    }
                }
                Arrays.fill(g, 0.0);
                if (emb == null) {
                    net.forward(p, bu, bc, null, nb, w, lp);
                    net.backward(p, bc, nb, w, g);
                } else {
                    jointStep(emb, embOpt, net, p, bu, bx, bc, gctx, nb, w, lp, g);
                }
                for (int r = 0; r < nb; r++) {
                    sum -= lp[r];
                }
                clip(g, cfg.clipNorm());
                steps++;
                adam.step(p, g, net.mask, cfg.learningRate());
            }
            double trainLoss = sum / nTrain + logStd;
            double valLoss = (emb == null ? meanNegLogProb(net, p, theta, x, nTrain, n, w, lp)
                    : meanNegLogProb(net, p, Arrays.copyOfRange(theta, nTrain * d, n * d),
                            summaries(emb, data, order, zx, nTrain, n, bs), 0, n - nTrain, w, lp)) + logStd;
            if (!Double.isFinite(trainLoss) || !Double.isFinite(valLoss)) {
                throw new IllegalStateException(cfg.estimator() + " training diverged in epoch " + (epoch + 1) + " (train loss " + trainLoss
                        + ", validation loss " + valLoss + "); try a smaller learning_rate");
            }
            trainHist[epoch] = trainLoss;
            valHist[epoch] = valLoss;
            epoch++;
            boolean improved = valLoss < bestVal;
            if (improved) {
                bestVal = valLoss;
                bestEpoch = epoch;
                System.arraycopy(p, 0, best, 0, np);
                if (emb != null) {
                    bestEmb = emb.weights();
                }
                since = 0;
            } else {
                since++;
            }
            progress.epoch(new EpochReport(epoch, cfg.maxEpochs(), trainLoss, valLoss, steps, improved));
            if (checkpoint.due(epoch)) {
                checkpoint.save(epoch, new TrainerState(cfg.estimator(), n, nTrain, epoch, steps, bestVal, bestEpoch, since,
                        org.orrery.training.RandomState.save(rng), trainOrder, Arrays.copyOf(trainHist, epoch), Arrays.copyOf(valHist, epoch),
                        p, best, adam.state(), emb == null ? null : emb.weights(), bestEmb,
                        emb == null ? null : embOpt.exportState(), emb == null ? 0 : embOpt.steps()).encode());
            }
        }
        if (progress.stopRequested()) {
            throw new CancellationException(cfg.estimator() + " training stopped on request after epoch " + epoch + "; no posterior returned");
        }
        var history = new TrainingHistory(Arrays.copyOf(trainHist, epoch), Arrays.copyOf(valHist, epoch), bestEpoch, steps);
        if (emb != null) {
            emb.load(bestEmb);
        }
        return new MafPosterior(space, data.observable(), cfg, net, best, zt, zx, history, emb);
    }

    /** Summaries of the z-scored observations of rows [from, to), read from the bank a batch of {@code rows} at a time. */
    static double[] summaries(Embedding emb, SimulationSet data, int[] order, ZScore zx, int from, int to, int rows) {
        int m = emb.spec.outputs();
        int c = emb.spec.inputSize();
        double[] out = new double[(to - from) * m];
        double[] buf = new double[rows * c];
        for (int s = from; s < to; s += rows) {
            int e = Math.min(to, s + rows);
            for (int r = s; r < e; r++) {
                zx.apply(data.x(order[r]), 0, buf, (r - s) * c);
            }
            System.arraycopy(emb.summarise(buf, 0, e - s), 0, out, (s - from) * m, (e - s) * m);
        }
        return out;
    }

    /** One joint step: embedding forward on libtorch, flow forward/backward on the fused path, embedding backward and update. */
    private static void jointStep(Embedding emb, org.orrery.nn.AdamW embOpt, MafNetwork net, double[] p, double[] bu,
            double[] bx, double[] bc, double[][] gctx, int nb, MafNetwork.Workspace w, double[] lp, double[] g) {
        int m = net.c;
        try (ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) {
            scope.suppressNotUsedWarning();
            try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getEngine(org.orrery.nn.Nn.ENGINE).newGradientCollector()) {
                ai.djl.ndarray.NDArray s = emb.forward(emb.rows(emb.manager(), bx, 0, nb));
                float[] sv = s.toFloatArray();
                for (int i = 0; i < nb * m; i++) {
                    bc[i] = sv[i];
                }
                net.forward(p, bu, bc, null, nb, w, lp);
                net.backward(p, bc, nb, w, g, gctx);
                float[] gs = new float[nb * m];
                for (int r = 0; r < nb; r++) {
                    for (int q = 0; q < m; q++) {
                        gs[r * m + q] = (float) gctx[q][r];
                    }
                }
                // d/dθ_E of Σ s·(∂L/∂s) is the chain rule's ∂L/∂θ_E
                gc.backward(s.mul(emb.manager().create(gs, s.getShape())).sum());
            }
        }
        embOpt.step();
    }

    private static double meanNegLogProb(MafNetwork net, double[] p, double[] u, double[] x, int from, int to,
            MafNetwork.Workspace w, double[] lp) {
        int d = net.d;
        int c = net.c;
        double sum = 0;
        double[] bu = new double[w.rows * d];
        double[] bc = new double[w.rows * c];
        for (int start = from; start < to; start += w.rows) {
            int nb = Math.min(w.rows, to - start);
            System.arraycopy(u, start * d, bu, 0, nb * d);
            System.arraycopy(x, start * c, bc, 0, nb * c);
            net.forward(p, bu, bc, null, nb, w, lp);
            for (int r = 0; r < nb; r++) {
                sum -= lp[r];
            }
        }
        return sum / (to - from);
    }

    /** Scales g so that its Euclidean norm is at most {@code maxNorm} (torch's clip_grad_norm_). */
    static void clip(double[] g, double maxNorm) {
        if (Double.isInfinite(maxNorm)) {
            return;
        }
        double s = 0;
        for (double v : g) {
            s += v * v;
        }
        double coef = maxNorm / (Math.sqrt(s) + 1e-6);
        if (coef < 1) {
            for (int i = 0; i < g.length; i++) {
                g[i] *= coef;
            }
        }
    }

    /** Fisher–Yates shuffle of a[0, n). */
    static void shuffle(int[] a, int n, UniformRandomProvider rng) {
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
