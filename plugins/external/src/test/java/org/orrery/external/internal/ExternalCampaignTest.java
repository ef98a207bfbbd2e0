package org.orrery.external.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.orrery.bank.BankReader;
import org.orrery.bank.Failure;
import org.orrery.campaign.CampaignResult;

/**
 * Campaigns of real external programs: reproducible banks (1 vs 2 workers, kill -9 + resume), and
 * every way a program can misbehave costing exactly its own simulations, with no process left over.
 */
class ExternalCampaignTest {

    @TempDir
    Path dir;
    Path scratch;

    @BeforeEach
    void programs() throws IOException {
        for (String name : List.of("good_worker.py", "good_percall.sh", "faulty_worker.py", "garbage_worker.py",
                "faulty_percall.sh", "npy_percall.py", "line_sim.c", "index_percall.sh", "index_worker.py",
                "hdf5_fits_percall.py")) {
            try (InputStream in = getClass().getResourceAsStream("/programs/" + name)) {
                Fixtures.write(dir, name, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        scratch = Files.createDirectories(dir.resolve("scratch"));
    }

    @AfterEach
    void nothingLeft() throws InterruptedException {
        Fixtures.assertNoProcesses(dir.toString());
        Fixtures.assertNoProcesses("sleep 31.7");
        Fixtures.assertNoProcesses("time.sleep(31.7)");
        try (Stream<Path> s = Files.list(scratch)) {
            List<Path> left = s.toList();
            assertTrue(left.isEmpty(), "scratch folders left behind: " + left);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Path manifest(String name, String mode, String command, String timeout) throws IOException {
        return Fixtures.write(dir, name + ".simulator.yaml", Fixtures.manifest(name, mode, command, timeout, ""));
    }

    @Test
    void pythonWorkerBankIsTheSameFor1And2WorkersAndAfterKillAndResume() throws Exception {
        assumeTrue(Fixtures.pythonAvailable());
        Path m = manifest("pyworker", "worker", "[/usr/bin/python3, '{manifest_dir}/good_worker.py', '0.05']", "20");
        sameBankThreeWays(m, 40);
    }

    @Test
    void perCallShellBankIsTheSameFor1And2WorkersAndAfterKillAndResume() throws Exception {
        Path m = manifest("shellcall", "per-call", "[./good_percall.sh, '0.05']", "20");
        sameBankThreeWays(m, 40);
        // the per-call program saw Orrery's seed: x - theta is a function of it, not constant
        var bank = BankReader.read(dir.resolve("one.h5"));
        assertTrue(bank.x(0)[0] - bank.theta(0)[0] != bank.x(1)[0] - bank.theta(1)[0]);
    }

    private void sameBankThreeWays(Path manifest, int num) throws Exception {
        Path one = dir.resolve("one.h5");
        Path two = dir.resolve("two.h5");
        Path resumed = dir.resolve("resumed.h5");
        try (ExternalSimulator sim = Fixtures.simulator(manifest, scratch)) {
            CampaignResult r1 = Fixtures.campaign(sim, one, num, 1, false);
            assertEquals(num, r1.numOk(), "failures: " + r1.firstFailures());
            Fixtures.campaign(sim, two, num, 2, false);
        }
        Fixtures.assertSameBank(one, two);

        // a campaign in another JVM, killed with SIGKILL once a few shards are durable
        Path parts = Path.of(resumed + ".parts");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CampaignMain.class.getName(), manifest.toString(), scratch.toString(), resumed.toString(),
                Integer.toString(num), "2")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (shards(parts) < 3 && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(child.isAlive(), "the child campaign ended before it could be killed: " + Files.readString(dir.resolve("child.log")));
        child.destroyForcibly(); // SIGKILL on Linux
        child.waitFor(10, TimeUnit.SECONDS);
        assertTrue(!Files.exists(resumed), "a killed campaign must not leave a bank");
        // its worker processes notice the closed pipe and go; the scratch folders of that JVM stay behind
        Fixtures.assertNoProcesses(dir.toString());
        try (Stream<Path> s = Files.list(scratch)) {
            s.forEach(Processes::deleteTree);
        }
        try (ExternalSimulator sim = Fixtures.simulator(manifest, scratch)) {
            CampaignResult r = Fixtures.campaign(sim, resumed, num, 2, true);
            assertTrue(r.simulatedNow() < num, "resume must reuse the shards, simulated " + r.simulatedNow());
        }
        Fixtures.assertSameBank(one, resumed);
    }

    private static long shards(Path parts) throws IOException {
        if (!Files.isDirectory(parts)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(parts)) {
            return s.count();
        }
    }

    @Test
    void perCallProgramSeesItsSimulationIndexAndTheBankIsTheSameFor1And2Workers() throws Exception {
        // x = [$ORRERY_INDEX, {index}]; the program also checks input.json's "index" against the environment
        Path m = manifest("indexcall", "per-call", "[./index_percall.sh, '{index}']", "20");
        assertIndexSeen(m, true);
    }

    @Test
    void pythonWorkerThatTakesTheIndexSeesItAndTheBankIsTheSameFor1And2Workers() throws Exception {
        assumeTrue(Fixtures.pythonAvailable());
        Path m = manifest("indexworker", "worker", "[/usr/bin/python3, '{manifest_dir}/index_worker.py']", "20");
        assertIndexSeen(m, false);
    }

    /** Every row's x[0] (and x[1] when {@code both}) is that row's campaign index, for 1 and 2 workers alike. */
    private void assertIndexSeen(Path manifest, boolean both) throws Exception {
        Path one = dir.resolve("index1.h5");
        Path two = dir.resolve("index2.h5");
        int num = 23; // 6 chunks of 4: the second worker's lane starts in the middle of the indices
        try (ExternalSimulator sim = Fixtures.simulator(manifest, scratch)) {
            CampaignResult r = Fixtures.campaign(sim, one, num, 1, false);
            assertEquals(num, r.numOk(), "failures: " + r.firstFailures());
            assertEquals(num, Fixtures.campaign(sim, two, num, 2, false).numOk());
        }
        Fixtures.assertSameBank(one, two);
        var bank = BankReader.read(two);
        for (int i = 0; i < bank.size(); i++) {
            assertEquals((double) bank.index(i), bank.x(i)[0], 0.0, "row " + i);
            if (both) {
                assertEquals((double) bank.index(i), bank.x(i)[1], 0.0, "row " + i);
            }
        }
        assertEquals(num - 1, bank.index(bank.size() - 1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"h5", "outputs_h5", "fits"})
    void perCallHdf5AndFitsOutputsAreReadAndABrokenFileCostsItsSimulation(String kind) throws Exception {
        assumeTrue(Fixtures.pythonAvailable("h5py", "astropy"));
        String text = Fixtures.manifest("h5call", "per-call",
                "[/usr/bin/python3, '{manifest_dir}/hdf5_fits_percall.py', " + kind + "]", "20", "")
                .replace("  - {name: x, shape: [2]}\n", "  - {name: x, shape: [2]}\n  - {name: field, shape: [2, 2], kind: image}\n");
        Path m = Fixtures.write(dir, "h5call.simulator.yaml", text);
        Path bank = dir.resolve("h5.h5");
        int num = 14;
        try (ExternalSimulator sim = Fixtures.simulator(m, scratch)) {
            CampaignResult r = Fixtures.campaign(sim, bank, num, 2, false);
            assertEquals(num, r.numOk() + r.numFailed());
        }
        var b = BankReader.read(bank);
        // indices 3 and 10 wrote a truncated file, 5 and 12 garbage: exactly those fail, with the reason
        assertEquals(List.of(3L, 5L, 10L, 12L), b.failures().stream().map(Failure::index).toList(),
                "failures: " + b.failures().stream().map(Failure::reason).toList());
        String broken = kind.equals("outputs_h5") ? "outputs.h5" : kind.equals("fits") ? "field.fits" : "field.h5";
        for (Failure f : b.failures()) {
            assertTrue(f.reason().contains("unreadable output " + (kind.equals("outputs_h5") ? "x" : "field") + ": "),
                    f.index() + ": " + f.reason());
            assertTrue(f.reason().contains(broken), f.index() + ": " + f.reason());
            assertTrue(!f.reason().contains(scratch.toString()), "the scratch folder is gone; name the file: " + f.reason());
        }
        assertEquals(num - 4, b.size());
        for (int i = 0; i < b.size(); i++) {
            double[] t = b.theta(i);
            assertEquals(t[0], b.x(i)[0], 0.6);
            // field is float32 in the file: [[a, index], [b, 1]]
            org.junit.jupiter.api.Assertions.assertArrayEquals(
                    new double[] {(float) t[0], b.index(i), (float) t[1], 1}, b.values("field", i), "row " + i);
        }
    }

    @Test
    void perCallPythonWritesNpyAndJsonOutputsAndLatentsReachTheBank() throws Exception {
        assumeTrue(Fixtures.pythonAvailable());
        String text = Fixtures.manifest("npycall", "per-call", "[/usr/bin/python3, '{manifest_dir}/npy_percall.py', '{input}']",
                "20", "").replace("  - {name: x, shape: [2]}\n", "  - {name: x, shape: [2]}\n  - {name: field, shape: [2, 2], kind: image}\n");
        Path m = Fixtures.write(dir, "npycall.simulator.yaml", text);
        Path bank = dir.resolve("npy.h5");
        try (ExternalSimulator sim = Fixtures.simulator(m, scratch)) {
            CampaignResult r = Fixtures.campaign(sim, bank, 6, 2, false);
            assertEquals(6, r.numOk(), "failures: " + r.firstFailures());
        }
        var b = BankReader.read(bank);
        for (int i = 0; i < b.size(); i++) {
            double[] t = b.theta(i);
            assertEquals(t[0], b.x(i)[0], 0.6);
            // float32 on the way: x is exactly a float
            assertEquals((float) b.x(i)[0], b.x(i)[0], 0.0);
            org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {t[0], 1, 2, t[1]}, b.values("field", i));
        }
    }

    @Test
    void perCallCProgramThroughTheHeaderIsReproducibleAndReportsItsFailures() throws Exception {
        Path gcc = Path.of("/usr/bin/gcc");
        if (!Files.isExecutable(gcc)) {
            System.out.println("SKIPPED: no /usr/bin/gcc to compile the C simulator (the shell per-call tests cover the mode)");
            return;
        }
        Path header = Fixtures.HELPER_DIR.resolveSibling("c");
        Process cc = new ProcessBuilder(gcc.toString(), "-O2", "-Wall", "-Werror", "-I" + header, "-o",
                dir.resolve("line_sim").toString(), dir.resolve("line_sim.c").toString(), "-lm")
                .redirectErrorStream(true).start();
        String out = new String(cc.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, cc.waitFor(), "gcc: " + out);
        Path m = manifest("csim", "per-call", "[./line_sim, '{index}']", "20");
        try (ExternalSimulator sim = Fixtures.simulator(m, scratch)) {
            Fixtures.campaign(sim, dir.resolve("c1.h5"), 16, 1, false);
            Fixtures.campaign(sim, dir.resolve("c2.h5"), 16, 2, false);
        }
        Fixtures.assertSameBank(dir.resolve("c1.h5"), dir.resolve("c2.h5"));
        Fixtures.assertFailsExactlyWhenAAbove(dir.resolve("c1.h5"), 0.9, "a above 0.9 is not tabulated");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "worker,   crash,       worker exited with status 3",
        "worker,   hang,        timeout after 0.5 s",
        "worker,   garbage,     protocol error: bad frame length",
        "worker,   wrong-shape, wrong shape",
        "worker,   raise,       simulate raised: ValueError: a = ",
        "worker,   nan,         NaN",
        "per-call, crash,       exit status 3",
        "per-call, hang,        timeout after 0.5 s",
        "per-call, garbage,     not a .npy file",
        "per-call, wrong-shape, wrong shape",
        "per-call, no-output,   exited 0 but wrote no output 'x'",
    })
    void aFaultCostsExactlyItsSimulations(String mode, String fault, String reason) throws Exception {
        String command;
        if (mode.equals("per-call")) {
            command = "[./faulty_percall.sh, " + fault + "]";
        } else {
            assumeTrue(Fixtures.pythonAvailable());
            command = fault.equals("garbage") ? "[/usr/bin/python3, '{manifest_dir}/garbage_worker.py']"
                    : "[/usr/bin/python3, '{manifest_dir}/faulty_worker.py', " + fault + "]";
        }
        Path m = manifest("faulty", mode, command, "0.5");
        Path bank = dir.resolve("bank.h5");
        try (ExternalSimulator sim = Fixtures.simulator(m, scratch)) {
            CampaignResult r = Fixtures.campaign(sim, bank, 8, 2, false);
            assertEquals(8, r.numOk() + r.numFailed());
        }
        List<Failure> failures = Fixtures.assertFailsExactlyWhenAAbove(bank, 0.5, reason);
        if (fault.equals("crash")) {
            // the program's stderr is kept, on one line, in the failure record
            assertTrue(failures.get(0).reason().contains("boom at a="), failures.get(0).reason());
        }
    }
}
