package org.orrery.posteriors.imaging.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.posteriors.imaging.bench.ScorePriorBench;

/**
 * Score-prior training survives kill -9 (issue 15): the trainer runs in a child JVM that checkpoints
 * after every epoch and is killed with SIGKILL once a checkpoint exists and before it finishes (no
 * prior file is left); resuming from that checkpoint in this JVM finishes the run, and the prior file
 * is byte-identical to an uninterrupted run's with the same seed, at the same thread count (one, as
 * the build's surefire settings and the child's inherited environment give). Tiny size: 8 × 8 eht_crescent
 * images, U-Net 8-16, 8 epochs of 10 steps.
 */
class ScoreTrainerResumeTest {

    static final String[] RUN = {"8", "160", "40", "eht_crescent", "8", "10", "8", "5", "8-16"};

    @Test
    void killedTrainingResumesToTheSameBytes(@TempDir Path dir) throws Exception {
        // libtorch now and then returns a non-finite gradient (open defect, issue 13); the trainer recomputes
        // the batch and skips it if it is non-finite again, so a run with such an event is not reproducible
        // even uninterrupted: then (and only then) the comparison is repeated once in a fresh directory
        String events = killResumeCompare(Files.createDirectories(dir.resolve("1")));
        if (events != null) {
            String again = killResumeCompare(Files.createDirectories(dir.resolve("2")));
            assertEquals(null, again, "twice a run with libtorch non-finite gradients differed after resuming: " + events + " / " + again);
        }
    }

    /** Null when the resumed file equals the uninterrupted one; the non-finite-gradient log lines when it differs after such events. */
    private static String killResumeCompare(Path dir) throws Exception {
        java.io.PrintStream stdout = System.out;
        var captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                stdout.write(b);
                captured.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                stdout.write(b, off, len);
                captured.write(b, off, len);
            }
        }, true));
        try {
            return killResumeCompare(dir, captured);
        } finally {
            System.setOut(stdout);
        }
    }

    private static String killResumeCompare(Path dir, java.io.ByteArrayOutputStream captured) throws Exception {
        Path whole = dir.resolve("whole.oscp");
        ScorePriorBench.main(args(whole, null));

        Path out = dir.resolve("resumed.oscp");
        Path ckpt = dir.resolve("resumed.ckpt");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), ScorePriorBench.class.getName()));
        cmd.addAll(List.of(args(out, ckpt)));
        Path log = dir.resolve("killed.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!Files.exists(ckpt)) {
            assertTrue(p.isAlive(), "training ended before its first checkpoint: " + Files.readString(log));
            assertTrue(System.nanoTime() < deadline, "no checkpoint within 300 s");
            Thread.sleep(2);
        }
        assertTrue(p.isAlive(), "the child finished before it could be killed");
        p.destroyForcibly(); // SIGKILL
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertFalse(Files.exists(out), "a killed run leaves no prior file");
        assertFalse(Files.readString(log).contains("epoch 8/8"), "the child was killed after it finished training: " + Files.readString(log));

        ScorePriorBench.main(args(out, ckpt));
        assertFalse(Files.exists(ckpt), "the checkpoint is removed once the prior is written");
        String logs = captured + Files.readString(log);
        if (!java.util.Arrays.equals(Files.readAllBytes(whole), Files.readAllBytes(out)) && logs.contains("non-finite gradient")) {
            return logs.lines().filter(l -> l.contains("non-finite gradient")).distinct().toList().toString();
        }
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(out), "resumed prior differs from the uninterrupted one");
        return null;
    }

    @Test
    void aCheckpointOfOtherSettingsIsRefusedInOneLine(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("a.ckpt");
        String[] a = args(dir.resolve("a.oscp"), ckpt);
        a[5] = "1"; // one epoch: the checkpoint of epoch 1 is written, then the prior, then the checkpoint is removed
        // keep a checkpoint: write it with a run of other settings and copy it before it is removed
        var cp = new ScorePriorBench.FileCheckpoint(ckpt) {
            @Override
            public void save(int epoch, byte[] state) {
                super.save(epoch, state);
                try {
                    Files.copy(ckpt, dir.resolve("kept.ckpt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        ScorePriorBench.train(a, cp);
        String[] other = args(dir.resolve("b.oscp"), dir.resolve("kept.ckpt"));
        other[6] = "16"; // another step count per epoch
        var e = assertThrows(IllegalArgumentException.class, () -> ScorePriorBench.main(other));
        assertTrue(e.getMessage().startsWith("cannot resume from the score-prior checkpoint: it was written with other training settings"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        Files.write(dir.resolve("kept.ckpt"), new byte[] {1, 2, 3});
        var c = assertThrows(IllegalArgumentException.class, () -> ScorePriorBench.main(other));
        assertTrue(c.getMessage().startsWith("cannot resume from the score-prior checkpoint"), c.getMessage());
        assertEquals(-1, c.getMessage().indexOf('\n'));
    }

    static String[] args(Path out, Path ckpt) {
        List<String> a = new ArrayList<>(List.of(out.toString()));
        a.addAll(List.of(RUN));
        if (ckpt != null) {
            a.add(ckpt.toString());
        }
        return a.toArray(String[]::new);
    }
}
