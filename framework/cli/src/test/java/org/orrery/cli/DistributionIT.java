package org.orrery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the assembled distribution, {@code target/orrery/bin/orrery}, as a user would: a separate
 * process, the real launcher script, the real class path and the real built-in plugin folder.
 */
class DistributionIT {

    private static Path launcher;
    private static Path exampleJar;

    @TempDir Path tmp;

    record Result(int status, String out, String err) {
    }

    @BeforeAll
    static void locate() {
        launcher = Path.of(System.getProperty("orrery.dist", "target/orrery"), "bin", "orrery");
        exampleJar = Path.of(System.getProperty("orrery.it.bundles", "target/it-bundles"), "damped-oscillator-simulator.jar");
        assertTrue(Files.isExecutable(launcher), "distribution not assembled: " + launcher);
        assertTrue(Files.isRegularFile(exampleJar), "example plugin not copied: " + exampleJar);
    }

    private Result orrery(Map<String, String> env, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        var pb = new ProcessBuilder(command).directory(tmp.toFile());
        pb.environment().remove(HostOptions.ENV);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("orrery " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static JsonNode json(Result r) throws IOException {
        assertEquals(0, r.status(), "exit status; stderr:\n" + r.err());
        return new ObjectMapper().readTree(r.out());
    }

    private static List<String> ids(JsonNode doc) {
        var ids = new ArrayList<String>();
        doc.get("plugins").forEach(p -> ids.add(p.get("id").asText()));
        return ids;
    }

    private Path pluginDir(String name) throws IOException {
        return Files.createDirectories(tmp.resolve(name));
    }

    @Test
    void brokenJarIsReportedAndBuiltInsStillListed() throws Exception {
        Path dir = pluginDir("drop");
        Files.write(dir.resolve("broken.jar"), "this is not a zip file".getBytes(StandardCharsets.US_ASCII));

        JsonNode doc = json(orrery(Map.of(), "plugins", "--plugins", dir.toString(), "--json"));

        assertTrue(ids(doc).contains("two_moons"), "built-in plugins missing: " + doc);
        JsonNode problems = doc.get("problems");
        assertEquals(1, problems.size(), "exactly the broken jar: " + problems);
        assertEquals("broken.jar", problems.get(0).get("jar").asText());
        assertTrue(problems.get(0).get("reason").asText().length() > 5, "a reason is given: " + problems);
    }

    @Test
    void exampleSimulatorDroppedWithFlagIsListed() throws Exception {
        Path dir = pluginDir("drop");
        Files.copy(exampleJar, dir.resolve(exampleJar.getFileName()));

        Result r = orrery(Map.of(), "plugins", "--plugins", dir.toString());

        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("simulator\\s+damped_oscillator\\s+1\\.0\\.0\\s+.*")),
                "example simulator missing from:\n" + r.out());
        assertTrue(r.out().contains("two_moons"), r.out());
        assertTrue(r.out().contains("Problems: none"), r.out());
    }

    @Test
    void campaignRunsWithASimulatorDroppedInAtRuntime() throws Exception {
        Path dir = pluginDir("drop");
        Files.copy(exampleJar, dir.resolve(exampleJar.getFileName()));
        Path bank = tmp.resolve("oscillator.h5");

        Result r = orrery(Map.of(), "simulate", "--plugins", dir.toString(), "--simulator", "damped_oscillator",
                "--num", "300", "--seed", "11", "--workers", "2", "--out", bank.toString());

        assertEquals(0, r.status(), r.err());
        var read = org.orrery.bank.BankReader.read(bank);
        assertEquals("damped_oscillator", read.metadata().simulatorId());
        assertEquals("1.0.0", read.metadata().simulatorVersion());
        assertEquals(300, read.size());
        assertEquals(20, read.observable().size());
        assertEquals(List.of("amplitude", "damping_rate", "frequency"), read.parameters().names());
    }

