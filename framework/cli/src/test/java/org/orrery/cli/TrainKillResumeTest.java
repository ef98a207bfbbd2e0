package org.orrery.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.posteriorfile.PosteriorFile;

/**
 * Training survives kill -9: {@code orrery train} runs in a real child JVM that checkpoints after
 * every epoch; it is killed with SIGKILL as soon as the first checkpoint appears, which leaves the
 * checkpoint readable and no posterior file; {@code --resume} then finishes the run, and its posterior
 * file is byte-identical to an uninterrupted run's with the same seed (SOURCE_DATE_EPOCH fixes the
 * file's creation time, as for reproducible builds). For maf, nsf, maf with a cnn embedding on
 * libtorch (one thread), and fmpe (libtorch, one thread; the interpolant's resume is checked in process
 * by posteriors/interpolant's DriftCheckpointTest).
 */
class TrainKillResumeTest {

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS) static Path dir;
    static String plugins;
    static Path vectors;
    static Path fields;

    @BeforeAll
    static void banks() throws Exception {
        plugins = TestPlugins.folder(dir, "orrery-benchmark-simulators", "orrery-cosmology-simulators", "orrery-maf",
                "orrery-interpolant").toString();
        vectors = dir.resolve("gl.h5");
        var r = MainTest.run("simulate", "--plugins", plugins, "--simulator", "gaussian_linear", "--num", "1000", "--seed", "3",
                "--out", vectors.toString());
        assertEquals(0, r.status(), r.err());
        fields = dir.resolve("grf.h5");
        r = MainTest.run("simulate", "--plugins", plugins, "--simulator", "grf", "--set", "grid=16", "--set", "dims=2",
                "--num", "200", "--seed", "4", "--out", fields.toString());
        assertEquals(0, r.status(), r.err());
    }

    @Test
    void mafResumesToTheSameBytes() throws Exception {
        killResumeCompare("maf", vectors, List.of("max_epochs=10", "patience=100", "hidden=20", "batch_size=50"), true);
    }

    @Test
    void nsfResumesToTheSameBytes() throws Exception {
        killResumeCompare("nsf", vectors, List.of("max_epochs=6", "patience=100", "hidden=20", "transforms=2", "batch_size=50"), false);
    }

    @Test
    void cnnEmbeddedMafResumesToTheSameBytesOnOneThread() throws Exception {
        killResumeCompare("maf", fields, List.of("max_epochs=6", "patience=100", "hidden=20", "transforms=2",
                "embedding=cnn", "embedding_channels=4,8", "embedding_summaries=4", "embedding_hidden=16", "batch_size=40"), false);
    }

    @Test
    void fmpeResumesToTheSameBytesOnOneThread() throws Exception {
        killResumeCompare("fmpe", vectors, List.of("max_epochs=6", "patience=100", "hidden=16", "layers=2", "time_width=8",
                "batch_size=50"), false);
    }

    private static void killResumeCompare(String estimator, Path bank, List<String> sets, boolean refusals) throws Exception {
        Path work = Files.createDirectories(dir.resolve(estimator + "-" + bank.getFileName() + "-" + sets.size()));
        Path whole = work.resolve("whole.orrery");
        Process p = train(estimator, bank, whole, sets, false, work.resolve("whole.log"));
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "uninterrupted run did not finish");
        assertEquals(0, p.exitValue(), Files.readString(work.resolve("whole.log")));
        assertFalse(Files.exists(Path.of(whole + ".ckpt")), "the checkpoint is removed once the posterior is written");

        Path out = work.resolve("resumed.orrery");
        Path ckpt = Path.of(out + ".ckpt");
        p = train(estimator, bank, out, sets, false, work.resolve("killed.log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!Files.exists(ckpt)) {
            assertTrue(p.isAlive(), "training ended before its first checkpoint: " + Files.readString(work.resolve("killed.log")));
            assertTrue(System.nanoTime() < deadline, "no checkpoint within 300 s");
            Thread.sleep(2);
        }
        p.destroyForcibly(); // SIGKILL on Linux
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), "killed by SIGKILL (128 + 9), not finished");
        assertFalse(Files.exists(out), "no posterior file after kill -9");
        int saved = PosteriorFile.readCheckpoint(ckpt).header().history().size();
        assertTrue(saved >= 1, "the checkpoint holds at least one epoch");

        // a leftover checkpoint is not silently overwritten, nor resumed by a different run
        if (refusals) {
            refusals(estimator, bank, out, sets);
        }

        p = train(estimator, bank, out, sets, true, work.resolve("resumed.log"));
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "resumed run did not finish");
        String log = Files.readString(work.resolve("resumed.log"));
        assertEquals(0, p.exitValue(), log);
        Matcher m = Pattern.compile("resuming from .* after epoch (\\d+)").matcher(log);
        assertTrue(m.find(), log);
        int from = Integer.parseInt(m.group(1));
        int total = PosteriorFile.read(whole).header().history().size();
        assertTrue(from >= saved && from < total, "resumed after epoch " + from + " of " + total);
        assertFalse(Files.exists(ckpt));
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(out),
                "resumed posterior file differs from the uninterrupted run's (" + estimator + " " + sets + ")");
    }

    private static void refusals(String estimator, Path bank, Path out, List<String> sets) {
        var refused = MainTest.run(args(estimator, bank, out, sets, false).toArray(String[]::new));
        assertNotEquals(0, refused.status());
        assertTrue(refused.err().contains("--resume") && refused.err().lines().count() == 1, refused.err());
        List<String> otherSeed = args(estimator, bank, out, sets, true);
        otherSeed.set(otherSeed.indexOf("--seed") + 1, "8");
        refused = MainTest.run(otherSeed.toArray(String[]::new));
        assertNotEquals(0, refused.status());
        assertTrue(refused.err().contains("seed 7 there, 8 here"), refused.err());
    }

    private static List<String> args(String estimator, Path bank, Path out, List<String> sets, boolean resume) {
        List<String> a = new ArrayList<>(List.of("train", "--plugins", plugins, "--estimator", estimator, "--bank",
                bank.toString(), "--out", out.toString(), "--seed", "7", "--checkpoint-every", "0"));
        for (String s : sets) {
            a.add("--set");
            a.add(s);
        }
        if (resume) {
            a.add("--resume");
        }
        return a;
    }

    private static Process train(String estimator, Path bank, Path out, List<String> sets, boolean resume, Path log)
            throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", cp, Main.class.getName()));
        cmd.addAll(args(estimator, bank, out, sets, resume));
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SOURCE_DATE_EPOCH", "1700000000");
        return pb.start();
    }
}
