package org.orrery.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.host.HostConfig;
import org.orrery.host.OrreryHost;
import org.orrery.host.PluginHandle;
import org.orrery.plugin.PluginKind;
import org.orrery.simulator.Simulator;

/**
 * What a Java plugin author does, for real: {@code mvn archetype:generate} offline, {@code mvn -o
 * verify} of the generated project (which runs the testkit's SimulatorContract), then the jar
 * dropped into a plugin folder of a host, where it simulates.
 *
 * <p>The generated project resolves the plugin parent, the API and the testkit from the local
 * repository, so this test first puts this build's copies there, as {@code mvn install} would.
 */
class ArchetypeIT {

    private static final String VERSION = "0.1.0-SNAPSHOT";

    @TempDir
    Path dir;

    private final Path root = Path.of(System.getProperty("orrery.root", "../..")).toAbsolutePath().normalize();
    private final Path repo = Path.of(System.getProperty("orrery.m2", System.getProperty("user.home") + "/.m2/repository"));

    private void install(String artifactId, Path pom, Path jar) throws IOException {
        Path d = Files.createDirectories(repo.resolve("org/orrery").resolve(artifactId).resolve(VERSION));
        Files.copy(pom, d.resolve(artifactId + "-" + VERSION + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            assertTrue(Files.isRegularFile(jar), "not built: " + jar);
            Files.copy(jar, d.resolve(artifactId + "-" + VERSION + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Path jarOf(Path module) throws IOException {
        try (Stream<Path> s = Files.list(module.resolve("target"))) {
            return s.filter(p -> p.getFileName().toString().matches(".*-" + Pattern.quote(VERSION) + "\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no jar built in " + module));
        }
    }

    private String mvn(Path cwd, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mvn", "-o", "-B", "-Dmaven.repo.local=" + repo));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mvn.log").toFile()).start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "mvn took more than 10 minutes");
        String log = Files.readString(dir.resolve("mvn.log"), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "mvn " + String.join(" ", args) + " failed:\n" + tail(log));
        return log;
    }

    private static String tail(String log) {
        return log.length() > 6000 ? log.substring(log.length() - 6000) : log;
    }

    @Test
    void generatedProjectBuildsOfflinePassesTheContractAndDropsIntoAHost() throws Exception {
        install("orrery", root.resolve("pom.xml"), null);
        install("orrery-framework", root.resolve("framework/pom.xml"), null);
        install("orrery-plugins", root.resolve("plugins/pom.xml"), null);
        install("orrery-plugin-parent", root.resolve("plugins/parent/pom.xml"), null);
        install("orrery-api", root.resolve("framework/api/pom.xml"), jarOf(root.resolve("framework/api")));
        install("orrery-testkit", root.resolve("framework/testkit/pom.xml"), jarOf(root.resolve("framework/testkit")));
        install("orrery-simulator-archetype", root.resolve("plugins/archetype/pom.xml"),
                Path.of(System.getProperty("orrery.archetype.jar")));

        mvn(dir, "org.apache.maven.plugins:maven-archetype-plugin:"
                        + System.getProperty("orrery.archetype.plugin.version", "3.2.1") + ":generate",
                "-DinteractiveMode=false", "-DarchetypeGroupId=org.orrery",
                "-DarchetypeArtifactId=orrery-simulator-archetype", "-DarchetypeVersion=" + VERSION,
                "-DgroupId=org.example.astro", "-DartifactId=line-simulator", "-Dversion=1.0.0",
                "-Dpackage=org.example.astro.line", "-DsimulatorId=line_sim", "-DclassName=LineSimulator");
        Path project = dir.resolve("line-simulator");
        assertTrue(Files.isRegularFile(project.resolve("src/main/java/org/example/astro/line/LineSimulator.java")));

        String log = mvn(project, "verify");
        Matcher m = Pattern.compile("Tests run: (\\d+), Failures: 0, Errors: 0, Skipped: \\d+\\s*$", Pattern.MULTILINE).matcher(log);
        int run = 0;
        while (m.find()) {
            run = Integer.parseInt(m.group(1));
        }
        assertTrue(run >= 10, "the contract tests must have run (SimulatorContract + the physics test): " + tail(log));

        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(project.resolve("target/line-simulator-1.0.0.jar"), plugins.resolve("line-simulator-1.0.0.jar"));
        try (OrreryHost host = OrreryHost.start(HostConfig.of(List.of(plugins)).withInitNd4j(false));
             PluginHandle<Simulator> h = host.acquire(PluginKind.SIMULATOR, "line_sim", Simulator.class)) {
            assertEquals(List.of(), host.registry().problems());
            assertEquals("1.0.0", h.info().version());
            double[] x = h.get().simulate(new double[] {1, 0}, RandomSource.XO_SHI_RO_256_PP.create(1L));
            assertEquals(10, x.length);
            assertEquals(1.0, x[9], 0.6); // slope 1, intercept 0: the last point is 1 plus noise of sd 0.1
        }
    }
}
