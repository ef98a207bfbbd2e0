package org.orrery.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.orrery.plugin.Configurable;
import org.orrery.plugin.Setting;
import org.orrery.plugin.Setting.Range;
import org.orrery.plugin.SettingValues;

/** The workflow's own parts, without a host: settings, messages, requests, the session's one host. */
class WorkflowPartsTest {

    /** A plugin with one setting, whose configured instances remember their value. */
    record Knob(int size) implements Configurable<Knob> {
        @Override
        public List<Setting> settings() {
            return List.of(Setting.integer("size", 4, Range.closed(1, 10), "", "how big"));
        }

        @Override
        public Knob configure(SettingValues v) {
            return new Knob(v.integer("size"));
        }
    }

    @Test
    void settingsConfigureANewInstanceAndKeepTheRegisteredOne() {
        Knob registered = new Knob(4);
        var none = PluginSettings.configure(registered, "knob", Knob.class, Map.of());
        assertSame(registered, none.instance(), "nothing given: the registered instance");
        assertEquals(4, none.values().integer("size"));
        var seven = PluginSettings.configure(registered, "knob", Knob.class, Map.of("size", "7"));
        assertEquals(7, seven.instance().size());
        assertEquals(4, registered.size());
        assertEquals("size=7", PluginSettings.nonDefault(registered, seven.values()));
        assertEquals("", PluginSettings.nonDefault(registered, none.values()));
        var e = assertThrows(WorkflowException.class,
                () -> PluginSettings.configure(registered, "knob", Knob.class, Map.of("size", "11")));
        assertEquals("knob setting size = 11 is not allowed; size takes: integer in [1, 10]", e.getMessage());
        assertNull(e.input());
        // a plugin without settings refuses every key by name
        e = assertThrows(WorkflowException.class, () -> PluginSettings.configure("plain", "plain", String.class, Map.of("x", 1)));
        assertEquals("plain has no setting x; plain has no settings", e.getMessage());
    }

    @Test
    void messagesNameRequestFieldsNotFlags() {
        var e = assertThrows(WorkflowException.class, () -> SimulateRequest.of("two_moons", 10, 1, Path.of("bank.txt")));
        assertEquals("out", e.input());
        assertEquals("out must name an HDF5 bank (.h5 or .hdf5), got: bank.txt", e.getMessage());
        assertEquals("must name an HDF5 bank (.h5 or .hdf5), got: bank.txt", e.problem());
        assertTrue(!e.getMessage().contains("--"));
        var colon = new WorkflowException("fix", ": no parameter 'q'", null);
        assertEquals("fix: no parameter 'q'", colon.getMessage());
        e = assertThrows(WorkflowException.class, () -> new InferRequest(Path.of("p"), "o.csv", 0, Path.of("s.h5"), 0));
        assertEquals("num_samples", e.input());
    }

    @Test
    void oneDurationFormat() {
        assertEquals("4.2 s", Durations.format(4.2));
        assertEquals("3m07s", Durations.format(187));
        assertEquals("2h05m", Durations.format(7500));
        assertEquals("?", Durations.format(Double.NaN));
    }

    @Test
    void theSessionStartsItsHostOnceAndOnlyWhenNeeded() {
        AtomicInteger starts = new AtomicInteger();
        try (Workflow w = new Workflow(() -> {
            starts.incrementAndGet();
            throw new WorkflowException("no host in this test");
        })) {
            // a request refused before any plugin is needed costs no host start
            assertThrows(WorkflowException.class, () -> w.simulate(SimulateRequest.of("s", 10, 1, Path.of("/nonexistent-orrery-dir/b.h5")), WorkflowListener.NONE));
            assertEquals(0, starts.get());
            assertThrows(WorkflowException.class, w::host);
            assertEquals(1, starts.get());
        }
    }

    @Test
    void pipelineSettingsAreOneSectionPerPluginAndTheEstimatorsAreNotGivenTwice() {
        Path f = Path.of("/tmp/p.yaml");
        var spec = new PipelineSpec(f, "grf", null, 10, 0, null, "maf", Map.of(), List.of(), 1, 1, List.of("sbc"),
                Path.of("/tmp/r"), Path.of("/tmp/o"), Map.of("grf", Map.of("grid", 16), "maf", Map.of("max_epochs", 3)));
        assertEquals(Map.of("max_epochs", 3), spec.estimatorSettings());
        assertEquals(Map.of("grid", 16), spec.settings().get("grf"));
        var e = assertThrows(IllegalArgumentException.class, () -> new PipelineSpec(f, "grf", null, 10, 0, null, "maf",
                Map.of("hidden", 8), List.of(), 1, 1, List.of("sbc"), Path.of("/tmp/r"), Path.of("/tmp/o"),
                Map.of("maf", Map.of("max_epochs", 3))));
        assertTrue(e.getMessage().contains("given twice"), e.getMessage());
    }

    /** Issue 18: "prior: gaussian → available: none": a pipeline's prior is text, for all parameters or per parameter. */
    @Test
    void aPipelinePriorIsTextOrAMappingOfParameterToText(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = dir.resolve("p.yaml");
        java.nio.file.Files.writeString(f, "simulator: two_moons\nsimulations: 10\nestimator: maf\n"
                + "prior: {theta_1: 'uniform(-1, 1)', theta_2: 'normal(0, 0.3)'}\n");
        assertEquals("theta_1: uniform(-1, 1); theta_2: normal(0, 0.3)", PipelineYaml.read(f).prior());
        java.nio.file.Files.writeString(f, "simulator: two_moons\nsimulations: 10\nestimator: maf\nprior: normal(0, 1)\n");
        assertEquals("normal(0, 1)", PipelineYaml.read(f).prior());
        java.nio.file.Files.writeString(f, "simulator: two_moons\nsimulations: 10\nestimator: maf\nprior:\n  theta_1: gaussian\n");
        var e = assertThrows(WorkflowException.class, () -> PipelineYaml.read(f));
        assertTrue(e.getMessage().contains(":5") && e.getMessage().contains("prior.theta_1 must be a family with its arguments"),
                e.getMessage());
        assertTrue(PriorChoice.isText("normal(0, 1)") && !PriorChoice.isText("my_prior_plugin"));
    }

    /** Issue 18: range errors are the request's, named by field, before any host starts. */
    @Test
    void rangeErrorsAreRefusedByTheRequest() {
        var e = assertThrows(WorkflowException.class, () -> SimulateRequest.of("two_moons", -5, 1, Path.of("b.h5")));
        assertEquals("num", e.input());
        e = assertThrows(WorkflowException.class, () -> SimulateRequest.of("two_moons", 5, 1, Path.of("b.h5")).withWorkers(0));
        assertEquals("workers", e.input());
        assertEquals("workers must be >= 1, got: 0", e.getMessage());
    }

    /** Issue 18: "a raw id as the P(k) title" ("power_spectrum P0"). */
    @Test
    void powerSpectrumFiguresAreTitledByTheirMultipole() {
        assertEquals("power spectrum, monopole P₀", StatsRun.figureTitle("power_spectrum", "P0"));
        assertEquals("power spectrum, quadrupole P₂", StatsRun.figureTitle("power_spectrum", "P2"));
        assertEquals("two_point xi", StatsRun.figureTitle("two_point", "xi"));
    }
}
