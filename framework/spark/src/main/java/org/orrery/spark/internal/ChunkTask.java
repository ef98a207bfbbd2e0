package org.orrery.spark.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.util.LongAccumulator;
import org.orrery.campaign.Chunk;
import org.orrery.campaign.ShardStore;
import org.orrery.campaign.SimulationStep;

/**
 * One Spark task: runs the chunks of its partition with the campaign's {@link SimulationStep} and
 * makes them durable as checksummed shards ({@link ShardStore#write}: temp file, fsync, rename),
 * several finished chunks to a shard within the campaign's checkpoint interval, as the local engine
 * does. A retried task redoes its chunks and writes their rows again with the same bytes, since row i
 * depends only on (seed, i); the shard store indexes chunks by number, so a chunk found in two shards
 * (an earlier attempt's and the retry's) is still one chunk: a lost or retried task can neither lose
 * nor duplicate rows, and a speculative duplicate writes the same rows.
 *
 * <p>Returns, per chunk, {number, simulations, failures}.
 */
public final class ChunkTask implements FlatMapFunction<Iterator<Integer>, long[]> {
    private static final long serialVersionUID = 1L;

    private final CampaignJob job;
    private final LongAccumulator done;
    private final LongAccumulator failed;
    private final Staging staging;

    public ChunkTask(CampaignJob job, LongAccumulator done, LongAccumulator failed, Staging staging) {
        this.job = job;
        this.done = done;
        this.failed = failed;
        this.staging = staging;
    }

    @Override
    public Iterator<long[]> call(Iterator<Integer> chunks) throws IOException {
        TaskContext task = TaskContext.get();
        int attempt = task == null ? 0 : task.attemptNumber();
        SimulationStep step = ExecutorRuntime.step(job);
        Path scratch = null;
        ShardStore store;
        if (staging == null) {
            if (!Files.isRegularFile(job.parts().resolve("campaign.properties"))) {
                throw new IllegalStateException("executor " + ExecutorRuntime.hostName() + " cannot see the campaign's "
                        + "parts directory " + job.parts() + "; put --out on storage every node shares, or stage shards "
                        + "through a Hadoop file system (--spark-shared hdfs://...)");
            }
            store = ShardStore.open(job.parts(), job.identity(), job.bank());
        } else {
            scratch = Files.createTempDirectory("orrery-spark-shards-");
            store = ShardStore.create(scratch, job.identity());
        }
        List<long[]> out = new ArrayList<>();
        // group commit, as the local engine's writer does: finished chunks wait in memory for at most the
        // campaign's checkpoint interval (or a memory budget), then go into one shard with one fsync. A
        // task that dies loses at most that much finished work; its retry rewrites the same chunks.
        List<Chunk> waiting = new ArrayList<>();
        long waitingValues = 0;
        long oldest = 0;
        long rowValues = rowValues(job);
        try {
            while (chunks.hasNext()) {
                int number = chunks.next();
                Chunk c = store.newChunk(number);
                long failures = 0;
                for (int k = 0; k < c.count(); k++) {
                    if ((attempt == 0 || "always".equals(job.failMode)) && number == job.failChunk && k == c.count() / 2) {
                        write(store, waiting);
                        injectFault(store.directory(), number);
                    }
                    SimulationStep.Row row = step.run(c.start() + k);
                    c.put(k, row);
                    if (row.failure() != null) {
                        failures++;
                    }
                }
                if (waiting.isEmpty()) {
                    oldest = System.nanoTime();
                }
                waiting.add(c);
                waitingValues += c.count() * rowValues;
                if (System.nanoTime() - oldest >= job.checkpointNanos || waitingValues >= MAX_WAITING_VALUES) {
                    write(store, waiting);
                    waitingValues = 0;
                }
                done.add(c.count());
                failed.add(failures);
                out.add(new long[] {number, c.count(), failures});
            }
            write(store, waiting);
            if (staging == null) {
                store.syncDirectory();
            }
        } finally {
            if (scratch != null) {
                deleteTree(scratch);
            }
        }
        return out.iterator();
    }

    /** Values held in memory by finished chunks waiting for their shard (64 Mi doubles, 512 MB). */
    private static final long MAX_WAITING_VALUES = 64L << 20;

    /** Writes the waiting chunks as one shard (uploading it when staging) and empties the list. */
    private void write(ShardStore store, List<Chunk> waiting) throws IOException {
        if (waiting.isEmpty()) {
            return;
        }
        if (staging == null) {
            store.write(waiting);
        } else {
            for (Chunk c : waiting) {
                // a staged shard holds one chunk, named after it, so the driver knows what it collects
                store.write(List.of(c));
                staging.upload(store.directory().resolve(Staging.shardName(c.number())), c.number());
            }
        }
        waiting.clear();
    }

    /** Values per simulation: θ and the fixed-size outputs (point sets of varying size count as none). */
    private static long rowValues(CampaignJob job) {
        long n = job.thetaDim;
        for (int s : job.sizes) {
            n += Math.max(0, s);
        }
        return Math.max(1, n);
    }

    /**
     * A task dying half-way through a chunk, after a shard write was torn: the retry must redo the
     * chunk and ignore the torn file.
     */
    private void injectFault(Path dir, int number) throws IOException {
        Files.write(dir.resolve("." + Staging.shardName(number) + ".tmp"), new byte[] {'O', 'R', 'R'});
        if ("exit".equals(job.failMode)) {
            Runtime.getRuntime().halt(137); // the executor JVM is lost, as under kill -9
        }
        throw new IllegalStateException("fault injected on purpose: an attempt at chunk " + number + " dies");
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a scratch directory left in the temp folder is harmless
        }
    }
}
