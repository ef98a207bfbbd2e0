package org.orrery.posteriors.imaging.bench;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.orrery.io.AtomicFiles;
import org.orrery.posteriors.imaging.internal.ScorePriorTraining;
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
 * [INTERIM file: the best prior so far, replaced atomically after every epoch that improved the held-out loss]
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
        String channels = args.length > 9 ? args[9] : "16-32-64";
        List<Simulator> simulators = new ArrayList<>();
        for (String s : sims) {
            simulators.add(switch (s.trim()) {
                case "eht_crescent" -> new Crescent(pixels, fov);
                case "eht_turbulent_ring" -> new TurbulentRing(pixels, fov);
                case "eht_blobs" -> new GaussianBlobs(pixels, fov);
                case "eht_blobs_generic" -> GaussianBlobs.generic(pixels, fov);
                default -> throw new IllegalArgumentException("unknown image simulator " + s);
            });
        }
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(seed);
        double[][] raw = new double[count][];
        for (int k = 0; k < count; k++) {
            Simulator sim = simulators.get(k % simulators.size());
            raw[k] = sim.simulate(sim.prior().sample(rng), rng);
        }
        // the settings of `orrery train --estimator score_prior` (ScorePriorTraining): same images, settings and seed, same file
        var settings = ScorePriorTraining.resolve(Map.of("epochs", epochs, "steps_per_epoch", steps, "batch", batch, "channels", channels,
                "fov_uas", fov, "flux_jy", 0.6));
        double[][] images = ScorePriorTraining.prepare(raw, pixels, 0, 0.6);
        long t0 = System.nanoTime();
        ScoreTrainer.Interim interim = args.length > 11 ? (epoch, val, prior) -> AtomicFiles.write(Path.of(args[11]), tmp -> {
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                prior.write(o);
            }
        }) : null;
        var checkpoint = ckpt == null ? org.orrery.posterior.TrainingCheckpoint.NONE : ckpt;
        ScoreTrainer.Result[] run = new ScoreTrainer.Result[1];
        AtomicFiles.write(out, tmp -> {
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                run[0] = ScorePriorTraining.train(images, settings, seed, "image simulators " + String.join("+", sims), System.out::println,
                        new org.orrery.posterior.TrainingListener() {
                            @Override
                            public void epoch(org.orrery.posterior.EpochReport report) {
                            }

                            @Override
                            public org.orrery.posterior.TrainingCheckpoint checkpoint() {
                                return checkpoint;
                            }
                        }, interim, o);
            }
        });
        var r = run[0];
        double wall = (System.nanoTime() - t0) / 1e9;
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
