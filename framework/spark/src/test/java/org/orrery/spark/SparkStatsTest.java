package org.orrery.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.host.HostConfig;
import org.orrery.host.OrreryHost;
import org.orrery.validation.Series;
import org.orrery.workflow.SimulateRequest;
import org.orrery.workflow.StatsRequest;
import org.orrery.workflow.StatsResult;
import org.orrery.workflow.Workflow;
import org.orrery.workflow.WorkflowException;
import org.orrery.workflow.WorkflowListener;

/**
 * {@code stats} with the members' statistic computed on Spark {@code local[2]} (executors open the
 * banks from their paths and run the power spectrum plugin of their own host) against the local
 * loop, on two lpt banks of 8³ fields: every member's series and every number of statistics.h5 must
 * be the same doubles, bit for bit — the same plugin code runs on the same values, and the series
 * travel back by Java serialization, which keeps doubles exact.
 */
class SparkStatsTest {

    @TempDir
    static Path dir;
    static Path plugins;
    static SparkEngine engine;
    static Workflow workflow;
    static Path gen;
    static Path ref;

    @BeforeAll
    static void start() throws IOException {
        plugins = Files.createDirectories(dir.resolve("plugins"));
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String artifact : List.of("orrery-cosmology-simulators", "orrery-clustering-statistics")) {
            String jar = Arrays.stream(cp.split(File.pathSeparator))
                    .filter(e -> e.contains(artifact) && e.endsWith(".jar")).findFirst()
                    .orElseThrow(() -> new AssertionError(artifact + " jar not on the test class path"));
            Files.copy(Path.of(jar), plugins.resolve(artifact + ".jar"));
        }
        HostConfig config = HostConfig.of(List.of(plugins)).withInitNd4j(false).withSettleTimeout(Duration.ofSeconds(30));
        workflow = new Workflow(() -> {
            try {
                return OrreryHost.start(config);
            } catch (org.orrery.host.HostStartException e) {
                throw new IllegalStateException(e);
            }
        });
        gen = bank("gen.h5", 10, 1);
        ref = bank("ref.h5", 7, 2);
        engine = SparkEngine.start(SparkOptions.local(2, List.of(plugins)));
    }

    private static Path bank(String name, long num, long seed) {
        Path out = dir.resolve(name);
        workflow.simulate(new SimulateRequest("lpt", Map.of("grid", "8"), null, Map.of(), num, seed, out, 2, false,
                Duration.ZERO, Duration.ZERO), WorkflowListener.NONE);
        return out;
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

    private static StatsRequest request(String out) {
        return new StatsRequest("power_spectrum", List.of(gen), List.of(ref), dir.resolve(out), null, Map.of());
    }

    @Test
    void theMembersStatisticsAreTheLocalOnesBitForBit() {
        String group = "orrery-stats-test";
        engine.context().setJobGroup(group, "stats on spark", false);
        List<List<Series>> spark = new SparkStatistics(engine).compute(request("unused"), gen, "generated", "delta", 10);
        engine.context().clearJobGroup();
        assertEquals(1, engine.context().statusTracker().getJobIdsForGroup(group).length, "one Spark job ran");
        List<List<Series>> local = workflow.statisticOfMembers("power_spectrum", Map.of(), gen, "generated", "delta", 0, 10);
        assertEquals(10, spark.size());
        for (int m = 0; m < 10; m++) {
            assertEquals(local.get(m).size(), spark.get(m).size(), "series of member " + m);
            assertTrue(local.get(m).size() >= 1);
            for (int s = 0; s < local.get(m).size(); s++) {
                Series a = local.get(m).get(s);
                Series b = spark.get(m).get(s);
                String what = a.name() + " of member " + m;
                assertEquals(a.name(), b.name());
                assertArrayEquals(bits(a.x()), bits(b.x()), what);
                assertArrayEquals(bits(a.y()), bits(b.y()), what);
                assertArrayEquals(bits(a.binLow()), bits(b.binLow()), what);
                assertArrayEquals(bits(a.binHigh()), bits(b.binHigh()), what);
            }
        }
        // members differ from one another: the comparison above is not between copies of one curve
        assertTrue(!Arrays.equals(local.get(0).get(0).y(), local.get(1).get(0).y()));
    }

    @Test
    void theReportHoldsTheSameNumbersAsALocalRun() throws IOException {
        StatsResult a = workflow.stats(request("local-report"), WorkflowListener.NONE);
        String group = "orrery-stats-report";
        engine.context().setJobGroup(group, "stats report on spark", false);
        StatsResult b = workflow.stats(request("spark-report"), WorkflowListener.NONE, new SparkStatistics(engine));
        engine.context().clearJobGroup();
        assertEquals(2, engine.context().statusTracker().getJobIdsForGroup(group).length,
                "one Spark job per ensemble file (generated, reference)");
        assertEquals(a.agree(), b.agree());
        assertTrue(Files.isRegularFile(b.report().resolve("index.html")), "the report is written");
        int compared = 0;
        try (HdfFile x = new HdfFile(a.report().resolve("statistics.h5"));
                HdfFile y = new HdfFile(b.report().resolve("statistics.h5"))) {
            assertEquals(10, ((Number) x.getAttribute("members_generated").getData()).intValue());
            assertEquals(7, ((Number) y.getAttribute("members_reference").getData()).intValue());
            for (Node n : x.getChildren().values()) {
                Group gx = (Group) n;
                Group gy = (Group) y.getChild(gx.getName());
                for (String attr : List.of("chi2", "dof", "chi2_per_dof", "max_abs_residual", "p_value")) {
                    assertEquals(gx.getAttribute(attr).getData(), gy.getAttribute(attr).getData(), gx.getName() + " " + attr);
                }
                for (Node d : gx.getChildren().values()) {
                    Object vx = ((Dataset) d).getData();
                    Object vy = ((Dataset) gy.getChild(d.getName())).getData();
                    if (vx instanceof double[][] mx) {
                        double[][] my = (double[][]) vy;
                        assertEquals(mx.length, my.length, d.getPath());
                        for (int i = 0; i < mx.length; i++) {
                            assertArrayEquals(bits(mx[i]), bits(my[i]), d.getPath() + " row " + i);
                        }
                    } else {
                        assertArrayEquals(bits((double[]) vx), bits((double[]) vy), d.getPath());
                    }
                    compared++;
                }
            }
        }
        assertTrue(compared >= 10, "datasets compared: " + compared);
    }

    @Test
    void aBadRangeOnAnExecutorIsAOneLineError() {
        // the executor side refuses members the file does not have, and the driver reports its message
        WorkflowException e = assertThrows(WorkflowException.class,
                () -> new SparkStatistics(engine).compute(request("unused"), gen, "generated", "delta", 12));
        assertTrue(e.getMessage().contains("members [") && e.getMessage().contains("asked of 10"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    private static long[] bits(double[] v) {
        return v == null ? null : Arrays.stream(v).mapToLong(Double::doubleToRawLongBits).toArray();
    }
}
