package org.orrery.cli;

import org.orrery.workflow.PipelineRunner;
import org.orrery.workflow.PipelineSpec;
import org.orrery.workflow.PipelineYaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code orrery run}: the YAML file's errors name their line; a small pipeline runs and re-runs. */
class RunCommandTest {

    @TempDir Path dir;

    private Path yaml(String text) throws Exception {
        return Files.writeString(dir.resolve("pipeline.yaml"), text);
    }

    /** Runs and expects exactly one error line, returned without the "orrery run: " prefix. */
    private String error(Path pipeline) {
        var r = MainTest.run("run", pipeline.toString());
        assertEquals(1, r.status(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("orrery run: "), r.err());
        return r.err().strip().substring("orrery run: ".length());
    }

    private static final String VALID = """
            simulator: two_moons
            simulations: 1000
            seed: 3
            estimator: maf
            """;

    @Test
    void unknownKeyNamesItsLineAndTheNearestKey() throws Exception {
        Path p = yaml("""
                simulator: two_moons
                seed: 1
                estimator:
                  id: maf
                  config:
                    max_epochs: 5
                simulatons: 1000
                """);
        assertEquals(p + ":7: unknown key 'simulatons' (did you mean 'simulations'?)", error(p));
        p = yaml(VALID + "estimator_config: {}\n");
        assertTrue(error(p).startsWith(p + ":5: unknown key 'estimator_config'; known keys: simulator, prior,"), error(p));
        p = yaml("""
                simulator: two_moons
                simulations: 1000
                estimator:
                  id: maf
                  confg: {max_epochs: 5}
                """);
        assertEquals(p + ":5: unknown key 'confg' (did you mean 'config'?)", error(p));
    }

    @Test
    void wrongTypesNameTheirLineAndValue() throws Exception {
        Path p = yaml("simulator: two_moons\nsimulations: 1000\nseed: abc\nestimator: maf\n");
        assertEquals(p + ":3: 'seed' must be an integer, got 'abc'", error(p));
        p = yaml("simulator: two_moons\nsimulations: 2.5\nestimator: maf\n");
        assertEquals(p + ":2: 'simulations' must be an integer, got '2.5'", error(p));
        p = yaml(VALID + "heldout: [1, 2]\n");
        assertEquals(p + ":5: 'heldout' must be an integer, got a list", error(p));
        p = yaml(VALID + "checks: {sbc: 1}\n");
        assertEquals(p + ":5: 'checks' must be a list, got a mapping", error(p));
        p = yaml("simulator: two_moons\nsimulations: 1000\nestimator:\n  id: maf\n  config: [1, 2]\n");
        assertEquals(p + ":5: 'config' must be a mapping of estimator settings, got a list", error(p));
        p = yaml("simulator: two_moons\nsimulations: 1\nestimator: maf\n");
        assertEquals(p + ":2: 'simulations' must be at least 2, got 1", error(p));
    }

    @Test
    void missingDuplicateAndMalformedEntriesAreOneLine() throws Exception {
        Path p = yaml("simulator: two_moons\nestimator: maf\n");
        assertEquals(p + ":1: missing key 'simulations'", error(p));
        p = yaml(VALID + "seed: 4\n");
        assertEquals(p + ":5: duplicate key 'seed'", error(p));
        p = yaml("simulator: two_moons\nsimulations: [1000\nestimator: maf\n");
        assertTrue(error(p).matches(java.util.regex.Pattern.quote(p.toString()) + ":\\d+: not valid YAML: .+"), error(p));
        p = yaml("- simulator\n- two_moons\n");
        assertEquals(p + ":1: expected a mapping of pipeline settings (key: value), found a list", error(p));
    }

    @Test
    void missingObservationFileIsOneLineWithItsResolvedPath() throws Exception {
        Path p = yaml(VALID + "observations:\n  - data/night1.fits\n");
        assertEquals(p + ":6: observation file not found: " + dir.resolve("data/night1.fits"), error(p));
        p = yaml(VALID + "observations: [notes.txt]\n");
        assertEquals(p + ":5: observation 'notes.txt' is not a .fits, .h5/.hdf5 or .csv file", error(p));
    }

    @Test
    void relativePathsResolveAgainstTheYamlFolderAndDefaultsApply() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/obs.csv"), "data_1,data_2\n0.1,0.2\n");
        Files.writeString(dir.resolve("data/cube.h5"), "not checked here");
        Path p = yaml("""
                simulator: two_moons
                simulations: 1e4
                estimator: {id: maf, config: {max_epochs: 7, learning_rate: 1.0e-3, clip_norm: .inf}}
                observations: [data/obs.csv, "data/cube.h5:/obs/x"]
                checks: sbc, tarp
                out: work
                """);
        PipelineSpec s = PipelineYaml.read(p);
        assertEquals(10_000, s.simulations());
        assertEquals(0, s.seed());
        assertNull(s.workers());
        assertNull(s.prior());
        assertEquals(List.of(dir.resolve("data/obs.csv").toString(), dir.resolve("data/cube.h5") + ":/obs/x"), s.observations());
        assertEquals(List.of("sbc", "tarp"), s.checks());
        assertEquals(dir.resolve("work"), s.out());
        assertEquals(dir.resolve("work/report"), s.report());
        assertEquals(7L, s.config().get("max_epochs"));
        assertEquals(1e-3, s.config().get("learning_rate"));
        assertEquals(Double.POSITIVE_INFINITY, s.config().get("clip_norm"));
        assertEquals(PipelineSpec.DEFAULT_SAMPLES, s.samples());
        assertEquals(PipelineSpec.DEFAULT_HELD_OUT, s.heldOut());
        assertTrue(s.heldOutSeed() != s.seed());
        assertEquals(dir.resolve("work/samples_2_cube.h5"), s.samplesFile(1));

        s = PipelineYaml.read(yaml(VALID));
        assertEquals(PipelineSpec.DEFAULT_CHECKS, s.checks());
        assertEquals(dir.resolve("pipeline-out"), s.out());
    }

