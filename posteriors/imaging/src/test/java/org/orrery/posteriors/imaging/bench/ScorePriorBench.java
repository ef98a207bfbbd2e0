package org.orrery.posteriors.imaging.bench;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.orrery.imaging.ImageGrid;
import org.orrery.io.AtomicFiles;
import org.orrery.posteriors.imaging.internal.ScoreTrainer;
import org.orrery.simulator.Simulator;
import org.orrery.simulators.imaging.internal.Crescent;
import org.orrery.simulators.imaging.internal.GaussianBlobs;
import org.orrery.simulators.imaging.internal.TurbulentRing;

/**
 * Trains a score prior on images of the image simulators (bench/imaging-score-prior.sh) and writes
 * it as a .oscp file. Each image is a draw of one simulator (in turn), θ from its prior, rescaled to
 * 0.6 Jy (the prior models shapes; the imaging job sets the flux).
 * Args: OUT.oscp PIXELS FOV_UAS IMAGES SIMS(comma: eht_crescent,eht_turbulent_ring,eht_blobs) EPOCHS STEPS_PER_EPOCH BATCH SEED [CHANNELS e.g. 16-32-64]
 * [CHECKPOINT file: saved after every epoch, resumed from when it exists, removed when the prior is written]
 */
public final class ScorePriorBench {

    public static void main(String[] args) throws Exception {
        train(args, args.length > 10 ? new FileCheckpoint(Path.of(args[10])) : null);
    }

    /** As main, with the checkpoint given (null: none). */
    public static void train(String[] args, FileCheckpoint ckpt) throws Exception {
        Path out = Path.of(args[0]);
        int pixels = Integer.parseInt(args[1]);
        double fov = Double.parseDouble(args[2]);
        int count = Integer.parseInt(args[3]);
        String[] sims = args[4].split(",");
        int epochs = Integer.parseInt(args[5]);
        int steps = Integer.parseInt(args[6]);
        int batch = Integer.parseInt(args[7]);
        long seed = Long.parseLong(args[8]);
        int[] channels = java.util.Arrays.stream((args.length > 9 ? args[9] : "16-32-64").split("-")).mapToInt(Integer::parseInt).toArray();
        List<Simulator> simulators = new ArrayList<>();
        for (String s : sims) {
            simulators.add(switch (s.trim()) {
                case "eht_crescent" -> new Crescent(pixels, fov);
                case "eht_turbulent_ring" -> new TurbulentRing(pixels, fov);
                case "eht_blobs" -> new GaussianBlobs(pixels, fov);
                default -> throw new IllegalArgumentException("unknown image simulator " + s);
            });
        }
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(seed);
        double[][] images = new double[count][];
        for (int k = 0; k < count; k++) {
            Simulator sim = simulators.get(k % simulators.size());
            double[] img = sim.simulate(sim.prior().sample(rng), rng);
            double tot = 0;
            for (double v : img) {
                tot += v;
            }
            for (int p = 0; p < img.length; p++) {
                img[p] *= 0.6 / tot;
            }
            images[k] = img;
        }
        // EMA horizon about a tenth of the run (0.999 at most), so short runs still average trained weights
        double ema = Math.min(0.999, 1 - 10.0 / ((double) epochs * steps));
        var cfg = new ScoreTrainer.Config(channels, 64, 8, 0.01, 50, batch, steps, epochs, epochs, 2e-3, ema, seed);
        long t0 = System.nanoTime();
        var r = ScoreTrainer.train(ImageGrid.square(pixels, fov), images, cfg, "image simulators " + String.join("+", sims) + " at 0.6 Jy",
                System.out::println, ckpt == null ? org.orrery.posterior.TrainingCheckpoint.NONE : ckpt);
        double wall = (System.nanoTime() - t0) / 1e9;
        AtomicFiles.write(out, tmp -> {
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                r.write(o);
            }
        });
        if (ckpt != null) {
            Files.deleteIfExists(ckpt.file);
        }
        System.out.printf(Locale.ROOT, "RESULT prior=%s images=%d epochs=%d best_val=%.4f train_wall_s=%.0f bytes=%d%n", out.getFileName(), count,
                r.history().epochs(), r.history().bestValidationLoss(), wall, Files.size(out));
        System.out.println("provenance: " + r.provenance());
    }

    /** A checkpoint in one file, replaced atomically after every epoch. */
    public static class FileCheckpoint implements org.orrery.posterior.TrainingCheckpoint {
        final Path file;

        public FileCheckpoint(Path file) {
            this.file = file;
        }

        @Override
        public boolean due(int epoch) {
            return true;
        }

        @Override
        public void save(int epoch, byte[] state) {
            AtomicFiles.write(file, tmp -> Files.write(tmp, state));
        }

        @Override
        public java.util.Optional<byte[]> resume() {
            try {
                return Files.exists(file) ? java.util.Optional.of(Files.readAllBytes(file)) : java.util.Optional.empty();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
