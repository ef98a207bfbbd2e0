package org.orrery.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SystemPackagesTest {

    @Test
    void versionComesFromTheJarFileName() {
        assertEquals("1.0.0", SystemPackages.versionOf("nd4j-api-1.0.0-M2.1.jar"));
        assertEquals("1.0.0", SystemPackages.versionOf("nd4j-native-1.0.0-M2.1-linux-x86_64.jar"));
        assertEquals("1.5.7", SystemPackages.versionOf("javacpp-1.5.7-linux-x86_64.jar"));
        assertEquals("1.5.7", SystemPackages.versionOf("javacpp-1.5.7.jar"));
        assertEquals("0.0.0", SystemPackages.versionOf("unversioned.jar"));
    }

    @Test
    void headerSplitRespectsQuotes() {
        assertEquals(List.of("a;version=\"1.0\"", "b;uses:=\"x,y\"", "c"),
                SystemPackages.split("a;version=\"1.0\",b;uses:=\"x,y\",c", ','));
    }

    @Test
    void classPathOfThisModuleExportsTheSharedPackagesQuickly() {
        SystemPackages.fromClassPath(); // warm the zip code once, as the host's first start does not
        long t0 = System.nanoTime();
        String extra = SystemPackages.fromClassPath();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        List<String> clauses = SystemPackages.split(extra, ',');
        String sample = "the " + clauses.size() + " clauses, e.g. " + clauses.subList(0, Math.min(12, clauses.size()));
        Set<String> names = clauses.stream().map(c -> c.split(";", 2)[0]).collect(Collectors.toSet());

        assertEquals(clauses.size(), names.size(), "each package exported once");
        assertTrue(clauses.contains("org.nd4j.linalg.factory;version=\"1.0.0\""), sample);
        assertTrue(clauses.stream().anyMatch(c -> c.startsWith("org.bytedeco.javacpp;") && c.contains("version=\"1.5.7\"")), sample);
        assertTrue(clauses.stream().anyMatch(c -> c.startsWith("org.orrery.simulator;") && c.contains("version=\"1.2.0\"")), sample);
        assertTrue(clauses.stream().anyMatch(c -> c.startsWith("org.apache.commons.rng;version=\"1.6.0\"")), sample);
        // the network library and DJL (libtorch) are shared, never embedded in plugins
        assertTrue(clauses.stream().anyMatch(c -> c.startsWith("org.orrery.nn;") && c.contains("version=\"1.3.0\"")), sample);
        assertTrue(clauses.contains("ai.djl.ndarray;version=\"0.36.0\""), sample);
        assertTrue(names.contains("ai.djl.pytorch.engine"), sample);
        assertTrue(names.containsAll(Arrays.asList("org.osgi.service.component.runtime.dto", "org.osgi.util.promise",
                "org.osgi.util.function", "org.osgi.service.cm", "org.apache.commons.math3.linear", "org.slf4j")), sample);
        // the framework exports these itself, and the host module is not shared
        assertFalse(names.contains("org.osgi.util.tracker"));
        assertFalse(names.contains("org.osgi.framework"));
        assertFalse(names.contains("org.orrery.host"));
        assertFalse(names.stream().anyMatch(n -> n.startsWith("aQute.") || n.startsWith("org.junit")), sample);
        assertTrue(millis < 300, "scanning the class path took " + millis + " ms");
    }
}
