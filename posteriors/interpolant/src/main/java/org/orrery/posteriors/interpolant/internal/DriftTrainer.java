package org.orrery.posteriors.interpolant.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.nn.AdamW;
import org.orrery.nn.Ema;
import org.orrery.nn.NamedArray;
import org.orrery.nn.Params;
import org.orrery.nn.Training;
import org.orrery.posterior.TrainingListener;

/**
 * The one trainer of both drift estimators: minibatch regression of the drift on the interpolant's
 * target with AdamW (linear warm-up, cosine decay, gradient clipping), an exponential moving average
 * of the weights, and {@link Training#loop} for early stopping on a validation loss whose noise
 * (t, z) is the same every epoch. The weights kept are the moving average at the best epoch.
 */
final class DriftTrainer {

    /** What a drift model gives the trainer. */
    interface Model {
        Params params();

        /** The regression loss on the given rows, its t and z drawn from {@code rng}. */
        NDArray loss(int[] rows, UniformRandomProvider rng);
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

    static boolean gradientsFinite(Params params) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            double sq = 0;
            for (NDArray p : params.all().values()) {
                sq += Training.scalar(p.getGradient().square().sum());
            }
            return Double.isFinite(sq);
        }
    }

    static void zeroGradients(Params params) {
        for (NDArray p : params.all().values()) {
            ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) p);
        }
    }

    /** Rows [0, nTrain) train, [nTrain, n) validate. */
    static Training.Result train(Model model, int nTrain, int n, DriftConfig cfg, UniformRandomProvider rng,
            TrainingListener listener) {
        int batch = Math.min(cfg.integer("batch_size"), nTrain);
        int perEpoch = Math.max(1, nTrain / batch);
        int maxEpochs = cfg.integer("max_epochs");
        long total = (long) perEpoch * maxEpochs;
        AdamW.Config ac = AdamW.Config.adam(cfg.number("learning_rate"))
                .withSchedule(Math.min(200, total / 10), total, cfg.number("learning_rate") * 0.02)
                .withClip(Double.isInfinite(cfg.number("clip_norm")) ? 0 : cfg.number("clip_norm"));
        Params params = model.params();
        AdamW opt = new AdamW(params, ac);
        // a short run must not average in its first, untrained weights: the window is at most a tenth of the steps
        double decay = Math.min(cfg.number("ema"), Math.max(0, 1 - 10.0 / total));
        Ema ema = decay > 0 ? new Ema(params, decay) : null;
        long validationSeed = rng.nextLong();
        long[] skipped = {0};
        int[] order = new int[nTrain];
        for (int i = 0; i < nTrain; i++) {
            order[i] = i;
        }
        Training.Task task = new Training.Task() {
            @Override
            public double trainEpoch(int epoch) {
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
                    double l = Training.step(() -> model.loss(rows, rng), null);
                    if (!Double.isFinite(l) || !gradientsFinite(params)) {
                        // libtorch through DJL now and then returns non-finite gradients for a finite loss
                        // (not reproducible with the same seeds; cf. the NaN U-Net losses of bench/nn-runtime.sh):
                        // such a step is skipped, as a loss scaler skips overflowing steps, and counted
                        zeroGradients(params);
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
                return nVal == 0 ? Double.NaN : sum / batches;
            }

            @Override
            public List<NamedArray> snapshot() {
                return ema != null ? ema.export() : params.export();
            }

            @Override
            public void restore(List<NamedArray> best) {
                params.load(best);
            }
        };
        return Training.loop(new Training.LoopConfig(maxEpochs, cfg.integer("patience")), task,
                listener == null ? TrainingListener.SILENT : listener);
    }
}
