package org.orrery.campaign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shards holding several chunks (group commit): read back whole, or redone whole when torn. */
class ShardStoreTest {

    @TempDir
    Path dir;

    private static final ShardStore.Identity ID = new ShardStore.Identity("gauss", "1.0", 7, 100, 10, 2, 3,
            "x[3] pts[-1, 2]", new int[] {3, -1}, "N(0, 1)");

    private static Chunk filled(ShardStore store, int number) {
        Chunk c = store.newChunk(number);
        for (int k = 0; k < c.count; k++) {
            long i = c.start + k;
            c.theta[2 * k] = i;
            c.theta[2 * k + 1] = -i;
            for (int v = 0; v < 3; v++) {
                c.fixed[0][3 * k + v] = i * 10 + v;
            }
            if (k % 4 == 3) {
                c.reason[k] = "returned NaN at x[" + k % 3 + "]";
            } else {
                c.varying[1][k] = new double[2 * (k % 3)]; // 0, 1 or 2 points
                java.util.Arrays.fill(c.varying[1][k], i + 0.5);
            }
        }
        return c;
    }

    @Test
    void aShardOfSeveralChunksReadsBackChunkByChunk() throws Exception {
        ShardStore store = ShardStore.create(dir.resolve("parts"), ID);
        List<Chunk> batch = List.of(filled(store, 3), filled(store, 4), filled(store, 7));
        store.write(batch);
        store.write(List.of(filled(store, 9)));
        try (Stream<Path> files = Files.list(dir.resolve("parts"))) {
            assertEquals(2, files.filter(p -> p.toString().endsWith(".shard")).count(), "one file per batch");
        }
        TreeMap<Integer, Chunk> back = store.loadValid();
        assertEquals(List.of(3, 4, 7, 9), List.copyOf(back.keySet()));
        for (Chunk want : batch) {
            Chunk got = back.get(want.number);
            assertEquals(want.start, got.start);
            assertArrayEquals(want.theta, got.theta, 0.0);
            assertArrayEquals(want.fixed[0], got.fixed[0], 0.0);
            assertArrayEquals(want.reason, got.reason);
            for (int k = 0; k < want.count; k++) {
                assertArrayEquals(want.varying[1][k], got.varying[1][k]);
            }
        }
        assertEquals(90, back.get(9).start);
    }

    @Test
    void aTornShardLosesAllItsChunksAndNothingElse() throws Exception {
        Path parts = dir.resolve("parts");
        ShardStore store = ShardStore.create(parts, ID);
        store.write(List.of(filled(store, 0), filled(store, 1)));
        store.write(List.of(filled(store, 2), filled(store, 5)));
        Path torn = parts.resolve("chunk-000000002.shard");
        assertTrue(Files.exists(torn));
        try (FileChannel ch = FileChannel.open(torn, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 3);
        }
        TreeMap<Integer, Chunk> back = store.loadValid();
        assertEquals(List.of(0, 1), List.copyOf(back.keySet()));
        assertFalse(Files.exists(torn), "a torn shard is deleted so that its chunks are redone");
        assertNull(back.get(5));
    }

    @Test
    void aShardOfAnotherCampaignIsNotMixedIn() throws Exception {
        Path parts = dir.resolve("parts");
        ShardStore other = ShardStore.create(parts, new ShardStore.Identity("gauss", "1.0", 8, 100, 10, 2, 3,
                "x[3] pts[-1, 2]", new int[] {3, -1}, "N(0, 1)"));
        other.write(List.of(filled(other, 0)));
        ShardStore store = ShardStore.create(parts, ID);
        assertTrue(store.loadValid().isEmpty(), "seed 8's shard is not seed 7's");
    }

    @Test
    void aShardLargerThanTheCampaignCanWriteIsRefusedBeforeItIsRead() throws Exception {
        // issue 19: a sparse 3 GB file in the parts folder (tiny on disk) is refused by its size, in one line
        Path parts = dir.resolve("fixed.parts");
        var fixed = new ShardStore.Identity("gauss", "1.0", 7, 100, 10, 2, 3, "x[3]", new int[] {3}, "N(0, 1)");
        ShardStore store = ShardStore.create(parts, fixed);
        Path hostile = parts.resolve("chunk-000000000.shard");
        try (var f = new java.io.RandomAccessFile(hostile.toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.orrery.io.BadInputException.class, store::loadValid);
        assertTrue(e.getMessage().startsWith("cannot resume: " + hostile + " has 3221225472 bytes, more than the "
                + store.maxShardBytes()), e.getMessage());
        assertTrue(store.maxShardBytes() < 1_000_000, "100 simulations of 2 + 3 values: " + store.maxShardBytes());
    }
}
