package org.orrery.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.bank.Bank;

/**
 * The checkpoint interval: finished chunks wait in memory for at most that long, then go to disk
 * together; with 0 each chunk is written as it finishes. The simulator itself watches the parts
 * directory while the campaign runs, so the test sees what a kill at that moment would leave.
 */
class CheckpointIntervalTest {

    @TempDir
    Path dir;

    /** 1 ms per simulation; records how many shard files exist each time a simulation starts. */
    static final class Watching extends TestSimulators.Gauss {
        final Path parts;
        final List<Integer> seen = Collections.synchronizedList(new ArrayList<>());

        Watching(Path parts) {
            super(2, new int[] {2}, 1000);
            this.parts = parts;
        }

        @Override
        public double[] simulate(double[] theta, UniformRandomProvider rng) {
            try (Stream<Path> s = Files.list(parts)) {
                seen.add((int) s.filter(p -> p.toString().endsWith(".shard")).count());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return super.simulate(theta, rng);
        }
    }

    private Watching run(String name, Duration every) {
        Path out = dir.resolve(name + ".h5");
        Watching sim = new Watching(dir.resolve(name + ".h5.parts"));
        // 600 simulations of ≥ 1 ms on one worker in chunks of 10: 60 chunks over ≥ 0.6 s
        Bank b = CampaignTest.run(sim, new CampaignSpec(600, 3, out, 1, Duration.ZERO, false, 10, every));
        assertEquals(600, b.size());
        return sim;
    }

    @Test
    void zeroWritesEveryChunkAsItFinishes() {
        Watching sim = run("eager", Duration.ZERO);
        int last = sim.seen.get(sim.seen.size() - 1);
        assertTrue(last >= 40, "nearly every finished chunk is on disk by the last simulation: " + last + " of 59");
    }

    @Test
    void aLongIntervalKeepsAShortCampaignOffTheDisk() {
        Watching sim = run("lazy", Duration.ofHours(1));
        assertEquals(0, sim.seen.stream().mapToInt(Integer::intValue).max().orElseThrow(),
                "no shard is written within the interval");
    }

    @Test
    void aShortIntervalWritesBatchesOfChunks() {
        Watching sim = run("batched", Duration.ofMillis(150));
        int last = sim.seen.get(sim.seen.size() - 1);
        // ≥ 0.6 s of work with at most 150 ms of it waiting: some shards, each holding several chunks
        assertTrue(last >= 2 && last <= 30, "shards by the last simulation: " + last);
        assertEquals(0, sim.seen.get(0), "nothing on disk before the first chunk is done");
    }

    @Test
    void bankIsTheSameWhateverTheInterval() {
        Path a = dir.resolve("a.h5");
        Path b = dir.resolve("b.h5");
        var sim = new TestSimulators.Gauss(3, new int[] {4}, 0);
        Bank eager = CampaignTest.run(sim, new CampaignSpec(5000, 9, a, 2, Duration.ZERO, false, 100, Duration.ZERO));
        Bank lazy = CampaignTest.run(sim, new CampaignSpec(5000, 9, b, 2, Duration.ZERO, false, 100, Duration.ofHours(1)));
        CampaignTest.assertSameBank(eager, lazy);
    }
}
