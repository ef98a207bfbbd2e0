package org.orrery.external.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.host.HostConfig;
import org.orrery.host.OrreryHost;
import org.orrery.host.PluginHandle;
import org.orrery.host.PluginInfo;
import org.orrery.host.PluginProblem;
import org.orrery.plugin.PluginKind;
import org.orrery.simulator.SimulationContext;
import org.orrery.simulator.Simulator;

/**
 * The packaged adapter bundle in a real host: manifests dropped into a running host become
 * simulators, deleted ones disappear, bad ones are listed as problems with their line, and a host
 * started over a folder that already holds a manifest has it by the time start() returns.
 */
class ExternalHostIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private OrreryHost host;

    @AfterEach
    void stop() throws InterruptedException {
        if (host != null) {
            host.close();
        }
        Fixtures.assertNoProcesses(dir.toString());
    }

    private Path adapter() throws Exception {
        Path jar = Path.of(System.getProperty("orrery.external.bundle", "target/missing.jar"));
        assertTrue(Files.isRegularFile(jar), "the packaged adapter bundle is missing: " + jar);
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(jar, plugins.resolve("orrery-external.jar"));
        for (String name : List.of("good_worker.py", "good_percall.sh", "hdf5_fits_percall.py")) {
            try (InputStream in = getClass().getResourceAsStream("/programs/" + name)) {
                Fixtures.write(dir, name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return plugins;
    }

    /** Writes a manifest elsewhere and moves it in, as a person should. */
    private Path drop(Path plugins, String file, String text) throws Exception {
        Path tmp = Fixtures.write(dir, file + ".tmp", text);
        return Files.move(tmp, plugins.resolve(file), StandardCopyOption.ATOMIC_MOVE);
    }

    private static <T> T await(String what, Supplier<Optional<T>> value) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Optional<T> v = value.get();
            if (v.isPresent()) {
                return v.get();
            }
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(25);
        }
    }

    @Test
    void manifestDroppedIntoARunningHostAppearsChangesAndDisappears() throws Exception {
        Path plugins = adapter();
        host = OrreryHost.start(HostConfig.of(List.of(plugins)).withInitNd4j(false));
        assertTrue(host.registry().find(PluginKind.SIMULATOR, "shellcall").isEmpty());

        String text = Fixtures.manifest("shellcall", "per-call", "['" + dir.resolve("good_percall.sh") + "']", "10", "")
                .replace("version: 1.2.3", "version: 2.0.1");
        Path manifest = drop(plugins, "shellcall.simulator.yaml", text);
        PluginInfo info = await("the dropped manifest", () -> host.registry().find(PluginKind.SIMULATOR, "shellcall"));
        assertEquals("2.0.1", info.version(), "the manifest's version, not the adapter bundle's");
        assertEquals(manifest.toString(), info.location());

        try (PluginHandle<Simulator> h = host.acquire(PluginKind.SIMULATOR, "shellcall", Simulator.class)) {
            double[] x = h.get().simulate(new double[] {0.25, 0.5}, RandomSource.XO_SHI_RO_256_PP.create(7L));
            assertEquals(2, x.length);
            assertEquals("a", h.get().parameters().get(0).name());
            assertEquals("Mpc", h.get().parameters().get(0).unit());
            assertEquals("\\alpha", h.get().parameters().get(0).latex());
        }

        // a changed manifest replaces its simulator
        Thread.sleep(1100); // a new modification time, on file systems with 1 s resolution
        drop(plugins, "shellcall.simulator.yaml", text.replace("version: 2.0.1", "version: 2.0.2"));
        await("the changed manifest", () -> host.registry().find(PluginKind.SIMULATOR, "shellcall")
                .filter(p -> p.version().equals("2.0.2")));
        assertEquals(1, host.registry().plugins().stream().filter(p -> p.id().equals("shellcall")).count(),
                "the old version must be withdrawn: " + host.registry().plugins());

        Files.delete(manifest);
        await("the deleted manifest to disappear", () -> host.registry().find(PluginKind.SIMULATOR, "shellcall").isEmpty()
                ? Optional.of(true) : Optional.empty());
    }

    @Test
    void inTheHostAnHdf5OutputIsReadByTheHostsReaderAndTheIndexReachesTheProgram() throws Exception {
        // the bundle imports org.orrery.io.arrays and org.orrery.text from the host, and the index
        // travels through the service's SimulationContext overload
        assumeTrue(Fixtures.pythonAvailable("h5py", "astropy"));
        Path plugins = adapter();
        drop(plugins, "h5call.simulator.yaml", Fixtures.manifest("h5call", "per-call",
                "[/usr/bin/python3, '" + dir.resolve("hdf5_fits_percall.py") + "', h5]", "20", "")
                .replace("  - {name: x, shape: [2]}\n", "  - {name: x, shape: [2]}\n  - {name: field, shape: [2, 2]}\n"));
        host = OrreryHost.start(HostConfig.of(List.of(plugins)).withInitNd4j(false));
        try (PluginHandle<Simulator> h = host.acquire(PluginKind.SIMULATOR, "h5call", Simulator.class)) {
            var out = h.get().simulateAll(new double[] {0.25, 0.5}, RandomSource.XO_SHI_RO_256_PP.create(7L),
                    new SimulationContext(9));
            org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0.25, 9, 0.5, 1}, out.get("field"));
            // index 3 writes a truncated field.h5: one line naming the file, from the host's HDF5 reader
            var e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> h.get().simulateAll(
                    new double[] {0.25, 0.5}, RandomSource.XO_SHI_RO_256_PP.create(7L), new SimulationContext(3)));
            assertTrue(e.getMessage().startsWith("unreadable output field: HDF5 file field.h5 is truncated or corrupt"),
                    e.getMessage());
        }
    }

    @Test
    void hostStartedOverAManifestHasItAtOnceAndBadManifestsAreProblemsWithTheirLine() throws Exception {
        assumeTrue(Fixtures.pythonAvailable());
        Path plugins = adapter();
        drop(plugins, "pyworker.simulator.yaml",
                Fixtures.manifest("pyworker", "worker", "[/usr/bin/python3, '" + dir.resolve("good_worker.py") + "']", "10", ""));
        drop(plugins, "broken.simulator.yaml", Fixtures.manifest("broken", "per-call", "[/bin/true]", "10", "")
                .replace("prior: 'uniform(0, 1)'}\n  - {name: b", "prior: 'gauss(0, 1)'}\n  - {name: b"));
        host = OrreryHost.start(HostConfig.of(List.of(plugins)).withInitNd4j(false));

        // settled means manifests too: no polling needed
        assertTrue(host.registry().find(PluginKind.SIMULATOR, "pyworker").isPresent(), "plugins: " + host.registry().plugins());
        List<PluginProblem> problems = host.registry().problems();
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(plugins.resolve("broken.simulator.yaml").toString(), problems.get(0).location());
        assertTrue(problems.get(0).reason().contains("broken.simulator.yaml:4: parameters[0].prior: unknown prior family 'gauss'"),
                problems.get(0).reason());

        long pid;
        try (PluginHandle<Simulator> h = host.acquire(PluginKind.SIMULATOR, "pyworker", Simulator.class)) {
            double[] x = h.get().simulate(new double[] {0.25, 0.5}, RandomSource.XO_SHI_RO_256_PP.create(7L));
            assertEquals(2, x.length);
            assertEquals(0.25, x[0], 0.6);
            // the bundle's own class, not the test class path's: reach it reflectively
            @SuppressWarnings("unchecked")
            List<Long> pids = (List<Long>) h.get().getClass().getMethod("workerPids").invoke(h.get());
            assertEquals(1, pids.size());
            pid = pids.get(0);
        }
        // stopping the host stops the adapter, which ends its workers
        host.close();
        host = null;
        assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "worker " + pid + " outlived the host");
    }
}
