package org.orrery.campaign.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.bank.BankReader;
import org.orrery.bank.BankView;
import org.orrery.campaign.Campaign;
import org.orrery.campaign.CampaignExecutor;
import org.orrery.campaign.CampaignListener;
import org.orrery.campaign.CampaignSpec;
import org.orrery.campaign.Chunk;
import org.orrery.campaign.ShardStore;
import org.orrery.campaign.SimulationStep;
import org.orrery.campaign.TestSimulators;
import org.orrery.simulator.Simulator;

/**
 * The executor contract from outside the campaign package, the way a Spark engine would use it:
 * run the public per-index step for each chunk, in any order, one shard per chunk, on no lanes at
 * all. The bank must be the one the local executor writes, row for row and failure for failure.
 */
class OtherExecutorTest {

    @TempDir
    Path dir;

    /** Chunks last to first, one at a time, one shard each: nothing like the local lanes. */
    static final class Backwards implements CampaignExecutor {
        int chunksRun;

        @Override
        public List<Chunk> execute(SimulationStep step, ShardStore store, List<Integer> chunks, Progress progress) {
            List<Integer> order = new ArrayList<>(chunks);
            java.util.Collections.reverse(order);
            long done = 0;
            for (int number : order) {
                Chunk c = store.newChunk(number);
                for (int k = 0; k < c.count(); k++) {
                    c.put(k, step.run(c.start() + k));
                }
                store.write(List.of(c));
                done += c.count();
                chunksRun++;
                progress.update(done, 0, 0);
            }
            store.syncDirectory();
            return List.of();
        }
    }

    private void sameBank(Simulator sim, long num, long seed, int chunk) {
        Path local = dir.resolve(sim.id() + "-local.h5");
        Path other = dir.resolve(sim.id() + "-other.h5");
        new Campaign(sim, "1.0", new CampaignSpec(num, seed, local, 2, Duration.ZERO, false, chunk),
                CampaignListener.NONE).run();
        Backwards backwards = new Backwards();
        new Campaign(sim, "1.0", new CampaignSpec(num, seed, other, 2, Duration.ZERO, false, chunk),
                CampaignListener.NONE, backwards).run();
        assertEquals((num + chunk - 1) / chunk, backwards.chunksRun);
        try (BankView a = BankReader.open(local); BankView b = BankReader.open(other)) {
            assertEquals(a.size(), b.size());
            assertEquals(a.failures().size(), b.failures().size());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.index(i), b.index(i));
                assertArrayEquals(a.theta(i), b.theta(i));
                for (var o : a.outputs()) {
                    assertArrayEquals(a.values(o.name(), i), b.values(o.name(), i), o.name() + " row " + i);
                }
            }
            for (int f = 0; f < a.failures().size(); f++) {
                assertEquals(a.failures().get(f).index(), b.failures().get(f).index());
                assertEquals(a.failures().get(f).reason(), b.failures().get(f).reason());
                assertArrayEquals(a.failures().get(f).theta(), b.failures().get(f).theta());
            }
        }
    }

    @Test
    void aBackwardsOneShardPerChunkExecutorWritesTheLocalBank() {
        // point sets of varying size with failures, and float32 fields beside a float64 latent
        sameBank(new TestSimulators.Points(0), 300, 4, 16);
        sameBank(new TestSimulators.Field32(8), 50, 6, 7);
        try (BankView v = BankReader.open(dir.resolve("test_points-other.h5"))) {
            assertTrue(v.failures().size() > 0, "the point-set simulator fails on purpose sometimes");
        }
    }
}
