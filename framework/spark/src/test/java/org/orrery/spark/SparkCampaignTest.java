package org.orrery.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.bank.BankMetadata;
import org.orrery.bank.BankReader;
import org.orrery.bank.BankView;
import org.orrery.host.HostConfig;
import org.orrery.host.OrreryHost;
import org.orrery.host.internal.SystemPackages;
import org.orrery.spark.internal.ExecutorRuntime;
import org.orrery.workflow.SimulateRequest;
import org.orrery.workflow.SimulateResult;
import org.orrery.workflow.Workflow;
import org.orrery.workflow.WorkflowException;
import org.orrery.workflow.WorkflowListener;

/**
 * The Spark engine on {@code local[2]} against the local engine, through the same workflow call and
 * the same plugin bundles: the banks must agree bit for bit (θ, every output, indices, failures and
 * metadata) for a benchmark simulator, a cosmology simulator with fields and an external program; a
 * task that dies on its first attempt is retried by Spark and changes nothing; a campaign interrupted
 * under one engine resumes under the other.
 */
class SparkCampaignTest {

    @TempDir
    static Path dir;
    static Path plugins;
    static SparkEngine engine;
    static Workflow workflow;
    static final AtomicInteger failedTasks = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        plugins = Files.createDirectories(dir.resolve("plugins"));
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String artifact : List.of("orrery-benchmark-simulators", "orrery-cosmology-simulators",
                "orrery-external-simulators")) {
            String jar = Arrays.stream(cp.split(File.pathSeparator))
                    .filter(e -> e.contains(artifact) && e.endsWith(".jar")).findFirst()
                    .orElseThrow(() -> new AssertionError(artifact + " jar not on the test class path"));
            Files.copy(Path.of(jar), plugins.resolve(artifact + ".jar"));
        }
        // a per-call shell program (sh + awk, on every Debian), as the external adapter's own tests use
        Path programs = Path.of(System.getProperty("orrery.external.programs"));
        Path sh = Files.copy(programs.resolve("good_percall.sh"), plugins.resolve("good_percall.sh"));
        Files.setPosixFilePermissions(sh, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(plugins.resolve("shellcall.simulator.yaml"), """
                id: shellcall
                version: 1.2.3
                parameters:
                  - {name: a, prior: 'uniform(0, 1)'}
                  - {name: b, prior: 'uniform(0, 1)'}
                outputs:
                  - {name: x, shape: [2]}
                command: [./good_percall.sh, '0.01']
                timeout: 20
                mode: per-call
                """);
        Files.writeString(plugins.resolve("shellslow.simulator.yaml"), Files.readString(plugins.resolve("shellcall.simulator.yaml"))
                .replace("id: shellcall", "id: shellslow").replace("'0.01'", "'0.05'"));
        HostConfig config = HostConfig.of(List.of(plugins)).withInitNd4j(false).withSettleTimeout(Duration.ofSeconds(30));
        workflow = new Workflow(() -> {
            try {
                return OrreryHost.start(config);
            } catch (org.orrery.host.HostStartException e) {
                throw new IllegalStateException(e);
            }
        });
        engine = SparkEngine.start(SparkOptions.local(2, List.of(plugins)));
        engine.context().sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.reason() instanceof TaskFailedReason) {
                    failedTasks.incrementAndGet();
                }
            }
        });
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
        if (workflow != null) {
            workflow.close();
        }
    }

    private static SimulateRequest request(String simulator, long num, long seed, String out, Map<String, Object> settings,
            boolean resume) {
        return new SimulateRequest(simulator, settings, null, Map.of(), num, seed, dir.resolve(out), 2, resume,
                Duration.ZERO, Duration.ZERO);
    }

    private static SimulateResult local(SimulateRequest r) {
        return workflow.simulate(r, WorkflowListener.NONE);
    }

    private static SimulateResult spark(SimulateRequest r) {
        return workflow.simulate(r, WorkflowListener.NONE, engine);
    }

    /** Both engines, same request, then the banks compared; returns the Spark run's result. */
    private static SimulateResult sameBankBothWays(String simulator, long num, long seed, Map<String, Object> settings) {
        SimulateResult a = local(request(simulator, num, seed, simulator + "-local.h5", settings, false));
        SimulateResult b = spark(request(simulator, num, seed, simulator + "-spark.h5", settings, false));
        assertEquals(num, b.campaign().simulatedNow(), "Spark ran every simulation");
        assertSameBank(dir.resolve(simulator + "-local.h5"), dir.resolve(simulator + "-spark.h5"));
        assertEquals(a.simulatorVersion(), b.simulatorVersion());
        assertFalse(Files.exists(dir.resolve(simulator + "-spark.h5.parts")), "shards are removed once the bank is whole");
        return b;
    }

    /** Bit for bit: indices, θ, every output, failures with their θ and reason, and the metadata but the creation time. */
    static void assertSameBank(Path a, Path b) {
        try (BankView x = BankReader.open(a); BankView y = BankReader.open(b)) {
            assertEquals(x.size(), y.size(), "rows");
            assertTrue(x.size() > 0, "the banks hold rows");
            BankMetadata mx = x.metadata();
            BankMetadata my = y.metadata();
            assertEquals(mx.simulatorId(), my.simulatorId());
            assertEquals(mx.simulatorVersion(), my.simulatorVersion());
            assertEquals(mx.seed(), my.seed());
            assertEquals(mx.numRequested(), my.numRequested());
            assertEquals(mx.prior(), my.prior());
            assertEquals(mx.outputs().toString(), my.outputs().toString());
            for (int i = 0; i < x.size(); i++) {
                assertEquals(x.index(i), y.index(i));
                assertArrayEquals(bits(x.theta(i)), bits(y.theta(i)), "theta of row " + i);
                for (var o : x.outputs()) {
                    assertArrayEquals(bits(x.values(o.name(), i)), bits(y.values(o.name(), i)), o.name() + " of row " + i);
                }
            }
            assertEquals(x.failures().size(), y.failures().size(), "failures");
            for (int f = 0; f < x.failures().size(); f++) {
                assertEquals(x.failures().get(f).index(), y.failures().get(f).index());
                assertEquals(x.failures().get(f).reason(), y.failures().get(f).reason());
                assertArrayEquals(bits(x.failures().get(f).theta()), bits(y.failures().get(f).theta()));
            }
        }
    }

    /** Complete shard files (not temporaries) in a parts directory; 0 when it does not exist. */
    static long shardCount(Path parts) throws IOException {
        if (!Files.isDirectory(parts)) {
            return 0;
        }
        try (var s = Files.list(parts)) {
            return s.filter(p -> p.getFileName().toString().matches("chunk-\\d+\\.shard")).count();
        }
    }

    private static long[] bits(double[] v) {
        return Arrays.stream(v).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    @Test
    void aBenchmarkSimulatorGivesTheLocalBank() {
        sameBankBothWays("two_moons", 400, 7, Map.of());
        int hosts = ExecutorRuntime.hostsStarted();
        assertTrue(hosts >= 1, "the executor side started its own plugin host");
        spark(request("two_moons", 100, 8, "tm-again.h5", Map.of(), false));
        assertEquals(hosts, ExecutorRuntime.hostsStarted(), "another campaign reuses the executor JVM's host");
    }

    @Test
    void aCosmologySimulatorWithFieldsGivesTheLocalBank() {
        sameBankBothWays("lpt", 12, 3, Map.of("grid", "8"));
        try (BankView v = BankReader.open(dir.resolve("lpt-spark.h5"))) {
            assertTrue(v.outputs().size() > 1, "lpt writes its field and latents: " + v.outputs());
            assertEquals(512, v.outputs().get(0).size(), "8^3 cells");
        }
    }

    @Test
    void anExternalProgramGivesTheLocalBank() {
        sameBankBothWays("shellcall", 24, 11, Map.of());
        try (BankView v = BankReader.open(dir.resolve("shellcall-spark.h5"))) {
            // the program saw each simulation's own seed: x - θ differs between rows
            assertTrue(v.values("x", 0)[0] - v.theta(0)[0] != v.values("x", 1)[0] - v.theta(1)[0]);
        }
    }

    @Test
    void aTaskKilledOnItsFirstAttemptIsRetriedAndTheBankIsUnchanged() {
        local(request("gaussian_linear", 300, 5, "gl-local.h5", Map.of(), false));
        int before = failedTasks.get();
        // chunk size 2 (300 / 200 rounded up): the task holding chunk 40 has written shards of its
        // earlier chunks, tears a shard file and dies half-way through chunk 40 on its first attempt
        engine.context().setLocalProperty(SparkCampaignExecutor.FAIL_CHUNK, "40");
        try {
            spark(request("gaussian_linear", 300, 5, "gl-spark.h5", Map.of(), false));
        } finally {
            engine.context().setLocalProperty(SparkCampaignExecutor.FAIL_CHUNK, null);
        }
        assertTrue(failedTasks.get() > before, "a task attempt failed and was retried");
        assertSameBank(dir.resolve("gl-local.h5"), dir.resolve("gl-spark.h5"));
    }

    @Test
    void aSparkCampaignThatFailedResumesUnderTheLocalEngineAndTheOtherWayRound() throws Exception {
        local(request("two_moons", 200, 21, "tm21-local.h5", Map.of(), false));
        // every attempt of chunk 30's task dies: the job fails, the other tasks' shards stay
        engine.context().setLocalProperty(SparkCampaignExecutor.FAIL_CHUNK, "30");
        engine.context().setLocalProperty(SparkCampaignExecutor.FAIL_MODE, "always");
        WorkflowException e;
        try {
            e = assertThrows(WorkflowException.class,
                    () -> spark(request("two_moons", 200, 21, "tm21-a.h5", Map.of(), false)));
        } finally {
            engine.context().setLocalProperty(SparkCampaignExecutor.FAIL_CHUNK, null);
            engine.context().setLocalProperty(SparkCampaignExecutor.FAIL_MODE, null);
        }
        assertTrue(e.getMessage().contains("Spark job failed"), e.getMessage());
        Path parts = dir.resolve("tm21-a.h5.parts");
        long shards = shardCount(parts);
        assertTrue(shards > 0 && shards < 200, "some chunks were kept, not all: " + shards);
        SimulateResult resumed = local(request("two_moons", 200, 21, "tm21-a.h5", Map.of(), true));
        assertTrue(resumed.campaign().simulatedNow() < 200, "the local engine redid only the missing chunks");
        assertSameBank(dir.resolve("tm21-local.h5"), dir.resolve("tm21-a.h5"));

        // the local engine interrupted part-way (a slow external program), then resumed on Spark
        SimulateResult ref = local(request("shellslow", 40, 9, "sc9-local.h5", Map.of(), false));
        assertEquals(40, ref.campaign().simulatedNow());
        Thread t = new Thread(() -> {
            try {
                local(request("shellslow", 40, 9, "sc9-b.h5", Map.of(), false));
            } catch (WorkflowException interrupted) {
                // expected: the shards written so far are kept
            }
        });
        t.start();
        Path partsB = dir.resolve("sc9-b.h5.parts");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (shardCount(partsB) < 4 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        t.interrupt();
        t.join();
        if (Files.exists(dir.resolve("sc9-b.h5"))) {
            throw new AssertionError("the local campaign finished before it could be interrupted; slow the program down");
        }
        long kept = shardCount(partsB);
        assertTrue(kept >= 4, "the interrupted local run kept shards: " + kept);
        SimulateResult onSpark = spark(request("shellslow", 40, 9, "sc9-b.h5", Map.of(), true));
        assertTrue(onSpark.campaign().simulatedNow() < 40, "Spark ran only the missing chunks: " + onSpark.campaign().simulatedNow());
        assertSameBank(dir.resolve("sc9-local.h5"), dir.resolve("sc9-b.h5"));
    }

    @Test
    void shardsStagedOnAHadoopFileSystemGiveTheLocalBank() throws Exception {
        Path stage = Files.createDirectories(dir.resolve("stage"));
        local(request("slcp", 60, 13, "slcp-local.h5", Map.of(), false));
        SparkEngine staged = engine.with(engine.options().withShared(stage.toUri().toString()));
        workflow.simulate(request("slcp", 60, 13, "slcp-staged.h5", Map.of(), false), WorkflowListener.NONE, staged);
        assertSameBank(dir.resolve("slcp-local.h5"), dir.resolve("slcp-staged.h5"));
        try (var s = Files.list(stage)) {
            assertEquals(List.of(), s.toList(), "the staging directory is removed once its shards are collected");
        }
    }

    @Test
    void pluginFoldersShippedWithTheJobGiveTheLocalBank() {
        // the executors read a copy Spark fetched (SparkFiles), not the driver's folder; the shell
        // program in it must stay executable
        SparkEngine shipped = engine.with(engine.options().withShipPlugins(true));
        workflow.simulate(request("shellcall", 16, 31, "ship-spark.h5", Map.of(), false), WorkflowListener.NONE, shipped);
        local(request("shellcall", 16, 31, "ship-local.h5", Map.of(), false));
        assertSameBank(dir.resolve("ship-local.h5"), dir.resolve("ship-spark.h5"));
        try (BankView v = BankReader.open(dir.resolve("ship-spark.h5"))) {
            assertEquals(16, v.size(), "no simulation failed: " + v.failures());
        }
    }

    @Test
    void sparkIsNotExportedToPluginBundles() {
        String exported = SystemPackages.fromClassPath();
        assertTrue(exported.contains("org.orrery.campaign") || exported.contains("org.orrery."), "the host exports Orrery");
        for (String p : List.of("org.apache.spark", "scala.", "org.apache.hadoop", "io.netty", "com.fasterxml.jackson.module.scala")) {
            assertFalse(exported.contains(p), p + " must stay out of the bundles' class space");
        }
        assertTrue(String.join(",", new ArrayList<>(List.of(System.getProperty("java.class.path")))).contains("spark-core"),
                "Spark is on this JVM's class path, so the check above means something");
    }
}
