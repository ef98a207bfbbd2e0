package org.orrery.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.bank.BankReader;
import org.orrery.io.Hdf5;
import org.orrery.io.OutputLock;
import org.orrery.io.SampleWriter;
import org.orrery.posteriorfile.PosteriorFile;

/**
 * Issue 18's measured defects, one test each, through the real commands, host and bundles: every one
 * of these passed silently (or with the wrong exit status or message) on the main branch the issue
 * was measured on. two_moons, a 2000-simulation bank and a short MAF keep it to seconds.
 */
class SafeByDefaultCommandTest {

    @TempDir static Path dir;
    static String plugins;
    static Path bank;
    static Path posterior;

    static MainTest.Run run(String... args) {
        return MainTest.run(args);
    }

    @BeforeAll
    static void trainOnce() throws Exception {
        plugins = TestPlugins.folder(dir, "orrery-benchmark-simulators", "orrery-maf", "orrery-calibration-validators",
                "orrery-external-simulators").toString();
        bank = dir.resolve("bank.h5");
        var r = run("simulate", "--plugins", plugins, "--simulator", "two_moons", "--num", "2000", "--seed", "5",
                "--out", bank.toString());
        assertEquals(0, r.status(), r.err());
        posterior = dir.resolve("posterior.orrery");
        r = run("train", "--plugins", plugins, "--estimator", "maf", "--bank", bank.toString(), "--out",
                posterior.toString(), "--seed", "1", "--set", "max_epochs=15", "--set", "hidden=20", "--set", "transforms=3");
        assertEquals(0, r.status(), r.err());
    }

