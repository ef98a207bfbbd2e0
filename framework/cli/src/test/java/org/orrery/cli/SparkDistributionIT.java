package org.orrery.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.bank.BankReader;
import org.orrery.bank.BankView;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

/**
 * {@code orrery simulate --engine spark --master local[2]} through the real launcher: it puts
 * lib/spark/ and Spark's JVM options on the class path for that command only, and the bank equals
 * the local engine's; a local campaign loads no Spark class at all.
 */
class SparkDistributionIT {

    @TempDir Path tmp;

    private record Result(int status, String out, String err) {
    }

    private Result orrery(Map<String, String> env, String... args) throws Exception {
        Path launcher = Path.of(System.getProperty("orrery.dist", "target/orrery"), "bin", "orrery");
        var command = new ArrayList<String>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        var pb = new ProcessBuilder(command).directory(tmp.toFile());
        pb.environment().remove(HostOptions.ENV);
        pb.environment().remove("ORRERY_JAVA_OPTS");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("orrery " + String.join(" ", args) + " did not finish in 180 s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theLauncherRunsSparkOnlyWhenAskedAndTheBankIsTheLocalOne() throws Exception {
        Result local = orrery(Map.of("ORRERY_JAVA_OPTS", "-verbose:class"), "simulate", "--simulator", "gaussian_mixture",
                "--num", "300", "--seed", "17", "--out", "local.h5");
        assertEquals(0, local.status(), local.err());
        assertTrue(local.out().contains("org.orrery.cli.Main"), "the class-loading log is there to read");
        assertFalse(local.out().contains("org.apache.spark"), "a local campaign must load no Spark class");

        Result spark = orrery(Map.of(), "simulate", "--simulator", "gaussian_mixture", "--num", "300", "--seed", "17",
                "--out", "spark.h5", "--engine", "spark", "--master", "local[2]");
        assertEquals(0, spark.status(), spark.err());
        assertTrue(spark.out().contains("wrote spark.h5: 300 ok"), spark.out());
        assertFalse(spark.err().contains(" INFO "), "Spark says only warnings:\n" + spark.err());
        try (BankView a = BankReader.open(tmp.resolve("local.h5")); BankView b = BankReader.open(tmp.resolve("spark.h5"))) {
            assertEquals(300, a.size());
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.index(i), b.index(i));
                assertArrayEquals(a.theta(i), b.theta(i));
                assertArrayEquals(a.x(i), b.x(i));
            }
        }

        Result misuse = orrery(Map.of(), "simulate", "--simulator", "gaussian_mixture", "--num", "3", "--seed", "1",
                "--out", "x.h5", "--master", "local[2]");
        assertEquals(2, misuse.status());
        assertEquals("orrery simulate: --master, --spark-shared and --ship-plugins need --engine spark", misuse.err().strip());
    }

    /** {@code orrery stats --engine spark} through the launcher: the report's numbers are the local run's, bit for bit; a local run loads no Spark. */
    @Test
    void statsOnSparkWritesTheLocalNumbers() throws Exception {
        // one bank on both sides keeps the launches few; the comparison still runs on every member of each side
        Result sim = orrery(Map.of(), "simulate", "--simulator", "lpt", "--set", "grid=8", "--num", "6", "--seed", "1",
                "--out", "gen.h5");
        assertEquals(0, sim.status(), sim.err());
        Result local = orrery(Map.of("ORRERY_JAVA_OPTS", "-verbose:class"), "stats", "--statistic", "power_spectrum",
                "--generated", "gen.h5", "--reference", "gen.h5", "--out", "local-report");
        assertEquals(0, local.status(), local.err());
        assertFalse(local.out().contains("org.apache.spark"), "local stats must load no Spark class");
        Result spark = orrery(Map.of(), "stats", "--statistic", "power_spectrum", "--generated", "gen.h5", "--reference",
                "gen.h5", "--out", "spark-report", "--engine", "spark", "--master", "local[2]");
        assertEquals(0, spark.status(), spark.err());
        assertTrue(spark.out().contains("power_spectrum: generated and reference"), spark.out());
        int compared = 0;
        try (HdfFile x = new HdfFile(tmp.resolve("local-report/statistics.h5"));
                HdfFile y = new HdfFile(tmp.resolve("spark-report/statistics.h5"))) {
            for (Node n : x.getChildren().values()) {
                Group gx = (Group) n;
                Group gy = (Group) y.getChild(gx.getName());
                assertEquals(gx.getAttribute("chi2").getData(), gy.getAttribute("chi2").getData());
                for (Node d : gx.getChildren().values()) {
                    Object vx = ((Dataset) d).getData();
                    Object vy = ((Dataset) gy.getChild(d.getName())).getData();
                    assertTrue(java.util.Objects.deepEquals(vx, vy), gx.getName() + "/" + d.getName() + " differs");
                    compared++;
                }
            }
        }
        assertTrue(compared >= 10, "datasets compared: " + compared);
        // (--master without --engine spark: StatsCommandTest)
    }
}