    @Test
    void unknownPluginIsFoundBeforeAnythingRuns() throws Exception {
        String plugins = TestPlugins.folder(dir, "orrery-benchmark-simulators", "orrery-maf").toString();
        Path p = yaml("simulator: two_moon\nsimulations: 100\nestimator: maf\nout: work\n");
        var r = MainTest.run("run", "--plugins", plugins, p.toString());
        assertEquals(1, r.status());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("simulator: unknown simulator 'two_moon'; available: ") && r.err().contains("two_moons"), r.err());
        assertFalse(Files.exists(dir.resolve("work/bank.h5")));
        p = yaml("simulator: two_moons\nsimulations: 100\nestimator: maf\nchecks: [sbc]\nout: work\n");
        r = MainTest.run("run", "--plugins", plugins, p.toString());
        assertTrue(r.err().contains("checks: unknown validator 'sbc'; available: none"), r.err());
        assertFalse(Files.exists(dir.resolve("work/bank.h5")));
    }

    @Test
    void smallPipelineRunsEndToEndAndARerunSkipsFinishedStages() throws Exception {
        String plugins = TestPlugins.folder(dir, "orrery-benchmark-simulators", "orrery-maf", "orrery-calibration-validators").toString();
        Files.createDirectories(dir.resolve("obs"));
        Files.writeString(dir.resolve("obs/moon.csv"), "data_1,data_2\n0.05,0.02\n");
        Path p = yaml("""
                simulator: two_moons
                simulations: 1000
                seed: 4
                workers: 2
                estimator:
                  id: maf
                  config: {max_epochs: 4}
                observations: [obs/moon.csv]
                samples: 500
                heldout: 40
                checks: [sbc, coverage]
                report: report
                out: work
                """);
        long startsBefore = org.orrery.host.OrreryHost.startCount();
        var r = MainTest.run("run", "--plugins", plugins, p.toString());
        assertEquals(1, org.orrery.host.OrreryHost.startCount() - startsBefore, "one host for the whole pipeline");
        assertEquals(0, r.status(), r.out() + r.err());
        for (String stage : List.of("== 1/5  simulate", "== 2/5  train", "== 3/5  infer", "== 4/5  simulate 40 held-out", "== 5/5  validate")) {
            assertTrue(r.out().contains(stage), stage + ":\n" + r.out());
        }
        Path index = dir.resolve("report/index.html");
        assertTrue(r.out().contains("report: " + index), r.out());
        assertTrue(r.out().contains("wall time: "), r.out());
        for (String f : List.of("bank.h5", "heldout.h5", "posterior.orrery", "samples_1_moon.h5")) {
            assertTrue(Files.size(dir.resolve("work").resolve(f)) > 0, f);
        }
        assertEquals(500, PipelineRunner.readSamples(dir.resolve("work/samples_1_moon.h5")).length);
        assertTrue(Files.isRegularFile(dir.resolve("report/figures/corner_obs_1.png")));
        var metrics = new ObjectMapper().readTree(dir.resolve("report/metrics.json").toFile());
        for (String check : List.of("sbc", "coverage", "ppc_1")) {
            assertTrue(metrics.has(check), check + " in " + metrics);
        }
        assertTrue(metrics.get("provenance").get("pipeline").asText().endsWith("pipeline.yaml"));

        long bankTime = Files.getLastModifiedTime(dir.resolve("work/bank.h5")).toMillis();
        r = MainTest.run("run", "--plugins", plugins, p.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(4, r.out().lines().filter(l -> l.contains("up to date, kept")).count(), r.out());
        assertFalse(r.out().contains("training maf"), r.out());
        assertEquals(bankTime, Files.getLastModifiedTime(dir.resolve("work/bank.h5")).toMillis());

        // a changed setting re-runs its stage and the ones after it, not those before
        Files.writeString(p, Files.readString(p).replace("max_epochs: 4", "max_epochs: 3"));
        r = MainTest.run("run", "--plugins", plugins, p.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("training maf"), r.out());
        assertTrue(r.out().contains("up to date, kept " + dir.resolve("work/bank.h5")), r.out());
        assertFalse(r.out().contains("up to date, kept " + dir.resolve("work/samples_1_moon.h5")), r.out());
    }

    @Test
    void editDistanceSuggestsOnlyNearMisses() {
        assertEquals("simulations", PipelineYaml.nearest("simulatons", PipelineYaml.KEYS));
        assertEquals("heldout", PipelineYaml.nearest("held_out", PipelineYaml.KEYS));
        assertNull(PipelineYaml.nearest("temperature", PipelineYaml.KEYS));
        assertEquals(3, PipelineYaml.editDistance("kitten", "sitting"));
        assertThrows(IllegalArgumentException.class, () -> new PipelineSpec(dir, "s", null, 1, 0, null, "maf", null,
                List.of(), 1, 1, List.of(), dir, dir, Map.of()));
    }

    /** The pipeline calls the same use cases as the commands: for the same seeds its files hold the same numbers. */
    @Test
    void pipelineOutputsEqualTheStepByStepCommands() throws Exception {
        String plugins = TestPlugins.folder(dir, "orrery-benchmark-simulators", "orrery-maf", "orrery-calibration-validators").toString();
        Files.createDirectories(dir.resolve("obs"));
        Files.writeString(dir.resolve("obs/moon.csv"), "data_1,data_2\n0.05,0.02\n");
        Path p = yaml("""
                simulator: two_moons
                simulations: 400
                seed: 7
                estimator: {id: maf, config: {max_epochs: 2, hidden: 8, transforms: 2}}
                observations: [obs/moon.csv]
                samples: 200
                heldout: 30
                checks: [coverage]
                settings: {coverage: {pairs: 30, samples: 100}}
                report: report
                out: work
                """);
        var r = MainTest.run("run", "--plugins", plugins, p.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        PipelineSpec spec = PipelineYaml.read(p);
        Path s = Files.createDirectories(dir.resolve("steps"));
        String[][] steps = {
            {"simulate", "--simulator", "two_moons", "--num", "400", "--seed", "7", "--out", s.resolve("bank.h5").toString()},
            {"train", "--estimator", "maf", "--bank", s.resolve("bank.h5").toString(), "--seed", "7", "--set", "max_epochs=2",
                "--set", "hidden=8", "--set", "transforms=2", "--out", s.resolve("p.orrery").toString()},
            {"infer", "--posterior", s.resolve("p.orrery").toString(), "--observation", dir.resolve("obs/moon.csv").toString(),
                "--num-samples", "200", "--seed", "7", "--out", s.resolve("samples.h5").toString()},
            {"simulate", "--simulator", "two_moons", "--num", "30", "--seed", Long.toString(spec.heldOutSeed()),
                "--out", s.resolve("heldout.h5").toString()},
            {"validate", "--posterior", s.resolve("p.orrery").toString(), "--bank", s.resolve("heldout.h5").toString(),
                "--checks", "coverage", "--set", "pairs=30", "--set", "samples=100", "--seed", "7",
                "--out", s.resolve("report").toString()}};
        for (String[] step : steps) {
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of(step),
                    java.util.stream.Stream.of("--plugins", plugins)).toArray(String[]::new);
            var sr = MainTest.run(args);
            assertEquals(0, sr.status(), String.join(" ", step) + "\n" + sr.out() + sr.err());
        }
        for (String[] banks : new String[][] {{"work/bank.h5", "steps/bank.h5"}, {"work/heldout.h5", "steps/heldout.h5"}}) {
            var a = org.orrery.bank.BankReader.read(dir.resolve(banks[0]));
            var b = org.orrery.bank.BankReader.read(dir.resolve(banks[1]));
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(a.theta(i), b.theta(i), 0.0);
                org.junit.jupiter.api.Assertions.assertArrayEquals(a.x(i), b.x(i), 0.0);
            }
        }
        var pa = org.orrery.posteriorfile.PosteriorFile.read(dir.resolve("work/posterior.orrery"));
        var pb = org.orrery.posteriorfile.PosteriorFile.read(s.resolve("p.orrery"));
        org.junit.jupiter.api.Assertions.assertArrayEquals(pa.payload(), pb.payload(), "same network weights");
        assertEquals(pa.header().config(), pb.header().config());
        double[][] sa = PipelineRunner.readSamples(dir.resolve("work/samples_1_moon.h5"));
        double[][] sb = PipelineRunner.readSamples(s.resolve("samples.h5"));
        assertEquals(200, sa.length);
        for (int i = 0; i < sa.length; i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(sa[i], sb[i], 0.0);
        }
        var ma = new ObjectMapper().readTree(dir.resolve("report/metrics.json").toFile()).get("coverage");
        var mb = new ObjectMapper().readTree(s.resolve("report/metrics.json").toFile()).get("coverage");
        assertEquals(mb, ma, "the same check on the same files gives the same numbers");
    }
}