    private static Path csv(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static double[][] samples(Path h5) {
        try (HdfFile h = Hdf5.open(h5)) {
            return (double[][]) h.getDatasetByPath("/samples").getData();
        }
    }

    private static Map<String, String> attributes(Path h5) {
        try (HdfFile h = Hdf5.open(h5)) {
            var out = new java.util.LinkedHashMap<String, String>();
            h.getAttributes().forEach((k, a) -> out.put(k, a.getData() instanceof String s ? s : String.valueOf(a.getData())));
            return out;
        }
    }

    private MainTest.Run infer(Path obs, Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("infer", "--plugins", plugins, "--posterior", posterior.toString(),
                "--observation", obs.toString(), "--num-samples", "300", "--seed", "3", "--out", out.toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    /** "A CSV headed data_2,data_1 with its values swapped is accepted and gives a different posterior; foo,bar is accepted." */
    @Test
    void observationColumnsAreMatchedByNameNotPosition() throws Exception {
        Path inOrder = dir.resolve("ordered.h5");
        Path swapped = dir.resolve("swapped.h5");
        assertEquals(0, infer(csv("ordered.csv", "data_1,data_2\n-0.03,0.057\n"), inOrder).status());
        assertEquals(0, infer(csv("swapped.csv", "data_2,data_1\n0.057,-0.03\n"), swapped).status());
        assertTrue(Arrays.deepEquals(samples(inOrder), samples(swapped)), "the same observation, columns in another order");

        Path never = dir.resolve("foo.h5");
        var r = infer(csv("foo.csv", "foo,bar\n-0.03,0.057\n"), never);
        assertEquals(1, r.status());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("foo,bar") && r.err().contains("data_1,data_2"), "names found and expected: " + r.err());
        assertFalse(Files.exists(never));
    }

    /** "validate --bank on the very bank the posterior was trained on: four PASSes, no warning." */
    @Test
    void aHeldOutBankThatRepeatsTheTrainingDataIsRefusedOrLoudlyAllowed() throws Exception {
        Path report = dir.resolve("same-report");
        var r = run("validate", "--plugins", plugins, "--posterior", posterior.toString(), "--bank", bank.toString(),
                "--out", report.toString(), "--checks", "sbc", "--set", "pairs=20", "--set", "samples=50");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("is the bank the posterior was trained on") && r.err().contains("--allow-same-bank"), r.err());
        assertFalse(r.out().contains("running"), "refused before any check ran: " + r.out());
        assertFalse(Files.exists(report));

        // another file, same simulator and seed: the same simulations again
        Path again = dir.resolve("again.h5");
        assertEquals(0, run("simulate", "--plugins", plugins, "--simulator", "two_moons", "--num", "100", "--seed", "5",
                "--out", again.toString()).status());
        r = run("validate", "--plugins", plugins, "--posterior", posterior.toString(), "--bank", again.toString(),
                "--out", report.toString(), "--checks", "sbc", "--set", "pairs=20", "--set", "samples=50");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("with seed 5, the training bank's seed"), r.err());

        r = run("validate", "--plugins", plugins, "--posterior", posterior.toString(), "--bank", bank.toString(),
                "--out", report.toString(), "--checks", "sbc", "--set", "pairs=20", "--set", "samples=50", "--allow-same-bank");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("WARNING: the held-out bank " + bank + " is the bank the posterior was trained on"), r.out());
        String metrics = Files.readString(report.resolve("metrics.json"));
        assertTrue(metrics.contains("\"training_overlap\"") && metrics.contains("measure memory, not calibration"), metrics);
    }

    /** "An observation far outside anything simulated (x = (50, 50), or 1e308) gets confident samples and exit 0." */
    @Test
    void anObservationOutsideTheTrainingSimulationsIsWarnedAboutAndRecorded() throws Exception {
        Path typical = dir.resolve("typical.h5");
        var r = infer(csv("typical.csv", "data_1,data_2\n-0.03,0.057\n"), typical);
        assertEquals(0, r.status(), r.err());
        assertFalse(r.err().contains("WARNING"), r.err());
        assertTrue(r.err().contains("out-of-distribution check: observation vs 2000 training simulations"), r.err());
        assertEquals("false", attributes(typical).get("ood_warning"));
        assertTrue(Double.parseDouble(attributes(typical).get("ood_fraction_farther")) > 0.01);

        for (String x : List.of("50,50", "1e308,0")) {
            Path far = dir.resolve("far" + x.hashCode() + ".h5");
            r = infer(csv("far" + x.hashCode() + ".csv", "data_1,data_2\n" + x + "\n"), far);
            assertEquals(0, r.status(), r.err());
            assertTrue(r.err().contains("WARNING: observation vs 2000 training simulations") && r.err().contains("OUTSIDE the"
                    + " training distribution"), x + ": " + r.err());
            Map<String, String> a = attributes(far);
            assertEquals("true", a.get("ood_warning"), x);
            assertEquals(0.0, Double.parseDouble(a.get("ood_fraction_farther")), x);
            assertTrue(Double.parseDouble(a.get("ood_mahalanobis")) > 20, x + ": " + a);
        }
    }

    /** "A FITS observation truncated to 4000 of 5760 bytes is accepted (exit 0)." */
    @Test
    void aTruncatedFitsObservationIsRefused() throws Exception {
        Path whole = dir.resolve("whole.fits");
        try (Fits f = new Fits()) {
            f.addHDU(Fits.makeHDU(new double[] {-0.03, 0.057}));
            f.write(whole.toFile());
        }
        byte[] bytes = Files.readAllBytes(whole);
        assertEquals(5760, bytes.length, "two 2880-byte blocks");
        assertEquals(0, infer(whole, dir.resolve("whole-samples.h5")).status(), "the whole file is fine");
        Path cut = dir.resolve("cut.fits");
        Files.write(cut, Arrays.copyOf(bytes, 4000));
        Path out = dir.resolve("cut-samples.h5");
        var r = infer(cut, out);
        assertEquals(1, r.status(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("cut.fits") && r.err().contains("truncated"), r.err());
        assertFalse(Files.exists(out));
    }

    /** "Sample files carry no provenance: the FITS header has only a date, the HDF5 file only parameter_names." */
    @Test
    void samplesRecordWhereTheyCameFromInFitsAndHdf5() throws Exception {
        Path obs = csv("prov.csv", "data_1,data_2\n-0.03,0.057\n");
        Path h5 = dir.resolve("prov.h5");
        Path fits = dir.resolve("prov.fits");
        assertEquals(0, infer(obs, h5).status());
        assertEquals(0, infer(obs, fits).status());
        String postSha = SampleWriter.sha256(posterior);
        String obsSha = SampleWriter.sha256(obs);

        Map<String, String> a = attributes(h5);
        assertEquals(posterior.toAbsolutePath().normalize().toString(), a.get("posterior_file"));
        assertEquals(postSha, a.get("posterior_sha256"));
        assertEquals("maf", a.get("estimator"));
        assertTrue(a.get("estimator_config").contains("max_epochs=15") && a.get("estimator_config").contains("hidden=20"), a.toString());
        assertEquals("two_moons", a.get("simulator"));
        assertFalse(a.get("simulator_version").isEmpty());
        assertEquals(obs.toAbsolutePath().normalize().toString(), a.get("observation_file"));
        assertEquals(obsSha, a.get("observation_sha256"));
        assertEquals("3", a.get("seed"));
        assertEquals("Uniform(-1, 1)^2", a.get("prior"));
        assertFalse(a.get("orrery_version").isEmpty());
        assertTrue(a.containsKey("ood_mahalanobis"), a.toString());
        double[][] s = samples(h5);
        try (HdfFile h = Hdf5.open(h5)) {
            double[] theta2 = (double[]) h.getDatasetByPath("/theta_2").getData();
            for (int i = 0; i < s.length; i++) {
                assertEquals(s[i][1], theta2[i], 0.0, "one named dataset per parameter");
            }
        }

        try (Fits f = new Fits(fits.toFile())) {
            BasicHDU<?> hdu = f.getHDU(1);
            Header h = hdu.getHeader();
            assertEquals(postSha, h.getStringValue("POSTSHA"));
            assertEquals(obsSha, h.getStringValue("OBSSHA"));
            assertEquals("maf", h.getStringValue("ESTIMATR"));
            assertEquals("two_moons", h.getStringValue("SIMULATR"));
            assertEquals("3", h.getStringValue("SEED"));
            assertEquals("Uniform(-1, 1)^2", h.getStringValue("PRIOR"));
            assertFalse(h.getStringValue("ORRVER").isEmpty());
            assertEquals("false", h.getStringValue("OODWARN"));
        }
    }

    /** "No prior plugin ships (prior: gaussian → 'available: none'), so changing a prior means writing Java." */
    @Test
    void aPriorGivenAsTextReplacesTheSimulatorsAndIsRecordedDownstream() throws Exception {
        Path b = dir.resolve("normal-prior.h5");
        String prior = "theta_1: normal(0, 0.3); theta_2: uniform(-0.5, 0.5)";
        var r = run("simulate", "--plugins", plugins, "--simulator", "two_moons", "--num", "2000", "--seed", "8",
                "--prior", prior, "--out", b.toString());
        assertEquals(0, r.status(), r.err());
        var bank = BankReader.read(b);
        assertEquals("theta_1: normal(0, 0.3); theta_2: uniform(-0.5, 0.5)", bank.metadata().prior());
        double m1 = 0, s1 = 0, lo2 = 1, hi2 = -1;
        for (int i = 0; i < bank.size(); i++) {
            double[] t = bank.theta(i);
            m1 += t[0] / bank.size();
            s1 += t[0] * t[0] / bank.size();
            lo2 = Math.min(lo2, t[1]);
            hi2 = Math.max(hi2, t[1]);
        }
        // N(0, 0.3): the mean of 2000 draws is within 4 standard errors (0.027) of 0, the sd within 0.03 of 0.3
        assertEquals(0, m1, 0.027);
        assertEquals(0.3, Math.sqrt(s1 - m1 * m1), 0.03);
        assertTrue(lo2 >= -0.5 && hi2 <= 0.5 && lo2 < -0.49 && hi2 > 0.49, "U(-0.5, 0.5): " + lo2 + " … " + hi2);

        Path p = dir.resolve("normal-prior.orrery");
        assertEquals(0, run("train", "--plugins", plugins, "--estimator", "maf", "--bank", b.toString(), "--out", p.toString(),
                "--set", "max_epochs=2", "--set", "hidden=10", "--set", "transforms=2").status());
        assertEquals(prior, PosteriorFile.read(p).training().orElseThrow().prior(), "the posterior records the prior");
        Path s = dir.resolve("normal-prior-samples.h5");
        assertEquals(0, run("infer", "--plugins", plugins, "--posterior", p.toString(), "--observation",
                csv("np.csv", "data_1,data_2\n0,0\n").toString(), "--num-samples", "10", "--out", s.toString()).status());
        assertEquals(prior, attributes(s).get("prior"), "and so do its samples");

        r = run("simulate", "--plugins", plugins, "--simulator", "two_moons", "--num", "10", "--seed", "8",
                "--prior", "gaussian", "--out", dir.resolve("g.h5").toString());
        assertEquals(2, r.status(), "an unknown prior is a usage error");
        assertTrue(r.err().contains("'gaussian' is neither prior text nor an installed prior plugin") && r.err().contains(
                "normal(mu, sigma)"), r.err());
        r = run("simulate", "--plugins", plugins, "--simulator", "two_moons", "--num", "10", "--seed", "8",
                "--prior", "theta_1: normal(0, -1); theta_2: normal(0, 1)", "--out", dir.resolve("g.h5").toString());
        assertEquals(2, r.status(), "a malformed prior is a usage error");
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("normal(0, -1)"), r.err());
        assertFalse(Files.exists(dir.resolve("g.h5")));
    }

    /** "Banks, posteriors and samples are created mode 0600 under umask 0022." */
    @Test
    void outputsGetTheModesOfAnyNewFile() throws Exception {
        Path probe = Files.createFile(dir.resolve("probe-" + System.nanoTime()));
        String expected = PosixFilePermissions.toString(Files.getPosixFilePermissions(probe));
        Path s = dir.resolve("modes.fits");
        assertEquals(0, infer(csv("modes.csv", "data_1,data_2\n0,0\n"), s).status());
        for (Path p : List.of(bank, posterior, s)) {
            assertEquals(expected, PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p + " as a new file under the umask");
        }
    }

    /** "An existing finished bank given as --out is silently overwritten." */
    @Test
    void aFinishedBankIsNotReplacedWithoutOverwrite() throws Exception {
        Path b = dir.resolve("keep.h5");
        assertEquals(0, run("simulate", "--plugins", plugins, "--simulator", "two_moons", "--num", "50", "--seed", "1",
                "--out", b.toString()).status());
        byte[] before = Files.readAllBytes(b);
        var r = run("simulate", "--plugins", plugins, "--simulator", "two_moons", "--num", "60", "--seed", "2",
                "--out", b.toString());
        assertEquals(2, r.status(), r.err());
        assertEquals("orrery simulate: " + b + " exists (a finished bank); pass --overwrite to replace it, or choose another --out",
                r.err().strip());
        assertArrayEquals(before, Files.readAllBytes(b), "untouched");
        r = run("simulate", "--plugins", plugins, "--simulator", "two_moons", "--num", "60", "--seed", "2", "--overwrite",
                "--out", b.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(60, BankReader.read(b).size());
    }

    /** "A campaign whose simulations all failed exits 0 and writes a bank with no /theta." */
    @Test
    void aCampaignWhoseSimulationsAllFailedExitsNonZeroWithTheReasonsAndNoBank() throws Exception {
        Path ext = Files.createDirectories(dir.resolve("ext"));
        Files.writeString(ext.resolve("always_fails.simulator.yaml"), String.join("\n",
                "id: always_fails", "version: 1.0.0", "parameters:", "  - name: a", "    prior: uniform(0, 1)",
                "outputs:", "  - name: x", "    shape: [2]",
                "command: [/bin/sh, -c, \"echo 'negative halo mass' >&2; exit 3\"]", "mode: per-call", ""));
        Path b = dir.resolve("failed.h5");
        var r = run("simulate", "--plugins", plugins, "--plugins", ext.toString(), "--simulator", "always_fails", "--num", "4",
                "--seed", "1", "--workers", "1", "--out", b.toString());
        assertEquals(1, r.status(), r.err());
        String last = r.err().strip().lines().reduce((x, y) -> y).orElse("");
        assertTrue(last.startsWith("orrery simulate: all 4 simulations of always_fails failed, so no bank was written; first"
                + " failures: #0: "), r.err());
        assertTrue(last.contains("negative halo mass"), "the simulator's own reason: " + last);
        assertFalse(Files.exists(b), "no bank pretending to be a result");
    }

    /** "Range errors (--num -5, --workers 0) exit 1 where the README promises 2." */
    @Test
    void rangeErrorsAreUsageErrors() {
        var r = run("simulate", "--simulator", "two_moons", "--num", "-5", "--seed", "1", "--out", dir.resolve("r.h5").toString());
        assertEquals(2, r.status(), r.err());
        assertEquals("orrery simulate: --num must be between 1 and 2147483639, got: -5", r.err().strip());
        r = run("simulate", "--simulator", "two_moons", "--num", "5", "--workers", "0", "--seed", "1", "--out",
                dir.resolve("r.h5").toString());
        assertEquals(2, r.status(), r.err());
        assertEquals("orrery simulate: --workers must be >= 1, got: 0", r.err().strip());
        r = run("infer", "--posterior", "p.orrery", "--observation", "o.csv", "--num-samples", "0", "--out", "s.h5");
        assertEquals(2, r.status(), r.err());
        assertFalse(Files.exists(dir.resolve("r.h5")));
    }

    /** "train/infer messages leak BadInputException:". */
    @Test
    void messagesNameNoExceptionClasses() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("a-folder.orrery"));
        var r = run("train", "--plugins", plugins, "--estimator", "maf", "--bank", bank.toString(), "--out", folder.toString(),
                "--set", "max_epochs=1");
        assertEquals(1, r.status());
        assertEquals("orrery train: --out is a directory, not a posterior file: " + folder, r.err().strip());
        r = infer(csv("cls.csv", "data_1,data_2\n0,0\n"), Files.createDirectories(dir.resolve("a-folder.h5")));
        assertEquals(1, r.status());
        assertFalse(r.err().matches("(?s).*[A-Za-z]+(Exception|Error):.*"), r.err());
        // a cause wrapped by a plugin carries its class in its message; the command line takes it out
        var wrapped = new RuntimeException(new org.orrery.io.BadInputException("bank.h5 is truncated"));
        assertEquals("bank.h5 is truncated", Main.oneLine(wrapped));
        assertEquals("internal error (run with --verbose for the stack trace)", Main.oneLine(new NullPointerException()));
    }

    /** "validate computes every check before discovering it cannot write the report." */
    @Test
    void validateFindsAnUnwritableReportBeforeRunningAnyCheck() throws Exception {
        Path held = dir.resolve("held.h5");
        assertEquals(0, run("simulate", "--plugins", plugins, "--simulator", "two_moons", "--num", "100", "--seed", "77",
                "--out", held.toString()).status());
        Path file = Files.writeString(dir.resolve("report-is-a-file"), "x");
        Path notAReport = Files.createDirectories(dir.resolve("my-notes"));
        Files.writeString(notAReport.resolve("notes.txt"), "keep me");
        for (Path out : List.of(file, notAReport, file.resolve("sub"))) {
            long t0 = System.nanoTime();
            var r = run("validate", "--plugins", plugins, "--posterior", posterior.toString(), "--bank", held.toString(),
                    "--out", out.toString(), "--checks", "sbc,coverage");
            assertEquals(1, r.status(), r.err());
            assertFalse(r.out().contains("running"), "no check ran: " + r.out());
            assertTrue(r.err().startsWith("orrery validate: --out"), r.err());
            assertTrue((System.nanoTime() - t0) / 1e9 < 30, "fails fast");
        }
        assertEquals("keep me", Files.readString(notAReport.resolve("notes.txt")));

        Path report = dir.resolve("held-report");
        assertEquals(0, run("validate", "--plugins", plugins, "--posterior", posterior.toString(), "--bank", held.toString(),
                "--out", report.toString(), "--checks", "coverage", "--set", "pairs=20", "--set", "samples=50").status());
        var r = run("validate", "--plugins", plugins, "--posterior", posterior.toString(), "--bank", held.toString(),
                "--out", report.toString(), "--checks", "coverage", "--set", "pairs=20", "--set", "samples=50");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("exists (a finished report); pass --overwrite"), r.err());
        assertFalse(r.out().contains("running"), r.out());
        assertEquals(0, run("validate", "--plugins", plugins, "--posterior", posterior.toString(), "--bank", held.toString(),
                "--out", report.toString(), "--checks", "coverage", "--set", "pairs=20", "--set", "samples=50", "--overwrite").status());
    }

    /** "Two campaigns into one --out get the misleading 'holds an interrupted campaign'." */
    @Test
    void aSecondWriterIsToldTheFirstOnesPid() throws Exception {
        Path b = dir.resolve("busy.h5");
        long pid = ProcessHandle.current().pid();
        try (OutputLock held = OutputLock.acquire(b)) {
            var r = run("simulate", "--plugins", plugins, "--simulator", "two_moons", "--num", "50", "--seed", "1",
                    "--out", b.toString());
            assertEquals(1, r.status(), r.err());
            assertTrue(r.err().contains(b + " is in use by another process (pid " + pid + ")"), r.err());
            assertFalse(r.err().contains("interrupted"), r.err());
            assertFalse(Files.exists(b));

            Path report = dir.resolve("busy-report");
            try (OutputLock reportHeld = OutputLock.acquire(report)) {
                r = run("validate", "--plugins", plugins, "--posterior", posterior.toString(), "--bank", bank.toString(),
                        "--out", report.toString(), "--allow-same-bank", "--checks", "coverage");
                assertEquals(1, r.status(), r.err());
                assertTrue(r.err().contains("is in use by another process (pid " + pid + ")"), r.err());
                assertFalse(r.out().contains("running"), r.out());
            }
        }
        assertEquals(0, run("simulate", "--plugins", plugins, "--simulator", "two_moons", "--num", "50", "--seed", "1",
                "--out", b.toString()).status(), "free again once the first writer is done");
    }

    /** "Each estimator's settings listed by train --help or plugins --describe" (the README listed them by hand). */
    @Test
    void everyInstalledEstimatorsSettingsAreListedWithDefaults() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var all = json.readTree(run("plugins", "--plugins", plugins, "--json").out()).get("plugins");
        List<String> estimators = new java.util.ArrayList<>();
        all.forEach(p -> {
            if (p.get("kind").asText().equals("estimator")) {
                estimators.add(p.get("id").asText());
            }
        });
        assertTrue(estimators.containsAll(List.of("maf", "nsf")), estimators.toString());
        for (String id : estimators) {
            var r = run("plugins", "--plugins", plugins, "--describe", id, "--json");
            assertEquals(0, r.status(), r.err());
            var settings = json.readTree(r.out()).get(0).get("settings");
            assertTrue(settings.size() >= 8, id + ": " + settings);
            for (var setting : settings) {
                assertTrue(setting.has("default") && !setting.get("help").asText().isBlank(), id + ": " + setting);
            }
        }
        String help = run("train", "--help").out();
        assertTrue(help.contains("'orrery plugins --describe ID'"), help);
    }
}
