package org.orrery.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.posteriorfile.PosteriorFile;

/**
 * simulate → train → infer through the real commands, host and bundles (benchmark simulators and
 * MAF), on gaussian_linear whose posterior N(x/2, 0.05 I) is known.
 */
class TrainInferCommandTest {

    @TempDir static Path dir;
    static String plugins;
    static Path posterior;

    static MainTest.Run run(String... args) {
        return MainTest.run(args);
    }

    @BeforeAll
    static void trainOnce() throws Exception {
        plugins = TestPlugins.folder(dir, "orrery-benchmark-simulators", "orrery-maf").toString();
        Path bank = dir.resolve("bank.h5");
        var r = run("simulate", "--plugins", plugins, "--simulator", "gaussian_linear", "--num", "3000", "--seed", "5",
                "--out", bank.toString());
        assertEquals(0, r.status(), r.err());
        Files.writeString(dir.resolve("maf.yaml"), "max_epochs: 40\nhidden: 30\n");
        posterior = dir.resolve("posterior.orrery");
        r = run("train", "--plugins", plugins, "--estimator", "maf", "--bank", bank.toString(), "--out",
                posterior.toString(), "--seed", "1", "--config", dir.resolve("maf.yaml").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("wrote " + posterior), r.out());
    }

    private static Path observation(String name, int n, double value) throws Exception {
        var header = new StringBuilder();
        var row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            header.append(i > 1 ? "," : "").append("data_").append(i);
            row.append(i > 1 ? "," : "").append(value);
        }
        Path p = dir.resolve(name);
        Files.writeString(p, header + "\n" + row + "\n");
        return p;
    }

    private static double[][] readCsv(Path p) throws Exception {
        List<String> lines = Files.readAllLines(p);
        double[][] out = new double[lines.size() - 1][];
        for (int i = 1; i < lines.size(); i++) {
            out[i - 1] = java.util.Arrays.stream(lines.get(i).split(",")).mapToDouble(Double::parseDouble).toArray();
        }
        return out;
    }

    @Test
    void posteriorFileRecordsWhereItCameFrom() {
        var h = PosteriorFile.read(posterior).header();
        assertEquals("maf", h.estimatorId());
        assertEquals("gaussian_linear", h.simulatorId());
        assertEquals(10, h.parameters().dimension());
        assertEquals(40, ((Number) h.config().get("max_epochs")).intValue());
        assertFalse(h.history().isEmpty());
        assertEquals(1, h.seed());
    }

    @Test
    void inferenceIsReproducibleAndNearTheAnalyticPosterior() throws Exception {
        Path obs = observation("obs.csv", 10, 0.2);
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        for (Path out : List.of(a, b)) {
            var r = run("infer", "--plugins", plugins, "--posterior", posterior.toString(), "--observation", obs.toString(),
                    "--num-samples", "4000", "--seed", "9", "--out", out.toString());
            assertEquals(0, r.status(), r.err());
        }
        assertEquals(Files.readString(a), Files.readString(b), "same seed, same samples");
        assertTrue(Files.readAllLines(a).get(0).startsWith("theta_1,theta_2,"), "parameter names as columns");
        double[][] s = readCsv(a);
        assertEquals(4000, s.length);
        // a short training run: loose but meaningful bounds around the analytic N(0.1, 0.05) marginals
        for (int j = 0; j < 10; j++) {
            double mean = 0;
            double sq = 0;
            for (double[] row : s) {
                mean += row[j];
                sq += row[j] * row[j];
            }
            mean /= s.length;
            double sd = Math.sqrt(sq / s.length - mean * mean);
            assertEquals(0.1, mean, 0.12, "posterior mean of theta_" + (j + 1));
            assertEquals(Math.sqrt(0.05), sd, 0.08, "posterior sd of theta_" + (j + 1));
        }

        var r = run("infer", "--plugins", plugins, "--posterior", posterior.toString(), "--observation", obs.toString(),
                "--num-samples", "4000", "--seed", "10", "--out", dir.resolve("c.csv").toString());
        assertEquals(0, r.status(), r.err());
        assertFalse(java.util.Arrays.deepEquals(s, readCsv(dir.resolve("c.csv"))), "another seed, other samples");
    }

    /** The spline estimator is a second component of the same bundle: found by id, its file read back by it. */
    @Test
    void nsfTrainsAndInfersThroughTheHost() throws Exception {
        Path nsf = dir.resolve("nsf.orrery");
        Files.writeString(dir.resolve("nsf.yaml"), "max_epochs: 3\nhidden: 20\nbins: 6\n");
        var r = run("train", "--plugins", plugins, "--estimator", "nsf", "--bank", dir.resolve("bank.h5").toString(), "--out",
                nsf.toString(), "--seed", "2", "--config", dir.resolve("nsf.yaml").toString());
        assertEquals(0, r.status(), r.err());
        var h = PosteriorFile.read(nsf).header();
        assertEquals("nsf", h.estimatorId());
        assertEquals(6, ((Number) h.config().get("bins")).intValue());
        Path out = dir.resolve("nsf.csv");
        r = run("infer", "--plugins", plugins, "--posterior", nsf.toString(), "--observation",
                observation("nsf-obs.csv", 10, 0.2).toString(), "--num-samples", "500", "--seed", "3", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        double[][] s = readCsv(out);
        assertEquals(500, s.length);
        for (double[] row : s) {
            assertEquals(10, row.length);
            for (double v : row) {
                assertTrue(Double.isFinite(v), "finite samples");
            }
        }
    }

    @Test
    void wrongShapedObservationIsRefusedWithoutOutput() throws Exception {
        Path obs = observation("short.csv", 8, 0.1);
        Path out = dir.resolve("never.h5");
        var r = run("infer", "--plugins", plugins, "--posterior", posterior.toString(), "--observation", obs.toString(),
                "--num-samples", "10", "--out", out.toString());
        assertEquals(1, r.status());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("(10,)") && r.err().contains("(8,)"), "names expected and found shapes: " + r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void truncatedPosteriorIsRefused() throws Exception {
        byte[] bytes = Files.readAllBytes(posterior);
        Path broken = dir.resolve("broken.orrery");
        Files.write(broken, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        var r = run("infer", "--plugins", plugins, "--posterior", broken.toString(), "--observation",
                observation("o2.csv", 10, 0.0).toString(), "--num-samples", "10", "--out", dir.resolve("x.csv").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("orrery infer: " + broken), r.err());
        assertFalse(Files.exists(dir.resolve("x.csv")));
    }

    @Test
    void unknownEstimatorSettingIsNamed() throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), "max_epochs: 2\nhiden: 30\n");
        Path out = dir.resolve("bad.orrery");
        var r = run("train", "--plugins", plugins, "--estimator", "maf", "--bank", dir.resolve("bank.h5").toString(),
                "--out", out.toString(), "--config", dir.resolve("bad.yaml").toString());
        assertEquals(2, r.status(), "an unknown setting is a usage error");
        assertTrue(r.err().contains("hiden"), r.err());
        assertFalse(Files.exists(out));

        Files.writeString(dir.resolve("list.yaml"), "- 1\n- 2\n");
        r = run("train", "--plugins", plugins, "--estimator", "maf", "--bank", dir.resolve("bank.h5").toString(),
                "--out", out.toString(), "--config", dir.resolve("list.yaml").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("expected a mapping of settings"), r.err());
    }

    @Test
    void unknownEstimatorListsTheInstalledOnes() {
        var r = run("train", "--plugins", plugins, "--estimator", "mdn", "--bank", dir.resolve("bank.h5").toString(),
                "--out", dir.resolve("n.orrery").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("unknown") && r.err().contains("maf") && r.err().contains("nsf"), r.err());
    }
}
