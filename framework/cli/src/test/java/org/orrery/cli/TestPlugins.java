package org.orrery.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;

/**
 * The built-in plugin bundles are provided dependencies of the cli, so their jars are on the test
 * class path; tests copy them into a drop-in folder exactly as the distribution does.
 */
final class TestPlugins {

    private TestPlugins() {
    }

    /** A fresh {@code dir/plugins} holding the bundles whose artifact ids are given. */
    static Path folder(Path dir, String... artifactIds) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        for (String artifact : artifactIds) {
            var jar = Arrays.stream(cp.split(File.pathSeparator))
                    .filter(e -> e.contains(artifact) && e.endsWith(".jar")).findFirst();
            Assumptions.assumeTrue(jar.isPresent(), artifact + " jar not on the test class path");
            Files.copy(Path.of(jar.get()), plugins.resolve(artifact + ".jar"));
        }
        return plugins;
    }
}
