package org.orrery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MainTest {

    /** One in-process run of the command line, with what it printed. */
    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int status = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    /** DESIGN §6 names, in order; a renamed or missing command is a broken public surface. */
    static List<String> commands() {
        return List.of("plugins", "simulate", "train", "infer", "validate", "stats", "run", "image", "demo");
    }

    @Test
    void registersExactlyTheDesignCommands() {
        var names = Main.commandLine().getSubcommands().keySet().stream().filter(n -> !n.equals("help")).toList();
        assertEquals(commands(), names);
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandHasHelp(String command) {
        Run r = run(command, "--help");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Usage: orrery " + command), r.out());
        assertEquals("", r.err());
    }

    @Test
    void helpListsOptionsOfDesign() {
        assertTrue(run("simulate", "--help").out().contains("--workers"));
        assertTrue(run("train", "--help").out().contains("--estimator"));
        assertTrue(run("infer", "--help").out().contains("--num-samples"));
        assertTrue(run("validate", "--help").out().contains("--checks"));
        assertTrue(run("stats", "--help").out().contains("--reference"));
        assertTrue(run("plugins", "--help").out().contains("--json"));
        assertTrue(run("demo", "--help").out().contains("--plugins"));
    }

    @Test
    void topLevelHelpAndVersion() {
        Run help = run("--help");
        assertEquals(0, help.status());
        for (String c : commands()) {
            assertTrue(help.out().contains("  " + c + " "), "top-level help lacks " + c + ":\n" + help.out());
        }
        Run version = run("--version");
        assertEquals(0, version.status());
        assertTrue(version.out().startsWith("orrery "), version.out());
        assertEquals(version.out(), run("plugins", "--version").out(), "subcommands answer --version too");
    }

    @Test
    void trainWithAMissingBankIsOneLineAndExitsOne() {
        Run r = run("train", "--estimator", "maf", "--bank", "absent.h5", "--out", "p.orrery");
        assertEquals(1, r.status());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("orrery train: ") && r.err().contains("absent.h5"), r.err());
    }

    @Test
    void statsWithoutOptionsIsAUsageError() {
        Run r = run("stats");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("Missing required options"), r.err());
    }

    @Test
    void statsWithAMissingInputIsOneLineExitOneAndWritesNothing(@TempDir Path tmp) {
        Path out = tmp.resolve("report");
        Run r = run("stats", "--statistic", "power_spectrum", "--generated", tmp.resolve("a.h5").toString(),
                "--reference", tmp.resolve("b.h5").toString(), "--out", out.toString());
        assertEquals(1, r.status(), r.err());
        assertEquals("orrery stats: --generated: file not found: " + tmp.resolve("a.h5"), r.err().strip());
        assertFalse(Files.exists(out));
    }

    @Test
    void validateAndRunWithMissingInputAreOneLineExitOne(@TempDir Path tmp) {
        Run v = run("validate", "--posterior", tmp.resolve("p.orrery").toString(), "--bank", "b.h5", "--out", "r",
                "--plugins", tmp.toString());
        assertEquals(1, v.status(), v.err());
        assertEquals(1, v.err().strip().lines().count(), v.err());
        assertTrue(v.err().startsWith("orrery validate: ") && v.err().contains("p.orrery"), v.err());
        Run r = run("run", tmp.resolve("pipeline.yaml").toString());
        assertEquals(1, r.status(), r.err());
        assertEquals("orrery run: no such file: " + tmp.resolve("pipeline.yaml"), r.err().strip());
    }

    @Test
    void missingPluginsDirectoryIsOneLineExitOne(@TempDir Path tmp) {
        Path missing = tmp.resolve("no-such-dir");
        Run r = run("plugins", "--plugins", missing.toString());
        assertEquals(1, r.status(), r.err());
        assertEquals("orrery plugins: --plugins: no such directory: " + missing, r.err().strip());
        assertFalse(r.err().contains("\tat "), "no stack trace without --verbose");
    }

    @Test
    void pluginsPathThatIsAFileIsRejected(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("plugin.jar"), "x");
        Run r = run("plugins", "--plugins", file.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("--plugins: not a directory: " + file), r.err());
    }

    @Test
    void verbosePrintsTheStackTrace(@TempDir Path tmp) {
        Run r = run("plugins", "--verbose", "--plugins", tmp.resolve("nope").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("\tat "), r.err());
    }

    @Test
    void unknownCommandIsAUsageError() {
        Run r = run("simulat");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("simulate"), "suggests the near miss:\n" + r.err());
    }
}
