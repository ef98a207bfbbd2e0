package org.orrery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.bank.Bank;
import org.orrery.bank.BankReader;
import org.orrery.data.ArraySpec;
import org.orrery.host.OrreryHost;
import org.orrery.workflow.ValidationRun;
import org.orrery.host.PluginHandle;
import org.orrery.parameter.ParameterSpace;
import org.orrery.plugin.PluginKind;
import org.orrery.posterior.Posterior;
import org.orrery.random.RandomStreams;
import org.orrery.report.HeadlessChromium;
import org.orrery.validation.Metric;
import org.orrery.validation.ValidationResult;
import org.orrery.validation.Validator;
import picocli.CommandLine;

/**
 * {@code orrery validate} through the real command, host and bundles (two_moons, MAF, calibration
 * validators): a posterior trained to convergence on 3000 simulations is calibrated; the same
 * posterior made twice too narrow or twice too wide is not; the report opens in headless Chromium.
 */
class ValidateCommandTest {

    @TempDir static Path dir;
    static String plugins;
    static Path posterior;
    static Path heldOut;

    @BeforeAll
    static void trainOnce() throws Exception {
        plugins = TestPlugins.folder(dir, "orrery-benchmark-simulators", "orrery-maf", "orrery-calibration-validators").toString();
        Path bank = dir.resolve("bank.h5");
        var r = MainTest.run("simulate", "--plugins", plugins, "--simulator", "two_moons", "--num", "3000", "--seed", "5",
                "--out", bank.toString());
        assertEquals(0, r.status(), r.err());
        heldOut = dir.resolve("heldout.h5");
        r = MainTest.run("simulate", "--plugins", plugins, "--simulator", "two_moons", "--num", "200", "--seed", "6",
                "--out", heldOut.toString());
        assertEquals(0, r.status(), r.err());
        // early stopping (patience 20) ends training; the cap only bounds the test's time
        Files.writeString(dir.resolve("maf.yaml"), "max_epochs: 250\n");
        posterior = dir.resolve("posterior.orrery");
        r = MainTest.run("train", "--plugins", plugins, "--estimator", "maf", "--bank", bank.toString(), "--out",
                posterior.toString(), "--seed", "1", "--config", dir.resolve("maf.yaml").toString());
        assertEquals(0, r.status(), r.err());
    }

    @Test
    void reportHasEveryCheckAndOpensInHeadlessChromium() throws Exception {
        Path report = dir.resolve("report");
        var r = MainTest.run("validate", "--plugins", plugins, "--posterior", posterior.toString(), "--bank",
                heldOut.toString(), "--out", report.toString(), "--seed", "3");
        assertEquals(0, r.status(), r.err());
        for (String check : List.of("sbc", "tarp", "coverage", "c2st")) {
            assertTrue(Pattern.compile("(?m)^  " + check + " +(PASS|FAIL)  ").matcher(r.out()).find(), "verdict line of " + check + ":\n" + r.out());
        }
        assertTrue(r.out().contains("report: " + report.resolve("index.html")), r.out());

        JsonNode metrics = new ObjectMapper().readTree(report.resolve("metrics.json").toFile());
        for (String check : List.of("sbc", "tarp", "coverage", "c2st")) {
            JsonNode c = metrics.get(check);
            assertNotNull(c, "metrics.json lacks " + check + ": " + metrics);
            List<Double> numbers = new ArrayList<>();
            c.path("metrics").forEach(v -> {
                if (v.isNumber()) {
                    numbers.add(v.asDouble());
                }
            });
            assertFalse(numbers.isEmpty(), check + " has no numbers: " + c);
            assertTrue(numbers.stream().allMatch(Double::isFinite), check + ": " + numbers);
        }
        assertTrue(metrics.get("c2st").path("metrics").path("accuracy").isNumber(), metrics.get("c2st").toString());
        assertTrue(metrics.get("sbc").path("metrics").path("min_ks_pvalue").isNumber(), metrics.get("sbc").toString());
        String provenance = metrics.get("provenance").toString();
        for (String key : List.of("orrery_version", "estimator", "simulator", "heldout_bank", "training_seed", "validation_seed", "check_sbc")) {
            assertTrue(provenance.contains(key), "provenance lacks " + key + ": " + provenance);
        }
        assertTrue(provenance.contains(heldOut.toString()), provenance);

        List<String> pngs;
        try (var s = Files.list(report.resolve("figures"))) {
            pngs = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).sorted().toList();
        }
        for (String id : List.of("sbc_ranks", "tarp", "coverage", "training", "corner_heldout_1")) {
            assertTrue(pngs.contains(id + ".png"), "figure " + id + " missing: " + pngs);
            assertTrue(Files.size(report.resolve("figures/" + id + ".pdf")) > 1000, id + ".pdf");
        }
        assertTrue(Files.readString(report.resolve("table.tex")).contains("sbc"));

