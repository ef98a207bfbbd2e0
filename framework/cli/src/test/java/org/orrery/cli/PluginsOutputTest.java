package org.orrery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.orrery.host.PluginInfo;
import org.orrery.host.PluginProblem;
import org.orrery.plugin.PluginKind;

class PluginsOutputTest {

    private static final PluginInfo MOONS = new PluginInfo(PluginKind.SIMULATOR, "two_moons", "Two moons",
            "sbibm two moons", "0.1.0", "org.orrery.simulators.benchmarks", "active", "/dist/plugins/bench.jar");
    private static final PluginInfo GAUSS = new PluginInfo(PluginKind.SIMULATOR, "gaussian_linear", "Gaussian linear",
            "", "0.1.0", "org.orrery.simulators.benchmarks", "active", "/dist/plugins/bench.jar");
    private static final PluginProblem BROKEN = new PluginProblem("file:/tmp/p/broken.jar", null,
            "not a zip file:\nerror in opening zip file");

    @Test
    void jsonHasPluginsAndProblems() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(PluginsCommand.toJson(List.of(MOONS), List.of(BROKEN)));
        assertEquals("simulator", doc.at("/plugins/0/kind").asText());
        assertEquals("two_moons", doc.at("/plugins/0/id").asText());
        assertEquals("org.orrery.simulators.benchmarks", doc.at("/plugins/0/bundle").asText());
        assertEquals("broken.jar", doc.at("/problems/0/jar").asText());
        assertTrue(doc.at("/problems/0/bundle").isNull());
        assertTrue(doc.at("/problems/0/reason").asText().startsWith("not a zip file"));
    }

    @Test
    void tableIsSortedAndProblemsAreOneLineEach() {
        var out = new StringWriter();
        PluginsCommand.printTable(new PrintWriter(out, true), PluginsCommand.sorted(List.of(MOONS, GAUSS)), List.of(BROKEN));
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.get(0).matches("KIND\\s+ID\\s+VERSION\\s+BUNDLE\\s+STATE"), lines.get(0));
        assertTrue(lines.get(1).matches("simulator\\s+gaussian_linear\\s+0\\.1\\.0\\s+org\\.orrery\\.simulators\\.benchmarks\\s+active"), lines.get(1));
        assertTrue(lines.get(2).contains("two_moons"), lines.get(2));
        assertEquals("Problems (1):", lines.get(4));
        assertTrue(lines.get(6).matches("broken\\.jar\\s+not a zip file: error in opening zip file"), lines.get(6));
        assertEquals(7, lines.size(), out.toString());
    }

    @Test
    void emptyRegistrySaysSo() {
        var out = new StringWriter();
        PluginsCommand.printTable(new PrintWriter(out, true), List.of(), List.of());
        assertEquals(List.of("No plugins found.", "", "Problems: none"), out.toString().lines().toList());
    }

    @Test
    void fileNameOfLocations() {
        assertEquals("broken.jar", PluginsCommand.fileName("file:/tmp/p/broken.jar"));
        assertEquals("x.jar", PluginsCommand.fileName("x.jar"));
        assertEquals("-", PluginsCommand.fileName(null));
    }
}
