package org.orrery.posteriors.interpolant.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.nn.AdamW;
import org.orrery.nn.Ema;
import org.orrery.nn.NamedArray;
import org.orrery.nn.Params;
import org.orrery.nn.Training;
import org.orrery.posterior.EpochReport;
import org.orrery.posterior.TrainingCheckpoint;
import org.orrery.posterior.TrainingListener;
import org.orrery.training.RandomState;

/**
 * The one trainer of both drift estimators: minibatch regression of the drift on the interpolant's
 * target with AdamW (linear warm-up, cosine decay, gradient clipping), an exponential moving average
 * of the weights, and {@link Training#loop} for early stopping on a validation loss (of the moving
 * average for fmpe, of the raw weights for the interpolant) whose noise (t, z) is the same every epoch. The weights kept are the moving average at the
 * best epoch. Training
 * survives a kill: see {@link #train}.
 */
final class DriftTrainer {

    /** A drift model's regression loss on the given rows, its t and z drawn from {@code rng}. */
    interface Loss {
        NDArray loss(int[] rows, UniformRandomProvider rng);
    }

    /** The given rows of a row-major array of rows of {@code width} values, one after another. */
    static float[] rows(float[] all, int width, int[] rows) {
        float[] out = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(all, rows[i] * width, out, i * width, width);
        }
        return out;
    }

    /** The values as float32, the networks' type. */
    static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    private DriftTrainer() {
    }

    /** The validation share of {@code n} simulations; refuses fewer than 2 training and 1 validation simulation. */
    static int validationCount(int n, DriftConfig cfg, String estimator) {
        int nVal = (int) Math.floor(cfg.number("validation_fraction") * n);
        if (nVal < 1 || n - nVal < 2) {
            throw new IllegalArgumentException(estimator + " needs at least 2 training and 1 validation simulation; got " + n
                    + " simulations with validation_fraction " + cfg.number("validation_fraction"));
        }
        return nVal;
    }

    /** 0 … n−1 in a Fisher–Yates order drawn from {@code rng} (the training/validation split). */
    static int[] shuffled(int n, UniformRandomProvider rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Refuses arrays whose names or shapes differ from the network's. */
    private static void checkShapes(Params params, List<NamedArray> arrays) {
        Map<String, NDArray> all = params.all();
        if (arrays.size() != all.size()) {
            throw new IllegalArgumentException("expected " + all.size() + " parameter arrays, got " + arrays.size());
        }
        for (NamedArray a : arrays) {
            NDArray p = all.get(a.name());
            if (p == null || !java.util.Arrays.equals(p.getShape().getShape(), a.shape())) {
                throw new IllegalArgumentException("parameter " + a.name() + " has shape " + java.util.Arrays.toString(a.shape())
                        + (p == null ? ", the network has no such parameter" : ", the network needs " + p.getShape()));
            }
        }
    }

    /**
     * Rows [0, nTrain) train, [nTrain, n) validate. Between epochs the whole state ({@link DriftState})
     * goes to the host's {@link TrainingCheckpoint} when one is due; a run given a saved state restores
     * it (weights, optimiser moments and step, EMA, random-stream position, minibatch order, skipped
     * steps) after the same set-up and replays the saved epochs' losses through {@link Training#loop}
     * (no training, no reports), so that it continues exactly as the uninterrupted run.
     */
    static Training.Result train(Params params, Loss model, int nTrain, int n, DriftConfig cfg, UniformRandomProvider rng,
            TrainingListener listener) {
        TrainingListener host = listener == null ? TrainingListener.SILENT : listener;
        int batch = Math.min(cfg.integer("batch_size"), nTrain);
        int perEpoch = Math.max(1, nTrain / batch);
        int maxEpochs = cfg.integer("max_epochs");
        long total = (long) perEpoch * maxEpochs;
        AdamW.Config ac = AdamW.Config.adam(cfg.number("learning_rate"))
                .withSchedule(Math.min(200, total / 10), total, cfg.number("learning_rate") * 0.02)
                .withClip(Double.isInfinite(cfg.number("clip_norm")) ? 0 : cfg.number("clip_norm"));
        AdamW opt = new AdamW(params, ac);
        // a short run must not average in its first, untrained weights: the window is at most a tenth of the steps
        double decay = Math.min(cfg.number("ema"), Math.max(0, 1 - 10.0 / total));
        long validationSeed = rng.nextLong();
        long[] skipped = {0};
        int[] order = new int[nTrain];
        for (int i = 0; i < nTrain; i++) {
            order[i] = i;
        }
        TrainingCheckpoint checkpoint = host.checkpoint();
        DriftState saved = checkpoint.resume().map(b -> DriftState.decode(b, cfg.estimator(), n, nTrain, maxEpochs)).orElse(null);
        Ema ema;
        if (saved != null) {
            if ((saved.ema() != null) != (decay > 0)) {
                throw new IllegalArgumentException("cannot resume from the checkpoint: it " + (saved.ema() == null ? "has no" : "has a")
                        + " moving average of the weights, this run " + (decay > 0 ? "has one" : "has none"));
            }
            try {
                if (saved.ema() != null) {
                    params.load(saved.ema()); // the average starts from the parameters' values
                }
                ema = decay > 0 ? new Ema(params, decay) : null;
                params.load(saved.weights());
                opt.restoreState(saved.moments(), saved.steps());
                if (saved.best() != null) {
                    checkShapes(params, saved.best());
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot resume from the checkpoint: its network does not fit this run's settings ("
                        + e.getMessage() + ")", e);
            }
            RandomState.restore(rng, saved.random());
            System.arraycopy(saved.order(), 0, order, 0, nTrain);
            skipped[0] = saved.skipped();
        } else {
            ema = decay > 0 ? new Ema(params, decay) : null;
        }
        int resumed = saved == null ? 0 : saved.epoch();
        List<double[]> history = new ArrayList<>(saved == null ? List.of() : saved.history());
        int[] current = {0};
        int[] bestEpoch = {saved == null ? -1 : saved.bestEpoch()};
        @SuppressWarnings("unchecked")
        List<NamedArray>[] best = new List[] {saved == null ? null : saved.best()};
        Training.Task task = new Training.Task() {
            @Override
            public double trainEpoch(int epoch) {
                current[0] = epoch;
                if (epoch < resumed) {
                    return saved.history().get(epoch)[0];
                }
                for (int i = nTrain - 1; i > 0; i--) {
                    int j = rng.nextInt(i + 1);
                    int tmp = order[i];
                    order[i] = order[j];
                    order[j] = tmp;
                }
                double sum = 0;
                int done = 0;
                for (int s = 0; s < perEpoch; s++) {
                    int[] rows = java.util.Arrays.copyOfRange(order, s * batch, (s + 1) * batch);
                    // a non-finite step (libtorch's intermittent defect, issue 13) is recomputed with the
                    // same t and z (the random stream rewound), so a run that meets one equals a clean run;
                    // a step non-finite three times is skipped, as a loss scaler skips overflowing steps, and counted
                    byte[] before = RandomState.save(rng);
                    double l = Training.finiteStep(() -> model.loss(rows, rng), params, () -> RandomState.restore(rng, before), 3);
                    if (!Double.isFinite(l)) {
                        skipped[0]++;
                        if (skipped[0] > 20 && skipped[0] > total / 4) {
                            throw new ArithmeticException("non-finite gradients in " + skipped[0] + " training steps (more than 25 %)");
                        }
                        continue;
                    }
                    opt.step();
                    done++;
                    sum += l;
                    if (ema != null) {
                        ema.update();
                    }
                }
                if (skipped[0] > 0 && Boolean.getBoolean("orrery.drift.debug")) {
                    System.out.println("drift trainer: " + skipped[0] + " steps skipped for non-finite gradients so far");
                }
                return done == 0 ? Double.NaN : sum / done;
            }

            @Override
            public double validationLoss() {
                if (current[0] < resumed) {
                    return saved.history().get(current[0])[1];
                }
                // fmpe validates the weights it keeps, the moving average (smoother than the raw weights, whose
                // noisy validation loss stopped flow matching too early); the interpolant keeps validating the raw
                // weights (validating the average worsened InterpolantWienerTest's lowest k-bin: 0.157 > 0.150)
                List<NamedArray> raw = null;
                if (ema != null && cfg.estimator().equals(DriftConfig.FMPE)) {
                    raw = params.export();
                    params.load(ema.export());
                }
                SplittableRandom fixed = new SplittableRandom(validationSeed);
                UniformRandomProvider same = fixed::nextLong;
                int nVal = n - nTrain;
                double sum = 0;
                int batches = 0;
                for (int from = nTrain; from < n; from += batch) {
                    int to = Math.min(n, from + batch);
                    int[] rows = new int[to - from];
                    for (int i = 0; i < rows.length; i++) {
                        rows[i] = from + i;
                    }
                    sum += Training.eval(() -> model.loss(rows, same)) * rows.length;
                    batches += rows.length;
                }
                if (raw != null) {
                    params.load(raw);
                }
                return nVal == 0 ? Double.NaN : sum / batches;
            }

            @Override
            public List<NamedArray> snapshot() {
                if (current[0] < resumed) {
                    return saved.best(); // a replayed improvement: the last one is the saved best epoch
                }
                best[0] = ema != null ? ema.export() : params.export();
                return best[0];
            }

            @Override
            public void restore(List<NamedArray> weights) {
                params.load(weights);
            }
        };
        TrainingListener loopListener = new TrainingListener() {
            @Override
            public void epoch(EpochReport report) {
                if (report.epoch() <= resumed) {
                    return; // replayed: the host has these epochs from the checkpoint
                }
                double[] last = {report.trainLoss(), report.validationLoss()};
                history.add(last);
                if (report.improved()) {
                    bestEpoch[0] = report.epoch() - 1;
                }
                host.epoch(report);
                if (checkpoint.due(report.epoch())) {
                    checkpoint.save(report.epoch(), new DriftState(cfg.estimator(), n, nTrain, report.epoch(), opt.steps(), skipped[0],
                            bestEpoch[0], RandomState.save(rng), order.clone(), history, params.export(), opt.exportState(),
                            ema == null ? null : ema.export(), bestEpoch[0] < 0 ? null : best[0]).encode());
                }
            }

            @Override
            public boolean stopRequested() {
                return host.stopRequested();
            }
        };
        return Training.loop(new Training.LoopConfig(maxEpochs, cfg.integer("patience")), task, loopListener);
    }
}