        HeadlessChromium.requireInstalled();
        Path page = report.resolve("index.html");
        assertEquals(new HeadlessChromium.Images(pngs.size(), 0, pngs.size()), HeadlessChromium.images(page),
                "loaded, broken, expected images: every figure loaded");
        HeadlessChromium.screenshot(page, Path.of("target").toAbsolutePath().resolve("validate-report-screenshot.png"), 1280, 2400);
    }

    /**
     * The must-show of issue 5: SBC and TARP accept the trained posterior and reject it with its
     * spread halved or doubled, through the validator plugins the command uses. The task is
     * gaussian_linear, which MAF learns to calibration at 3000 simulations (SBC min KS p 0.14–0.26,
     * TARP max|ECP−α| ≈ 0.05 over three training seeds); on two_moons MAF at this budget favours one
     * moon and SBC rightly fails it for most seeds.
     */
    @Test
    void trainedPosteriorPassesAndRescaledSpreadsFail() throws Exception {
        Path bankGl = dir.resolve("gl-bank.h5");
        var run = MainTest.run("simulate", "--plugins", plugins, "--simulator", "gaussian_linear", "--num", "3000",
                "--seed", "5", "--out", bankGl.toString());
        assertEquals(0, run.status(), run.err());
        Path heldOutGl = dir.resolve("gl-heldout.h5");
        run = MainTest.run("simulate", "--plugins", plugins, "--simulator", "gaussian_linear", "--num", "200",
                "--seed", "7", "--out", heldOutGl.toString());
        assertEquals(0, run.status(), run.err());
        Path posteriorGl = dir.resolve("gl-posterior.orrery");
        run = MainTest.run("train", "--plugins", plugins, "--estimator", "maf", "--bank", bankGl.toString(), "--out",
                posteriorGl.toString(), "--seed", "1", "--config", dir.resolve("maf.yaml").toString());
        assertEquals(0, run.status(), run.err());

        var holder = new HostOptionsHolder();
        new CommandLine(holder).parseArgs("--plugins", plugins);
        try (OrreryHost h = holder.host.start();
                ValidationRun.Loaded loaded = ValidationRun.load(h, posteriorGl);
                PluginHandle<Validator> sbc = h.acquire(PluginKind.VALIDATOR, "sbc", Validator.class);
                PluginHandle<Validator> tarp = h.acquire(PluginKind.VALIDATOR, "tarp", Validator.class)) {
            Bank bank = BankReader.read(heldOutGl);
            Map<Double, List<ValidationResult>> byScale = new LinkedHashMap<>();
            for (double scale : new double[] {1, 0.5, 2}) {
                Posterior q = scale == 1 ? loaded.posterior() : new ScaledPosterior(loaded.posterior(), scale);
                byScale.put(scale, List.of(sbc.get().validate(q, bank, RandomStreams.forSimulation(11, 0)),
                        tarp.get().validate(q, bank, RandomStreams.forSimulation(11, 1))));
            }
            byScale.forEach((scale, results) -> results.forEach(r ->
                    System.out.printf("spread x %.1f: %-4s %s  %s%n", scale, r.check(), r.passed() ? "PASS" : "FAIL", r.summary())));
            List<ValidationResult> calibrated = byScale.get(1.0);
            assertTrue(metric(calibrated.get(0), "min_ks_pvalue") > 0.01, calibrated.get(0).summary());
            assertTrue(calibrated.get(0).passed(), calibrated.get(0).summary());
            assertTrue(calibrated.get(1).passed(), calibrated.get(1).summary());
            for (double scale : new double[] {0.5, 2}) {
                for (ValidationResult r : byScale.get(scale)) {
                    assertFalse(r.passed(), "spread × " + scale + " must fail " + r.check() + ": " + r.summary());
                }
            }
            // and they fail in the right direction: rank variance > 1 when too narrow, < 1 when too wide
            assertTrue(metric(byScale.get(0.5).get(0), "rank_variance_ratio_theta_1") > 1.2);
            assertTrue(metric(byScale.get(2.0).get(0), "rank_variance_ratio_theta_1") < 0.8);
        }
    }

    @Test
    void failOnMiscalibrationExitsThreeAfterWritingTheReport() throws Exception {
        // two epochs: close to the prior, which SBC and coverage cannot tell from calibrated (the prior is
        // calibrated), but the joint C2ST can: (θ*, x) pairs carry the x-dependence the posterior lacks
        Files.writeString(dir.resolve("short.yaml"), "max_epochs: 2\n");
        Path poor = dir.resolve("poor.orrery");
        var r = MainTest.run("train", "--plugins", plugins, "--estimator", "maf", "--bank", dir.resolve("bank.h5").toString(),
                "--out", poor.toString(), "--seed", "1", "--config", dir.resolve("short.yaml").toString());
        assertEquals(0, r.status(), r.err());
        Path report = dir.resolve("poor-report");
        r = MainTest.run("validate", "--plugins", plugins, "--posterior", poor.toString(), "--bank", heldOut.toString(),
                "--out", report.toString(), "--checks", "sbc,c2st", "--fail-on-miscalibration");
        assertEquals(ValidateCommand.EXIT_MISCALIBRATED, r.status(), r.out() + r.err());
        assertTrue(Pattern.compile("(?m)^  c2st +FAIL  ").matcher(r.out()).find(), r.out());
        assertTrue(Files.isRegularFile(report.resolve("index.html")), "report written before the exit status");
        JsonNode metrics = new ObjectMapper().readTree(report.resolve("metrics.json").toFile());
        assertFalse(metrics.get("all_passed").asBoolean(), metrics.toString());

        // the same verdicts without the flag: exit 0, the report is the result
        r = MainTest.run("validate", "--plugins", plugins, "--posterior", poor.toString(), "--bank", heldOut.toString(),
                "--out", report.toString(), "--checks", "sbc,c2st", "--overwrite");
        assertEquals(0, r.status(), r.err());
    }

    @Test
    void unknownCheckListsTheInstalledOnesAndWritesNothing() {
        Path report = dir.resolve("never");
        var r = MainTest.run("validate", "--plugins", plugins, "--posterior", posterior.toString(), "--bank",
                heldOut.toString(), "--out", report.toString(), "--checks", "sbc,sbx");
        assertEquals(1, r.status());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("unknown validator 'sbx'") && r.err().contains("c2st, coverage, ppc, sbc, tarp"), r.err());
        assertFalse(r.out().contains("running sbc"), "nothing runs before every check is known:\n" + r.out());
        assertFalse(Files.exists(report));
    }

    @Test
    void heldOutBankOfAnotherSimulatorIsRefused() throws Exception {
        Path other = dir.resolve("gl.h5");
        var r = MainTest.run("simulate", "--plugins", plugins, "--simulator", "gaussian_linear", "--num", "20", "--seed", "1",
                "--out", other.toString());
        assertEquals(0, r.status(), r.err());
        r = MainTest.run("validate", "--plugins", plugins, "--posterior", posterior.toString(), "--bank", other.toString(),
                "--out", dir.resolve("gl-report").toString());
        assertEquals(1, r.status());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("simulated by gaussian_linear") && r.err().contains("trained on two_moons"), r.err());
    }

    private static double metric(ValidationResult r, String name) {
        return r.metrics().stream().filter(m -> m.name().equals(name)).mapToDouble(Metric::value).findFirst()
                .orElseThrow(() -> new AssertionError(r.check() + " has no metric " + name + ": " + r.metrics()));
    }

    /** Holds the HostOptions mixin so a test can parse --plugins exactly as the commands do. */
    @CommandLine.Command(name = "holder")
    static final class HostOptionsHolder {
        @CommandLine.Mixin HostOptions host;
    }

    /**
     * Test-only decorator: q_s(θ | x) is q(θ | x) stretched by s about its mean m(x), i.e. θ = m + s(θ₀ − m)
     * with θ₀ ~ q, so log q_s(θ | x) = log q(m + (θ − m)/s | x) − d·log s. m(x) is estimated once per x
     * from 1000 draws of a stream fixed by x, so sample and logProb agree on it.
     */
    static final class ScaledPosterior implements Posterior {
        private final Posterior base;
        private final double scale;
        private final Map<String, double[]> means = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
                return size() > 64;
            }
        };

        ScaledPosterior(Posterior base, double scale) {
            this.base = base;
            this.scale = scale;
        }

        private double[] mean(double[] x) {
            return means.computeIfAbsent(Arrays.toString(x), k -> {
                double[][] d = base.sample(x, 1000, RandomStreams.forSimulation(Arrays.hashCode(x), 7));
                double[] m = new double[d[0].length];
                for (double[] row : d) {
                    for (int j = 0; j < m.length; j++) {
                        m[j] += row[j] / d.length;
                    }
                }
                return m;
            });
        }

        @Override
        public ParameterSpace parameters() {
            return base.parameters();
        }

        @Override
        public ArraySpec observable() {
            return base.observable();
        }

        @Override
        public double[][] sample(double[] x, int n, UniformRandomProvider rng) {
            double[] m = mean(x);
            double[][] d = base.sample(x, n, rng);
            for (double[] row : d) {
                for (int j = 0; j < m.length; j++) {
                    row[j] = m[j] + scale * (row[j] - m[j]);
                }
            }
            return d;
        }

        @Override
        public double logProb(double[] theta, double[] x) {
            double[] m = mean(x);
            double[] t = new double[theta.length];
            for (int j = 0; j < t.length; j++) {
                t[j] = m[j] + (theta[j] - m[j]) / scale;
            }
            return base.logProb(t, x) - t.length * Math.log(scale);
        }

        @Override
        public void write(OutputStream out) {
            throw new UnsupportedOperationException("test decorator");
        }
    }
}
