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
 * makes each one durable as its own shard, named after the chunk ({@link ShardStore#write}: temp
 * file, fsync, rename). A retried task redoes its chunks and replaces their shards with the same
 * bytes, since row i depends only on (seed, i): a lost or retried task can neither lose nor
 * duplicate rows, and a speculative duplicate writes the same files.
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
        try {
            while (chunks.hasNext()) {
                int number = chunks.next();
                Chunk c = store.newChunk(number);
                long failures = 0;
                for (int k = 0; k < c.count(); k++) {
                    if ((attempt == 0 || "always".equals(job.failMode)) && number == job.failChunk && k == c.count() / 2) {
                        injectFault(store.directory(), number);
                    }
                    SimulationStep.Row row = step.run(c.start() + k);
                    c.put(k, row);
                    if (row.failure() != null) {
                        failures++;
                    }
                }
                store.write(List.of(c));
                if (staging != null) {
                    staging.upload(store.directory().resolve(Staging.shardName(number)), number);
                }
                done.add(c.count());
                failed.add(failures);
                out.add(new long[] {number, c.count(), failures});
            }
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
