package org.orrery.posteriors.imaging.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.orrery.data.ArraySpec;
import org.orrery.data.SimulationSet;
import org.orrery.imaging.ImageGrid;
import org.orrery.plugin.Setting;
import org.orrery.plugin.SettingValues;
import org.orrery.posterior.TrainingListener;

/**
 * The one mapping from training settings to a {@link ScoreTrainer} run, shared by
 * {@code orrery train --estimator score_prior} ({@link ScorePrior#train}) and the bench that makes
 * the shipped priors ({@code ScorePriorBench}), so that the same images, settings and seed give the
 * same {@code .oscp} bytes either way. Each image is rescaled to {@code flux_jy} total flux (the prior
 * models shapes; the imaging job sets the flux) and, when {@code pixels} is smaller than the bank's
 * images, block-averaged down to it.
 */
public final class ScorePriorTraining {

    static final Setting EPOCHS = Setting.integer("epochs", 24, Setting.Range.closed(1, 100_000), null, "training epochs");
    static final Setting STEPS = Setting.integer("steps_per_epoch", 200, Setting.Range.closed(1, 1_000_000), null,
            "optimiser steps per epoch (the learning-rate schedule spans epochs x steps)");
    static final Setting BATCH = Setting.integer("batch", 16, Setting.Range.closed(1, 4096), null, "images per optimiser step");
    static final Setting CHANNELS = Setting.text("channels", "8-16-32", "U-Net channels per level, e.g. 8-16-32 (image size divisible by 2^(levels-1))");
    static final Setting LR = Setting.number("lr", 2e-3, Setting.Range.open(0, 1), null, "peak learning rate (AdamW, warm-up and cosine decay)");
    static final Setting EMA = Setting.number("ema", 0, Setting.Range.closed(0, 0.99999), null,
            "EMA decay of the weights per step; 0: min(0.999, 1 - 10/(epochs x steps)), at least 0");
    static final Setting PATIENCE = Setting.integer("patience", 0, Setting.Range.closed(0, 100_000), null,
            "epochs without a better held-out loss before stopping; 0: never stop early");
    static final Setting SIGMA_MIN = Setting.number("sigma_min", 0.01, Setting.Range.positive(), null, "smallest noise level, in rms-pixel units");
    static final Setting SIGMA_MAX = Setting.number("sigma_max", 50, Setting.Range.positive(), null, "largest noise level, in rms-pixel units");
    static final Setting FLUX = Setting.number("flux_jy", 0.6, Setting.Range.positive(), "Jy", "total flux every training image is rescaled to");
    static final Setting FOV = Setting.number("fov_uas", 160, Setting.Range.positive(), "uas",
            "field of view of the bank's images (the image simulators' default is 160)");
    static final Setting PIXELS = Setting.integer("pixels", 0, Setting.Range.closed(0, 1024), null,
            "train on images block-averaged to this many pixels a side (must divide the bank's); 0: the bank's size");
    static final Setting MAX_IMAGES = Setting.integer("max_images", 0, Setting.Range.closed(0, Integer.MAX_VALUE), null,
            "train on the first N simulations of the bank; 0: all");

    static final List<Setting> SETTINGS = List.of(EPOCHS, STEPS, BATCH, CHANNELS, LR, EMA, PATIENCE, SIGMA_MIN, SIGMA_MAX, FLUX, FOV, PIXELS,
            MAX_IMAGES);

    private ScorePriorTraining() {
    }

    /** The training settings (name, default, range, meaning). */
    public static List<Setting> settings() {
        return SETTINGS;
    }

    /** {@code given} checked against {@link #settings()}, defaults filled in (unknown names refused). */
    public static SettingValues resolve(java.util.Map<String, ?> given) {
        return SettingValues.resolve("score_prior", SETTINGS, given);
    }

