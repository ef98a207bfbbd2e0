package org.orrery.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.imaging.EhtTestData;

/**
 * Issue 15 item 4 end to end: {@code orrery simulate --simulator eht_crescent} (64² images), {@code orrery
 * train --estimator score_prior} on them (block-averaged to 16², a tiny U-Net, 2 × 10 steps), and
 * {@code orrery image --prior FILE.oscp} with the trained file on the shipped April 6 data (writes
 * samples.fits). The CLI's file equals the trainer called directly with the same arguments in another
 * JVM, byte for byte; bad inputs fail in one line and write nothing. Plumbing, not quality.
 */
class ScorePriorCommandTest {

    @TempDir static Path dir;
    static String plugins;
    static Path bank;
    static Path prior;
    static MainTest.Run trained;

    static final String[] TINY = {"--set", "pixels=16", "--set", "channels=8-16", "--set", "batch=4", "--set", "steps_per_epoch=10",
        "--set", "epochs=2"};

    @BeforeAll
    static void simulateAndTrain() throws Exception {
        plugins = TestPlugins.folder(dir, "orrery-imaging-simulators", "orrery-image-priors", "orrery-benchmark-simulators").toString();
        bank = dir.resolve("train.h5");
        var r = MainTest.run("simulate", "--plugins", plugins, "--simulator", "eht_crescent", "--num", "20", "--seed", "3", "--out",
                bank.toString());
        assertEquals(0, r.status(), r.err());
        prior = dir.resolve("mine.oscp");
        trained = MainTest.run(cat(new String[] {"train", "--plugins", plugins, "--estimator", "score_prior", "--bank", bank.toString(),
            "--out", prior.toString(), "--seed", "7", "--checkpoint-every", "0"}, TINY));
    }

    @Test
    void trainsAFileThatImagesRightAway() throws Exception {
        assertEquals(0, trained.status(), trained.err());
        assertTrue(trained.out().contains("training prior score_prior on 20 simulations"), trained.out());
        assertTrue(trained.out().contains("epoch 1/2"), trained.out()); // progress (plain logs: a line every 5 s)
        assertTrue(trained.out().contains("wrote " + prior + " (2 epochs, best validation loss"), trained.out());
        assertFalse(Files.exists(dir.resolve("mine.oscp.ckpt")), "the checkpoint is removed once the prior is written");

        Path out = dir.resolve("img");
        var r = MainTest.run("image", "--plugins", plugins, "--observation", EhtTestData.uvfits().toString(), "--prior", prior.toString(),
                "--pixels", "16", "--fov-uas", "160", "--num-samples", "2", "--seed", "1", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.size(out.resolve("samples.fits")) > 16 * 16 * 2 * 4, "samples.fits holds the 2 x 16 x 16 cube");
        assertTrue(r.out().contains("mine: ring diameter"), r.out()); // the prior is named by its file
    }

    @Test
    void equalsTheTrainerCalledDirectly() throws Exception {
        assertEquals(0, trained.status(), trained.err());
        Path ref = dir.resolve("reference.oscp");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), ScorePriorReference.class.getName(),
                bank.toString(), ref.toString(), "16", "8-16", "4", "10", "2", "7"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("reference.log").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "reference run timed out");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("reference.log")));
        assertArrayEquals(Files.readAllBytes(ref), Files.readAllBytes(prior), "the CLI's prior differs from the trainer's own run");
    }

    @Test
    void badInputFailsInOneLineAndWritesNothing() throws Exception {
        // a bank of vectors, not images
        Path vectors = dir.resolve("vectors.h5");
        var r = MainTest.run("simulate", "--plugins", plugins, "--simulator", "gaussian_linear", "--num", "20", "--seed", "1", "--out",
                vectors.toString());
        assertEquals(0, r.status(), r.err());
        refused(train(vectors, "a.oscp"), "score_prior trains on 2-D images; this bank's observable", "a.oscp");
        // an unknown setting
        refused(train(bank, "b.oscp", "--set", "epochz=3"), "epochz", "b.oscp");
        // an output that --prior would not recognise as a file
        refused(train(bank, "c.prior"), "must be named *.oscp", "c.prior");
        // --prior naming a missing and a corrupt file
        Path corrupt = dir.resolve("corrupt.oscp");
        Files.write(corrupt, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        for (Path bad : new Path[] {dir.resolve("missing.oscp"), corrupt}) {
            Path out = dir.resolve("img-" + bad.getFileName());
            r = MainTest.run("image", "--plugins", plugins, "--observation", EhtTestData.uvfits().toString(), "--prior", bad.toString(),
                    "--pixels", "16", "--fov-uas", "160", "--num-samples", "2", "--out", out.toString());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.status() != 0 && r.err().contains(bad.getFileName().toString()), r.err());
            assertFalse(Files.exists(out), "no partial output for " + bad);
        }
        // NaN in the images
        Path nan = dir.resolve("nan.h5");
        Files.copy(bank, nan);
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import h5py, sys, numpy as np\n"
                + "f = h5py.File(sys.argv[1], 'r+')\nd = []\n"
                + "f.visititems(lambda n, o: d.append(n) if isinstance(o, h5py.Dataset) and o.ndim == 3 else None)\n"
                + "f[d[0]][4, 2, 3] = np.nan\nf.close()\n",
                nan.toString()).redirectErrorStream(true).start();
        String py = new String(p.getInputStream().readAllBytes());
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "h5py could not edit the bank: " + py);
        refused(train(nan, "d.oscp"), "holds NaN", "d.oscp");
    }

    private static MainTest.Run train(Path from, String out, String... more) {
        return MainTest.run(cat(cat(new String[] {"train", "--plugins", plugins, "--estimator", "score_prior", "--bank", from.toString(), "--out",
            dir.resolve(out).toString()}, TINY), more));
    }

    private static void refused(MainTest.Run r, String says, String out) {
        assertTrue(r.status() != 0, r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(says), r.err());
        assertFalse(Files.exists(dir.resolve(out)), "nothing written at " + out);
    }

    private static String[] cat(String[] a, String... b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
