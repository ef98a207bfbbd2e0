package org.orrery.posteriors.imaging.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.orrery.imaging.ImageGrid;
import org.orrery.nn.AdamW;
import org.orrery.nn.Ema;
import org.orrery.nn.NamedArray;
import org.orrery.nn.Ops;
import org.orrery.nn.Training;
import org.orrery.posterior.EpochReport;
import org.orrery.posterior.TrainingCheckpoint;
import org.orrery.posterior.TrainingListener;

/**
 * Trains a {@link ScorePrior} by denoising score matching (Vincent 2011) on a set of images: for a
 * batch of centred images u (network units), noise levels σ log-uniform in [σ_min, σ_max] and
 * ε ~ N(0, I), minimise ‖(D(u + σε, σ) − u)/c_out‖² (the EDM-weighted denoising loss, Karras et al.
 * 2022, equivalent to score matching with weight σ²/c_out²).
 * AdamW with warm-up and cosine decay, gradient clipping, an EMA of the weights, and the one epoch
 * loop of {@code org.orrery.nn} ({@link Training#loop}) with early stopping on a held-out DSM loss
 * evaluated with the EMA weights and fixed noise.
 */
public final class ScoreTrainer {

    /**
     * @param channels     U-Net channels per level
     * @param temb         time-embedding width
     * @param groups       GroupNorm groups
     * @param sigmaMin     smallest noise level, in units of the images' pooled rms pixel
     * @param sigmaMax     largest noise level, same units
     * @param batch        images per step
     * @param stepsPerEpoch optimiser steps per epoch
     * @param maxEpochs    epochs at most
     * @param patience     epochs without a better validation loss before stopping
     * @param lr           peak learning rate
     * @param emaDecay     EMA decay per step
     * @param seed         seed of the weights, the batches and the noise
     */
    public record Config(int[] channels, int temb, int groups, double sigmaMin, double sigmaMax, int batch, int stepsPerEpoch,
            int maxEpochs, int patience, double lr, double emaDecay, long seed) {
        public Config {
            if (batch < 1 || stepsPerEpoch < 1 || !(lr > 0) || !(sigmaMin > 0) || !(sigmaMax > sigmaMin)) {
                throw new IllegalArgumentException("bad score-prior training settings: batch " + batch + ", steps/epoch " + stepsPerEpoch
                        + ", lr " + lr + ", sigma " + sigmaMin + " .. " + sigmaMax);
            }
            channels = channels.clone();
        }
    }

    /** A trained prior and its training history. */
    public record Result(ScorePrior prior, ScoreNet.Config net, float[] mean, List<NamedArray> weights, Training.Result history, String provenance) {

        /** Writes the prior as a {@code .oscp} file. */
        public void write(OutputStream out) throws IOException {
            ScorePriorCodec.write(net, mean, weights, provenance, out);
        }
    }

    private ScoreTrainer() {
    }

    /**
     * @param images     training images in Jy per pixel on {@code grid}, flat row-major (10 % are held out)
     * @param provenance what the images are (stored in the file)
     */
    public static Result train(ImageGrid grid, double[][] images, Config cfg, String provenance, Consumer<String> log) {
        return train(grid, images, cfg, provenance, log, TrainingCheckpoint.NONE);
    }

    /**
     * As above, saving the run's state to {@code checkpoint} between epochs when it is due, and
     * continuing from the state it holds when resuming ({@link ScoreTrainerState}: weights, AdamW
     * moments and step count, EMA weights, best weights, epoch histories, and the position of the
     * random stream, restored by replaying the draws of the finished steps). A resumed run gives the
     * same file as an uninterrupted one at the same thread count.
     */
    public static Result train(ImageGrid grid, double[][] images, Config cfg, String provenance, Consumer<String> log, TrainingCheckpoint checkpoint) {
        return train(grid, images, cfg, provenance, log, checkpoint, null);
    }

    /** Receives the best prior so far after every epoch that improved the held-out loss. */
    @FunctionalInterface
    public interface Interim {
        /** @param prior writes the prior (best EMA weights so far) as a {@code .oscp} file */
        void improved(int epoch, double validationLoss, IoWriter prior);
    }

    /** Writes to a stream. */
    @FunctionalInterface
    public interface IoWriter {
        void write(OutputStream out) throws IOException;
    }

