package org.orrery.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.bank.Bank;
import org.orrery.bank.BankReader;

/**
 * A campaign in a real JVM, killed with SIGKILL at several points, resumed, and compared with an
 * uninterrupted run: nothing lost, nothing duplicated, and never a torn bank.
 */
class KillResumeTest {

    static final int NUM = 900;
    static final int CHUNK = 20;
    static final long SEED = 2024;
    static final long SLEEP_MICROS = 2000; // ~0.9 s of simulation on 2 workers

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void killedCampaignResumesToTheUninterruptedBank() throws Exception {
        Path out = dir.resolve("bank.h5");
        Path parts = dir.resolve("bank.h5.parts");

        // 1. kill after a few shards exist
        Process p = start(out, false);
        waitForShards(parts, 3, p);
        kill(p);
        assertFalse(Files.exists(out), "a killed campaign leaves no bank.h5");
        int afterFirstKill = shards(parts).size();
        assertTrue(afterFirstKill >= 3 && afterFirstKill < NUM / CHUNK, "shards after kill: " + afterFirstKill);

        // 2. resume, kill again later
        p = start(out, true);
        waitForShards(parts, afterFirstKill + 8, p);
        kill(p);
        assertFalse(Files.exists(out), "a killed campaign leaves no bank.h5");

        // 3. tear the newest shard as a crash on a non-atomic filesystem would, and leave a stray temp
        List<Path> s = shards(parts);
        Path torn = s.get(s.size() - 1);
        try (FileChannel ch = FileChannel.open(torn, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 5);
        }
        Files.writeString(parts.resolve(".chunk-000000999.shard.tmp"), "half a shard");

        // 4. resume to the end
        p = start(out, true);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "resumed campaign finishes");
        String stdout = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.exitValue(), "resumed run failed: " + stdout + new String(p.getErrorStream().readAllBytes()));
        assertTrue(stdout.startsWith("ok=" + NUM + " failed=0 now="), stdout);
        long now = Long.parseLong(stdout.trim().substring(stdout.indexOf("now=") + 4));
        assertTrue(now < NUM, "the resumed run re-used shards, simulated only " + now);
        assertFalse(Files.exists(parts), "parts are deleted once the bank is complete");

        // uninterrupted reference, in this JVM, one worker
        Path ref = dir.resolve("reference.h5");
        Bank reference = CampaignTest.run(new TestSimulators.Gauss(3, new int[] {4}, 0),
                new CampaignSpec(NUM, SEED, ref, 1, Duration.ZERO, false, 64));
        Bank resumed = BankReader.read(out);
        assertEquals(NUM, resumed.size());
        CampaignTest.assertSameBank(reference, resumed);
        for (int i = 0; i < NUM; i++) {
            assertEquals(i, resumed.index(i), "each index exactly once, in order");
        }
    }

    /** Point sets of varying size travel through the shards too (per-simulation lengths, failures). */
    @Test
    @Timeout(120)
    void killedPointSetCampaignResumesToTheUninterruptedBank() throws Exception {
        int num = 400;
        Path out = dir.resolve("points.h5");
        Path parts = dir.resolve("points.h5.parts");
        Process p = start(out, false, num, 10, "points");
        waitForShards(parts, 4, p);
        kill(p);
        assertFalse(Files.exists(out));
        p = start(out, true, num, 10, "points");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "resumed campaign finishes");
        String stdout = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.exitValue(), "resumed run failed: " + stdout);
        long now = Long.parseLong(stdout.trim().substring(stdout.indexOf("now=") + 4));
        assertTrue(now < num, "the resumed run re-used shards, simulated only " + now);

        Bank reference = CampaignTest.run(new TestSimulators.Points(0),
                new CampaignSpec(num, SEED, dir.resolve("points-ref.h5"), 1, Duration.ZERO, false, 64));
        Bank resumed = BankReader.read(out);
        assertTrue(resumed.failures().size() > 0 && resumed.size() > 0);
        CampaignTest.assertSameBank(reference, resumed);
    }

    private Process start(Path out, boolean resume) throws IOException {
        return start(out, resume, NUM, CHUNK, "gauss");
    }

    private Process start(Path out, boolean resume, int num, int chunk, String kind) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", cp, CampaignMain.class.getName(), out.toString(),
                Integer.toString(num), Long.toString(SEED), "2", Integer.toString(chunk), Long.toString(SLEEP_MICROS),
                Boolean.toString(resume), kind)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly(); // SIGKILL on Linux
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), "killed by SIGKILL (128 + 9), not finished");
    }

    private static void waitForShards(Path parts, int n, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(parts) && shards(parts).size() >= n) {
                return;
            }
            assertTrue(p.isAlive(), "campaign ended before " + n + " shards were written");
            Thread.sleep(5);
        }
        throw new AssertionError("no " + n + " shards within 30 s");
    }

    static List<Path> shards(Path parts) throws IOException {
        try (Stream<Path> s = Files.list(parts)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".shard")).sorted().toList();
        }
    }
}
