package org.orrery.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import org.orrery.posterior.EpochReport;
import org.orrery.posterior.TrainingListener;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

/** One training step on the runtime, and the one epoch loop (early stopping, cancellation, progress). */
public final class Training {

    private Training() {
    }

    /**
     * Forward (the loss from {@code loss}), backward, then the optimiser's update (when not null).
     * Temporaries are freed at the end. Returns the loss value.
     */
    public static double step(Supplier<NDArray> loss, AdamW optimiser) {
        double value;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            try (GradientCollector gc = Engine.getEngine(Nn.ENGINE).newGradientCollector()) {
                NDArray l = loss.get();
                gc.backward(l);
                value = scalar(l);
            }
        }
        if (optimiser != null) {
            optimiser.step();
        }
        return value;
    }

    /**
     * {@link #step} without the update, recomputed while the loss or any gradient of {@code params} is
     * non-finite: before each new attempt the gradients are zeroed and {@code rewind} runs (it puts back
     * whatever the loss draws, e.g. a random stream's state), so a finite attempt is the step a clean
     * run would have taken. Returns the loss of the first finite attempt, or NaN with the gradients
     * zeroed when all {@code attempts} were non-finite (the caller skips that step).
     *
     * <p>Why: libtorch through DJL now and then returns non-finite gradients for a finite computation,
     * differently from run to run with the same inputs (issue 13, bench/README "The sporadic NaN");
     * oneDNN's AVX-512 kernels were most of it and are capped ({@link Nn}), but a residue remains.
     */
    public static double finiteStep(Supplier<NDArray> loss, Params params, Runnable rewind, int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
        }
        for (int a = 0; a < attempts; a++) {
            if (a > 0) {
                rewind.run();
            }
            double l = step(loss, null);
            if (Double.isFinite(l) && gradientsFinite(params)) {
                return l;
            }
            zeroGradients(params);
        }
        return Double.NaN;
    }

    /** Whether every gradient of {@code params} is finite (a parameter without a gradient counts as finite). */
    public static boolean gradientsFinite(Params params) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            double sq = 0;
            for (NDArray p : params.all().values()) {
                NDArray g = p.getGradient();
                if (g != null) {
                    sq += scalar(g.square().sum());
                }
            }
            return Double.isFinite(sq);
        }
    }

    /** Sets every gradient of {@code params} to zero. */
    public static void zeroGradients(Params params) {
        for (NDArray p : params.all().values()) {
            ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) p);
        }
    }

    /** Evaluates without building a graph (validation, inference). */
    public static double eval(Supplier<NDArray> loss) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            return scalar(loss.get());
        }
    }

    /** The value of a one-element array of any floating type. */
    public static double scalar(NDArray a) {
        return a.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
    }

    /** What the loop needs from a model. */
    public interface Task {
        /** Trains one epoch (its own batches and optimiser steps); returns the mean training loss. */
        double trainEpoch(int epoch);

        double validationLoss();

        List<NamedArray> snapshot();

        void restore(List<NamedArray> best);
    }

    public record LoopConfig(int maxEpochs, int patience) {
        public LoopConfig {
            if (maxEpochs < 1 || patience < 1) {
                throw new IllegalArgumentException("max_epochs and patience must be >= 1, got " + maxEpochs + ", " + patience);
            }
        }
    }

    public record Result(int epochs, int bestEpoch, double bestValidationLoss, List<double[]> history, boolean earlyStopped) {
    }

    /**
     * Runs epochs until {@code patience} epochs pass without a better validation loss (or maxEpochs),
     * restores the best weights, and reports each epoch. {@link TrainingListener#stopRequested()} is
     * polled after every epoch and aborts with {@link CancellationException}: nothing half-trained is
     * returned.
     */
    public static Result loop(LoopConfig config, Task task, TrainingListener listener) {
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = -1;
        List<NamedArray> bestWeights = null;
        List<double[]> history = new ArrayList<>();
        int epoch = 0;
        boolean early = false;
        while (epoch < config.maxEpochs()) {
            if (listener.stopRequested()) {
                throw new CancellationException("training stopped at epoch " + epoch);
            }
            double train = task.trainEpoch(epoch);
            double val = task.validationLoss();
            if (!Double.isFinite(train)) {
                throw new ArithmeticException("training loss became " + train + " at epoch " + epoch);
            }
            boolean improved = val < best;
            if (improved) {
                best = val;
                bestEpoch = epoch;
                bestWeights = task.snapshot();
            }
            history.add(new double[] {train, val});
            epoch++;
            listener.epoch(new EpochReport(epoch, config.maxEpochs(), train, val, epoch, improved));
            if (epoch - 1 - bestEpoch >= config.patience()) {
                early = true;
                break;
            }
        }
        if (listener.stopRequested()) {
            throw new CancellationException("training stopped at epoch " + epoch);
        }
        if (bestWeights != null) {
            task.restore(bestWeights);
        }
        return new Result(epoch, bestEpoch, best, history, early);
    }
}