    /**
     * As above, handing the best prior so far to {@code interim} (may be null) after every epoch
     * that improved the held-out loss (not for epochs replayed on resume); the run itself is unchanged.
     */
    public static Result train(ImageGrid grid, double[][] images, Config cfg, String provenance, Consumer<String> log, TrainingCheckpoint checkpoint,
            Interim interim) {
        return train(grid, images, cfg, provenance, log, new TrainingListener() {
            @Override
            public void epoch(EpochReport report) {
            }

            @Override
            public TrainingCheckpoint checkpoint() {
                return checkpoint;
            }
        }, interim);
    }

    /**
     * As above, with the host's side of training: {@code progress} gets every epoch run here (not
     * those a resumed run replays) before its checkpoint is saved, is asked whether to stop, and
     * gives the checkpoint ({@link TrainingListener#checkpoint()}).
     */
    public static Result train(ImageGrid grid, double[][] images, Config cfg, String provenance, Consumer<String> log, TrainingListener progress,
            Interim interim) {
        TrainingCheckpoint checkpoint = progress.checkpoint();
        if (images.length < 10) {
            throw new IllegalArgumentException("a score prior needs at least 10 training images, got " + images.length);
        }
        int n = grid.size();
        double flux = 0;
        double[] avg = new double[n];
        for (double[] x : images) {
            if (x.length != n) {
                throw new IllegalArgumentException("training image has " + x.length + " pixels, the grid " + n);
            }
            for (int p = 0; p < n; p++) {
                if (!Double.isFinite(x[p])) {
                    throw new IllegalArgumentException("training image holds " + x[p]);
                }
                flux += x[p] / images.length;
                avg[p] += x[p] / images.length;
            }
        }
        double ms = 0;
        for (double[] x : images) {
            for (int p = 0; p < n; p++) {
                ms += (x[p] - avg[p]) * (x[p] - avg[p]) / ((double) images.length * n);
            }
        }
        double scale = Math.sqrt(ms);
        if (!(scale > 0) || !(flux > 0)) {
            throw new IllegalArgumentException("training images must vary and have positive total flux, got mean flux " + flux
                    + " Jy, rms about the mean " + scale);
        }
        float[] mean = new float[n];
        for (int p = 0; p < n; p++) {
            mean[p] = (float) (avg[p] / scale);
        }
        ScoreNet.Config nc = new ScoreNet.Config(grid.ny(), grid.nx(), grid.pixelUas() * grid.nx(), cfg.channels(), cfg.temb(),
                cfg.groups(), cfg.sigmaMin(), cfg.sigmaMax(), scale, flux);
        ScoreNet net = new ScoreNet(nc, mean, cfg.seed());
        ScoreNet evalNet = new ScoreNet(nc, mean, cfg.seed());
        int nVal = Math.max(1, images.length / 10);
        int nTrain = images.length - nVal;
        float[] train = new float[nTrain * n];
        float[] val = new float[nVal * n];
        for (int k = 0; k < images.length; k++) {
            float[] dst = k < nTrain ? train : val;
            int off = (k < nTrain ? k : k - nTrain) * n;
            for (int p = 0; p < n; p++) {
                dst[off + p] = (float) ((images[k][p] - avg[p]) / scale);
            }
        }
        long total = (long) cfg.stepsPerEpoch() * cfg.maxEpochs();
        AdamW opt = new AdamW(net.params, AdamW.Config.adam(cfg.lr()).withSchedule(Math.min(200, total / 10), total, 0.05 * cfg.lr()).withClip(1.0));
        Ema ema = new Ema(net.params, cfg.emaDecay());
        SplittableRandom rng = new SplittableRandom(cfg.seed() ^ 0x5C0BE5L);
        NDManager m = net.params.manager();
        // fixed validation noise so that the held-out loss is comparable between epochs
        SplittableRandom vr = new SplittableRandom(cfg.seed() + 17);
        float[] valNoise = gaussian(vr, val.length);
        float[] valSigma = sigmas(vr, nVal, cfg);
        long t0 = System.nanoTime();

        ScoreTrainerState saved = checkpoint.resume().map(b -> ScoreTrainerState.decode(b, images.length, n, cfg)).orElse(null);
        if (saved != null) {
            // the EMA starts from the saved averages: load them, start the average, then load the weights
            net.params.load(saved.ema());
            ema = new Ema(net.params, cfg.emaDecay());
            net.params.load(saved.weights());
            opt.restoreState(saved.optimiser(), saved.steps());
            for (long k = 0; k < (long) saved.epoch() * cfg.stepsPerEpoch(); k++) {
                // replay the finished steps' draws: the stream continues where the killed run was
                for (int b = 0; b < cfg.batch(); b++) {
                    rng.nextInt(nTrain);
                }
                gaussian(rng, cfg.batch() * n);
                sigmas(rng, cfg.batch(), cfg);
            }
            if (log != null) {
                log.accept("score prior: resumed after epoch " + saved.epoch() + " (" + saved.steps() + " optimiser steps)");
            }
        }
        final Ema emaF = ema;
        double[][] hist = new double[2][cfg.maxEpochs()];
        @SuppressWarnings("unchecked")
        List<NamedArray>[] best = new List[1];
        // batches whose gradient was not finite: recomputed, and skipped when still not finite
        int[] retried = {saved == null ? 0 : saved.retried()};
        int[] skipped = {saved == null ? 0 : saved.skipped()};

        Training.Task task = new Training.Task() {

            @Override
            public double trainEpoch(int epoch) {
                if (saved != null && epoch < saved.epoch()) {
                    // finished before the kill: the loop replays its record
                    return saved.trainLoss()[epoch];
                }
                double sum = 0;
                for (int s = 0; s < cfg.stepsPerEpoch(); s++) {
                    if (progress.stopRequested()) {
                        throw new java.util.concurrent.CancellationException("training stopped at epoch " + epoch);
                    }
                    float[] x = new float[cfg.batch() * n];
                    for (int b = 0; b < cfg.batch(); b++) {
                        System.arraycopy(train, rng.nextInt(nTrain) * n, x, b * n, n);
                    }
                    float[] z = gaussian(rng, x.length);
                    float[] sg = sigmas(rng, cfg.batch(), cfg);
                    // libtorch through DJL now and then returns a non-finite gradient for a finite
                    // computation (issue 13): Training.finiteStep recomputes the same batch (its noise is
                    // drawn already, so nothing to rewind) once; a batch still not finite is skipped
                    // (counted, logged, bounded). The counts go into the checkpoint.
                    double l = Training.finiteStep(() -> loss(net, m, x, z, sg, cfg.batch()), net.params, () -> retried[0]++, 2);
                    if (Double.isNaN(l)) {
                        if (++skipped[0] > Math.max(3, total / 20)) {
                            throw new ArithmeticException("score-prior training: " + skipped[0] + " batches gave non-finite gradients twice");
                        }
                        continue;
                    }
                    opt.step();
                    sum += l;
                    emaF.update();
                }
                return sum / cfg.stepsPerEpoch();
            }

            int validated;

            @Override
            public double validationLoss() {
                int epoch = validated++;
                if (saved != null && epoch < saved.epoch()) {
                    return saved.validationLoss()[epoch];
                }
                if (retried[0] > 0 && log != null) {
                    log.accept("score prior: " + retried[0] + " batches so far gave a non-finite gradient and were recomputed, " + skipped[0] + " skipped");
                }
                // the EMA weights are evaluated in a second network: the trained one is never overwritten mid-run
                evalNet.params.load(emaF.export());
                double l = 0;
                for (int from = 0; from < nVal; from += ScoreNet.CHUNK) {
                    int b = Math.min(ScoreNet.CHUNK, nVal - from);
                    float[] x = java.util.Arrays.copyOfRange(val, from * n, (from + b) * n);
                    float[] z = java.util.Arrays.copyOfRange(valNoise, from * n, (from + b) * n);
                    float[] sg = java.util.Arrays.copyOfRange(valSigma, from, from + b);
                    l += Training.eval(() -> loss(evalNet, m, x, z, sg, b)) * b / nVal;
                }
                return l;
            }

            @Override
            public List<NamedArray> snapshot() {
                // during the replay of a resumed run the best weights so far are the saved ones
                List<NamedArray> b = saved != null && validated <= saved.epoch() ? saved.best() : emaF.export();
                best[0] = b;
                return b;
            }

            @Override
            public void restore(List<NamedArray> best) {
                evalNet.params.load(best);
            }
        };
        TrainingListener listener = new TrainingListener() {
            @Override
            public void epoch(EpochReport r) {
                hist[0][r.epoch() - 1] = r.trainLoss();
                hist[1][r.epoch() - 1] = r.validationLoss();
                if (saved == null || r.epoch() > saved.epoch()) {
                    progress.epoch(r);
                }
                if ((saved == null || r.epoch() > saved.epoch()) && checkpoint.due(r.epoch())) {
                    checkpoint.save(r.epoch(), new ScoreTrainerState(images.length, n, r.epoch(), opt.steps(), skipped[0], retried[0],
                            java.util.Arrays.copyOf(hist[0], r.epoch()), java.util.Arrays.copyOf(hist[1], r.epoch()), net.params.export(),
                            opt.exportState(), emaF.export(), best[0]).encode(cfg));
                }
                if (interim != null && r.improved() && (saved == null || r.epoch() > saved.epoch())) {
                    List<NamedArray> w = best[0];
                    String prov = String.format(Locale.ROOT, "%s; interim: best after epoch %d of %d x %d steps, held-out loss %.4f, seed %d", provenance,
                            r.epoch(), cfg.maxEpochs(), cfg.stepsPerEpoch(), r.validationLoss(), cfg.seed());
                    interim.improved(r.epoch(), r.validationLoss(), out -> ScorePriorCodec.write(nc, mean, w, prov, out));
                }
                if (log != null) {
                    log.accept(String.format(Locale.ROOT, "score prior: epoch %d/%d train %.4f val %.4f%s (%.0f s)", r.epoch(), r.maxEpochs(),
                            r.trainLoss(), r.validationLoss(), r.improved() ? " *" : "", (System.nanoTime() - t0) / 1e9));
                }
            }

            @Override
            public boolean stopRequested() {
                return progress.stopRequested();
            }
        };
        Training.Result h = Training.loop(new Training.LoopConfig(cfg.maxEpochs(), cfg.patience()), task, listener);
        List<NamedArray> weights = evalNet.params.export();
        String prov = String.format(Locale.ROOT, "%s; %d images (%d held out), %dx%d over %.1f uas; U-Net %s, batch %d, %d epochs x %d steps (best %d), "
                + "lr %.1e, EMA %.4f, sigma %.3g..%.3g rms units, seed %d", provenance, images.length, nVal, grid.nx(), grid.ny(),
                grid.pixelUas() * grid.nx(), java.util.Arrays.toString(cfg.channels()), cfg.batch(), h.epochs(), cfg.stepsPerEpoch(),
                h.bestEpoch() + 1, cfg.lr(), cfg.emaDecay(), cfg.sigmaMin(), cfg.sigmaMax(), cfg.seed());
        ScorePrior prior = new ScorePrior(evalNet, prov, null, 1 / scale);
        return new Result(prior, nc, mean, weights, h, prov);
    }