    /** The trainer's configuration for these settings and seed. */
    public static ScoreTrainer.Config config(SettingValues s, long seed) {
        int epochs = s.integer(EPOCHS.name());
        int steps = s.integer(STEPS.name());
        int[] channels;
        try {
            channels = Arrays.stream(s.text(CHANNELS.name()).split("-")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting channels must be positive integers joined by '-', e.g. 8-16-32, got: " + s.text(CHANNELS.name()));
        }
        if (channels.length < 1 || Arrays.stream(channels).anyMatch(c -> c < 1 || c > 1024)) {
            throw new IllegalArgumentException("setting channels must be integers in [1, 1024] joined by '-', e.g. 8-16-32, got: " + s.text(CHANNELS.name()));
        }
        double ema = s.number(EMA.name());
        // EMA horizon about a tenth of the run (0.999 at most), so short runs still average trained weights;
        // none for runs under 10 steps
        ema = ema > 0 ? ema : Math.max(0, Math.min(0.999, 1 - 10.0 / ((double) epochs * steps)));
        int patience = s.integer(PATIENCE.name());
        if (!(s.number(SIGMA_MAX.name()) > s.number(SIGMA_MIN.name()))) {
            throw new IllegalArgumentException("setting sigma_max (" + s.number(SIGMA_MAX.name()) + ") must exceed sigma_min ("
                    + s.number(SIGMA_MIN.name()) + ")");
        }
        return new ScoreTrainer.Config(channels, 64, 8, s.number(SIGMA_MIN.name()), s.number(SIGMA_MAX.name()), s.integer(BATCH.name()), steps,
                epochs, patience == 0 ? epochs : patience, s.number(LR.name()), ema, seed);
    }

    /** The training images of {@code data}: checked (a 2-D image observable, finite, positive flux), resized and rescaled as the settings say. */
    public static double[][] images(SimulationSet data, SettingValues s) {
        ArraySpec obs = data.observable();
        if (obs.rank() != 2) {
            throw new IllegalArgumentException("score_prior trains on 2-D images; this bank's observable '" + obs.name() + "' has shape "
                    + Arrays.toString(obs.shape()) + " (simulate with an image simulator, e.g. eht_crescent)");
        }
        int ny = obs.shape()[0];
        int nx = obs.shape()[1];
        if (ny != nx) {
            throw new IllegalArgumentException("score_prior trains on square images; this bank's are " + ny + "x" + nx);
        }
        int max = s.integer(MAX_IMAGES.name());
        int count = max > 0 ? Math.min(max, data.size()) : data.size();
        double[][] images = new double[count][];
        for (int k = 0; k < count; k++) {
            double[] x = data.x(k);
            for (int p = 0; p < x.length; p++) {
                if (!Double.isFinite(x[p])) {
                    throw new IllegalArgumentException("bank image " + k + " holds " + x[p] + " at pixel " + p + "; score_prior trains on finite images only");
                }
            }
            images[k] = x;
        }
        return prepare(images, nx, s.integer(PIXELS.name()), s.number(FLUX.name()));
    }

    /**
     * Images of {@code n x n} pixels block-averaged to {@code pixels} a side (0: unchanged) and each
     * rescaled to {@code flux} total flux.
     */
    public static double[][] prepare(double[][] images, int n, int pixels, double flux) {
        int m = pixels == 0 ? n : pixels;
        if (m > n || n % m != 0) {
            throw new IllegalArgumentException("setting pixels (" + pixels + ") must divide the bank's image size " + n);
        }
        int f = n / m;
        double[][] out = new double[images.length][];
        for (int k = 0; k < images.length; k++) {
            double[] x = images[k];
            double[] y;
            if (f == 1) {
                y = x.clone();
            } else {
                y = new double[m * m];
                for (int j = 0; j < n; j++) {
                    for (int i = 0; i < n; i++) {
                        y[(j / f) * m + i / f] += x[j * n + i] / (f * f);
                    }
                }
            }
            double tot = 0;
            for (double v : y) {
                tot += v;
            }
            if (!(tot > 0)) {
                throw new IllegalArgumentException("training image " + k + " has total flux " + tot + "; score_prior needs positive flux to rescale it");
            }
            for (int p = 0; p < y.length; p++) {
                y[p] *= flux / tot;
            }
            out[k] = y;
        }
        return out;
    }

    /** The grid of the prepared images. */
    public static ImageGrid grid(int pixels, SettingValues s) {
        return ImageGrid.square(pixels, s.number(FOV.name()));
    }

    /** Trains on prepared images and writes the {@code .oscp} file; returns the run. */
    public static ScoreTrainer.Result train(double[][] images, SettingValues s, long seed, String source, Consumer<String> log,
            TrainingListener progress, ScoreTrainer.Interim interim, OutputStream out) throws IOException {
        int pixels = (int) Math.round(Math.sqrt(images[0].length));
        String provenance = String.format(Locale.ROOT, "%s at %s Jy", source, Double.toString(s.number(FLUX.name())));
        ScoreTrainer.Result r = ScoreTrainer.train(grid(pixels, s), images, config(s, seed), provenance, log, progress, interim);
        r.write(out);
        return r;
    }
}
