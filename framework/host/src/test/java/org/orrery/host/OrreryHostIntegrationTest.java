package org.orrery.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.plugin.PluginKind;
import org.orrery.simulator.Simulator;

/** Starts the real embedded Felix over bundles built with bnd, and changes the drop-in directories under it. */
class OrreryHostIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    @TempDir
    Path otherDir;

    private OrreryHost host;

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
        }
    }

    private OrreryHost start(Path... dirs) throws HostStartException {
        host = OrreryHost.start(HostConfig.of(List.of(dirs)));
        return host;
    }

    /** Polls until {@code value} is present, failing with what was seen last. */
    private static <T> T await(String what, Supplier<Optional<T>> value) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Optional<T> v = value.get();
            if (v.isPresent()) {
                return v.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private Optional<PluginInfo> shift(String version) {
        return host.registry().find(PluginKind.SIMULATOR, "test_shift").filter(p -> p.version().equals(version));
    }

    @Test
    void droppedBundleBecomesAPluginThatSimulates() throws Exception {
        start(dir);
        assertEquals(List.of(), host.registry().plugins());

        Path jar = TestBundles.good(dir, "1.0.0");
        PluginInfo info = await("test_shift 1.0.0", () -> shift("1.0.0"));

        assertEquals(new PluginInfo(PluginKind.SIMULATOR, "test_shift", "Test shift", "adds (1, 2) to theta", "1.0.0",
                "org.orrery.test.shift", "active", jar.toString()), info);
        assertEquals(List.of(info), host.registry().plugins());
        try (PluginHandle<Simulator> h = host.acquire(PluginKind.SIMULATOR, "test_shift", Simulator.class)) {
            assertEquals(info, h.info());
            assertArrayEquals(new double[] {1.25, 1.5}, h.get().simulate(new double[] {0.25, -0.5}, null), 0.0);
            assertEquals("Test shift 1.0.0", h.get().displayName());
            assertFalse(h.withdrawn());
        }
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> host.acquire(PluginKind.SIMULATOR, "foo", Simulator.class));
        assertEquals("unknown simulator 'foo'; available: test_shift", unknown.getMessage());
    }

    @Test
    void replacingTheJarSwapsVersionsAndOldHandlesKeepTheirObject() throws Exception {
        TestBundles.good(dir, "1.0.0");
        start(dir);
        assertEquals("1.0.0", host.registry().find(PluginKind.SIMULATOR, "test_shift").orElseThrow().version(),
                "start() returns only once the jar present at start is a plugin");

        try (PluginHandle<Simulator> old = host.acquire(PluginKind.SIMULATOR, "test_shift", Simulator.class)) {
            Simulator before = old.get();
            TestBundles.good(dir, "2.0.0");
            PluginInfo v2 = await("test_shift 2.0.0", () -> shift("2.0.0"));

            assertEquals(1, host.registry().plugins().size(), "the new version replaces the old, not beside it");
            assertEquals("org.orrery.test.shift", v2.bundle());
            assertTrue(old.withdrawn(), "a handle on the replaced version knows it was withdrawn");
            assertSame(before, old.get(), "work in flight keeps the object it started with");
            assertEquals("Test shift 1.0.0", old.get().displayName());
            assertArrayEquals(new double[] {1.0, 2.0}, old.get().simulate(new double[] {0, 0}, null), 0.0);
            assertEquals("1.0.0", old.info().version());

            try (PluginHandle<Simulator> fresh = host.acquire(PluginKind.SIMULATOR, "test_shift", Simulator.class)) {
                assertNotSame(before, fresh.get());
                assertNotSame(before.getClass(), fresh.get().getClass(), "the new object comes from the new jar's class loader");
                assertEquals("Test shift 2.0.0", fresh.get().displayName());
                assertEquals("2.0.0", fresh.info().version());
                assertFalse(fresh.withdrawn());
            }
        }
    }

    @Test
    void deletingTheJarRemovesThePlugin() throws Exception {
        Path jar = TestBundles.good(dir, "1.0.0");
        start(dir);
        PluginHandle<Simulator> h = host.acquire(PluginKind.SIMULATOR, "test_shift", Simulator.class);

        Files.delete(jar);
        await("test_shift gone", () -> host.registry().find(PluginKind.SIMULATOR, "test_shift").isEmpty()
                ? Optional.of(true) : Optional.empty());

        assertEquals(List.of(), host.registry().plugins());
        assertTrue(h.withdrawn());
        h.close();
        IllegalArgumentException gone = assertThrows(IllegalArgumentException.class,
                () -> host.acquire(PluginKind.SIMULATOR, "test_shift", Simulator.class));
        assertEquals("unknown simulator 'test_shift'; available: none", gone.getMessage());
    }

    @Test
    void brokenJarsAreReportedWhileGoodPluginsWork() throws Exception {
        Path garbage = TestBundles.garbage(dir);
        Path plain = TestBundles.plainJar(dir);
        Path missing = TestBundles.missingImport(dir);
        Path throwing = TestBundles.throwing(dir);
        TestBundles.good(dir, "1.0.0");
        TestBundles.nd4j(otherDir);

        start(dir, otherDir);
        List<PluginProblem> problems = host.registry().problems();

        assertEquals(List.of("not a zip archive"), TestBundles.reasons(problems, garbage), problems::toString);
        assertEquals(List.of("not an OSGi bundle: no Bundle-SymbolicName"), TestBundles.reasons(problems, plain),
                problems::toString);
        assertEquals(List.of("missing requirement: package com.nowhere.missing"), TestBundles.reasons(problems, missing),
                problems::toString);
        List<String> thrown = TestBundles.reasons(problems, throwing);
        assertEquals(1, thrown.size(), problems::toString);
        assertTrue(thrown.get(0).contains("deliberate failure in activate"), thrown::toString);
        assertTrue(thrown.get(0).startsWith("component org.orrery.host.testplugins.throwing.ThrowingSimulator failed to activate"),
                thrown::toString);
        assertEquals(4, problems.size(), problems::toString);
        assertEquals("org.orrery.test.missing",
                problems.stream().filter(p -> p.location().equals(missing.toString())).findFirst().orElseThrow().bundle());

        assertEquals(List.of("test_nd4j_matmul", "test_shift"),
                host.registry().plugins().stream().map(PluginInfo::id).toList());
        try (PluginHandle<Simulator> h = host.acquire(PluginKind.SIMULATOR, "test_shift", Simulator.class)) {
            assertArrayEquals(new double[] {3.0, 5.0}, h.get().simulate(new double[] {2, 3}, null), 0.0);
        }
        IllegalArgumentException broken = assertThrows(IllegalArgumentException.class,
                () -> host.acquire(PluginKind.SIMULATOR, "test_throwing", Simulator.class));
        assertEquals("unknown simulator 'test_throwing'; available: test_nd4j_matmul, test_shift", broken.getMessage());
    }

    @Test
    void pluginCallingNd4jReturnsCorrectNumbers() throws Exception {
        TestBundles.nd4j(dir);
        start(dir);
        try (PluginHandle<Simulator> h = host.acquire(PluginKind.SIMULATOR, "test_nd4j_matmul", Simulator.class)) {
            double[] theta = {0.5, -1.25, 2.0};
            // A θ with A = [[1, 2, 3], [4, 5, 6]], worked by hand: 0.5 - 2.5 + 6 = 4, 2 - 6.25 + 12 = 7.75
            double[] expected = {4.0, 7.75, 1.25};
            assertArrayEquals(expected, h.get().simulate(theta, null), 1e-12);
        }
        assertEquals(List.of(), host.registry().problems());
    }

    @Test
    void nd4jIsInitialisedLazilyWhenAPluginImportsIt() throws Exception {
        TestBundles.nd4j(dir);
        host = OrreryHost.start(HostConfig.of(List.of(dir)).withInitNd4j(false));
        assertEquals(0, host.timings().nd4jInitMillis(), "nothing paid at start");
        assertTrue(org.orrery.host.internal.Nd4jInit.initialised(), "the bundle importing org.nd4j triggered it");
        try (PluginHandle<Simulator> h = host.acquire(PluginKind.SIMULATOR, "test_nd4j_matmul", Simulator.class)) {
            assertArrayEquals(new double[] {4.0, 7.75, 1.25}, h.get().simulate(new double[] {0.5, -1.25, 2.0}, null), 1e-12);
        }
        assertTrue(org.orrery.host.internal.Nd4jInit.needs("org.nd4j.linalg.factory;version=\"[1.0,2)\""));
        assertFalse(org.orrery.host.internal.Nd4jInit.needs("org.orrery.simulator;version=\"[1.0,2)\""));
        assertFalse(org.orrery.host.internal.Nd4jInit.needs(null));
    }

    @Test
    void twoDropInDirectoriesAreBothWatched() throws Exception {
        TestBundles.good(dir, "1.0.0");
        start(dir, otherDir);
        assertTrue(host.registry().find(PluginKind.SIMULATOR, "test_shift").isPresent());

        Path jar = TestBundles.nd4j(otherDir);
        PluginInfo nd4j = await("test_nd4j_matmul", () -> host.registry().find(PluginKind.SIMULATOR, "test_nd4j_matmul"));
        assertEquals(jar.toString(), nd4j.location());
        assertEquals(List.of("test_nd4j_matmul", "test_shift"), host.registry().plugins().stream().map(PluginInfo::id).toList());

        Path garbage = TestBundles.garbage(otherDir);
        host.registry().awaitSettled(WAIT);
        assertEquals(List.of("not a zip archive"), TestBundles.reasons(host.registry().problems(), garbage));
    }
}
