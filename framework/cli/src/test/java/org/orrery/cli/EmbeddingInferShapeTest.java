package org.orrery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.posteriorfile.PosteriorFile;

/**
 * {@code orrery infer} with a cnn-embedded posterior on a FITS image (issue 13): an image of the right
 * shape just works; one whose shape does not match the embedding's is refused with one line naming
 * both shapes and no output. The posterior is trained with the cnn's power-pooling, global input
 * scaling and power-shell options given through {@code --set}, and the file records them.
 */
class EmbeddingInferShapeTest {

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS) static Path dir;
    static String plugins;
    static Path posterior;

    @BeforeAll
    static void train() throws Exception {
        plugins = TestPlugins.folder(dir, "orrery-cosmology-simulators", "orrery-maf").toString();
        Path bank = dir.resolve("grf.h5");
        var r = MainTest.run("simulate", "--plugins", plugins, "--simulator", "grf", "--set", "grid=16", "--set", "dims=2",
                "--num", "120", "--seed", "4", "--out", bank.toString());
        assertEquals(0, r.status(), r.err());
        posterior = dir.resolve("cnn.orrery");
        r = MainTest.run("train", "--plugins", plugins, "--estimator", "maf", "--bank", bank.toString(), "--out", posterior.toString(),
                "--seed", "5", "--set", "max_epochs=2", "--set", "hidden=16", "--set", "transforms=2", "--set", "batch_size=40",
                "--set", "embedding=cnn", "--set", "embedding_channels=4,8", "--set", "embedding_summaries=4",
                "--set", "embedding_hidden=16", "--set", "embedding_pool=power", "--set", "embedding_input=global",
                "--set", "embedding_power_bins=5");
        assertEquals(0, r.status(), r.err());
    }

    private static Path image(String name, int n) throws Exception {
        float[][] img = new float[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                img[i][j] = (float) (0.3 * Math.sin(0.7 * i) * Math.cos(0.4 * j));
            }
        }
        Path p = dir.resolve(name);
        try (Fits fits = new Fits()) {
            BasicHDU<?> hdu = Fits.makeHDU(img);
            fits.addHDU(hdu);
            fits.write(p.toFile());
        }
        return p;
    }

    @Test
    void theFileRecordsTheCnnOptions() throws Exception {
        Map<String, Object> cfg = PosteriorFile.read(posterior).header().config();
        assertEquals("power", String.valueOf(cfg.get("embedding_pool")), cfg.toString());
        assertEquals("global", String.valueOf(cfg.get("embedding_input")), cfg.toString());
        assertEquals("5", String.valueOf(cfg.get("embedding_power_bins")), cfg.toString());
    }

    @Test
    void aFitsImageOfTheEmbeddingsShapeJustWorks() throws Exception {
        Path out = dir.resolve("samples.h5");
        var r = MainTest.run("infer", "--plugins", plugins, "--posterior", posterior.toString(), "--observation",
                image("good.fits", 16).toString(), "--num-samples", "20", "--seed", "3", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.size(out) > 0);
    }

    @Test
    void anImageOfAnotherShapeIsRefusedInOneLineNamingBothShapes() throws Exception {
        Path out = dir.resolve("never.h5");
        var r = MainTest.run("infer", "--plugins", plugins, "--posterior", posterior.toString(), "--observation",
                image("small.fits", 12).toString(), "--num-samples", "20", "--seed", "3", "--out", out.toString());
        assertEquals(1, r.status(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("(12, 12)") && r.err().contains("(16, 16)"), "names found and expected shapes: " + r.err());
        assertFalse(Files.exists(out));
    }
}