    /** The EDM loss ‖(D(x + σε, σ) − x)/c_out‖², c_out = σ/√(1 + σ²): unit-scale targets at every noise level. */
    static NDArray loss(ScoreNet net, NDManager m, float[] x, float[] z, float[] sg, int b) {
        ScoreNet.Config c = net.config;
        Shape shape = new Shape(b, 1, c.ny(), c.nx());
        NDArray u = m.create(x, shape);
        NDArray eps = m.create(z, shape);
        NDArray sigma = m.create(sg);
        NDArray s = sigma.reshape(-1, 1, 1, 1);
        NDArray noisy = u.add(eps.mul(s));
        NDArray cout = s.mul(s.square().add(1).sqrt().pow(-1));
        return net.denoise(noisy, sigma).sub(u).div(cout).square().mean();
    }

    static float[] gaussian(SplittableRandom r, int n) {
        float[] z = new float[n];
        for (int i = 0; i < n; i += 2) {
            // Box–Muller: two normals per pair of uniforms
            double a = Math.sqrt(-2 * Math.log(1 - r.nextDouble()));
            double t = 2 * Math.PI * r.nextDouble();
            z[i] = (float) (a * Math.cos(t));
            if (i + 1 < n) {
                z[i + 1] = (float) (a * Math.sin(t));
            }
        }
        return z;
    }

    static float[] sigmas(SplittableRandom r, int n, Config cfg) {
        float[] s = new float[n];
        double lo = Math.log(cfg.sigmaMin());
        double hi = Math.log(cfg.sigmaMax());
        for (int i = 0; i < n; i++) {
            s[i] = (float) Math.exp(lo + (hi - lo) * r.nextDouble());
        }
        return s;
    }
}
