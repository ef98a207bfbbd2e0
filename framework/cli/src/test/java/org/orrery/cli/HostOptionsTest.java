package org.orrery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HostOptionsTest {

    @TempDir Path tmp;

    private static HostOptions parse(String... args) {
        var cmd = new PluginsCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.host;
    }

    private Path dir(String name) throws Exception {
        return Files.createDirectories(tmp.resolve(name)).toAbsolutePath().normalize();
    }

    @Test
    void orderIsBuiltInThenFlagsThenEnvironment() throws Exception {
        Path home = tmp;
        Path builtIn = dir("plugins");
        Path a = dir("a");
        Path b = dir("b");
        Path c = dir("c");
        HostOptions options = parse("--plugins", a.toString(), "--plugins", b.toString());
        var env = Map.of(HostOptions.ENV, c + File.pathSeparator + File.pathSeparator + a);
        assertEquals(List.of(builtIn, a, b, c), options.dropInDirs(env, home.toString()));
    }

    @Test
    void noHomeMeansNoBuiltInFolder() throws Exception {
        Path a = dir("a");
        assertEquals(List.of(a), parse("--plugins", a.toString()).dropInDirs(Map.of(), null));
        assertEquals(List.of(), parse().dropInDirs(Map.of(), null));
    }

    @Test
    void homeWithoutPluginsFolderIsFine() throws Exception {
        assertEquals(List.of(), parse().dropInDirs(Map.of(), dir("dist-without-plugins").toString()));
    }

    @Test
    void missingEnvironmentDirectoryNamesTheVariable() {
        Path missing = tmp.resolve("missing");
        var e = assertThrows(CliException.class,
                () -> parse().dropInDirs(Map.of(HostOptions.ENV, missing.toString()), null));
        assertEquals("ORRERY_PLUGINS: no such directory: " + missing, e.getMessage());
    }

    @Test
    void argumentsRoundTripForInProcessCommands() throws Exception {
        Path a = dir("a");
        HostOptions options = parse("--plugins", a.toString());
        assertEquals(List.of("--plugins", a.toString()), options.asArguments());
        assertTrue(parse().asArguments().isEmpty());
    }
}