    @Test
    void environmentVariableAddsPluginFolders() throws Exception {
        Path empty = pluginDir("empty");
        Path dir = pluginDir("env");
        Files.copy(exampleJar, dir.resolve(exampleJar.getFileName()));

        JsonNode doc = json(orrery(Map.of(HostOptions.ENV, empty + File.pathSeparator + dir), "plugins", "--json"));

        assertTrue(ids(doc).contains("damped_oscillator"), doc.toString());
        assertTrue(ids(doc).contains("two_moons"), doc.toString());
    }

    @Test
    void missingPluginFolderFailsWithOneLine() throws Exception {
        Result r = orrery(Map.of(), "plugins", "--plugins", tmp.resolve("absent").toString());
        assertEquals(1, r.status());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("no such directory"), r.err());
    }

    @Test
    void statsWithAMissingBankIsOneLineExitOne() throws Exception {
        Path out = tmp.resolve("stats-report");
        Result r = orrery(Map.of(), "stats", "--statistic", "xi", "--generated", tmp.resolve("a.h5").toString(),
                "--reference", tmp.resolve("b.h5").toString(), "--out", out.toString());
        assertEquals(1, r.status(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("orrery stats: --generated: file not found: "), r.err());
        assertFalse(Files.exists(out));
    }

    /**
     * The whole demo pipeline through the launcher, at the hidden --quick sizes (the full demo takes
     * minutes): the shipped files are copied out of the jar and the report is written.
     */
    @Test
    void demoRunsThePipelineEndToEndAndWritesTheReport() throws Exception {
        Path out = tmp.resolve("demo-out");
        Result r = orrery(Map.of(), "demo", "--quick", "--out", out.toString());

        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(Files.isRegularFile(out.resolve("two_moons.yaml")) && Files.isRegularFile(out.resolve("two_moons_observation.fits")));
        Path index = out.resolve("report/index.html");
        assertTrue(r.out().contains("report: " + index), r.out());
        assertTrue(r.out().contains("wall time: "), r.out());
        assertTrue(Files.size(index) > 1000);
        for (String figure : List.of("corner_obs_1", "corner_heldout_1", "sbc_ranks", "tarp", "coverage", "training")) {
            assertTrue(Files.isRegularFile(out.resolve("report/figures/" + figure + ".png")), figure);
        }
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("report/metrics.json").toFile());
        assertTrue(metrics.has("sbc") && metrics.has("tarp") && metrics.has("coverage") && metrics.has("ppc_1"), metrics.toString());
        assertTrue(metrics.get("provenance").get("observation_1").asText().contains("TRUTH"), "θ* read from the FITS header");
        // issue 18: the observation is scored against the training simulations, and the report says so
        assertTrue(r.out().contains("out-of-distribution check: observation vs ") && !r.out().contains("WARNING"), r.out());
        assertTrue(metrics.get("provenance").has("observation_1_out_of_distribution"), metrics.get("provenance").toString());

        // the demo report as a reader sees it, kept in the test output (target/demo-report/) with its figures
        org.orrery.report.HeadlessChromium.requireInstalled();
        assertEquals(new org.orrery.report.HeadlessChromium.Images(6, 0, 6), org.orrery.report.HeadlessChromium.images(index),
                "loaded, broken, expected images");
        Path kept = Files.createDirectories(Path.of("target", "demo-report").toAbsolutePath());
        var shot = org.orrery.report.HeadlessChromium.screenshot(index, kept.resolve("demo-report-screenshot.png"), 1280, 4000);
        assertTrue(shot.getWidth() == 1280 && shot.getHeight() == 4000, shot.getWidth() + "x" + shot.getHeight());
        try (var pngs = Files.list(out.resolve("report/figures"))) {
            for (Path png : pngs.filter(p -> p.toString().endsWith(".png")).toList()) {
                Files.copy(png, kept.resolve(png.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
