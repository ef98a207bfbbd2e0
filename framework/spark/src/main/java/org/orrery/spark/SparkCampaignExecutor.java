package org.orrery.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.orrery.campaign.CampaignExecutor;
import org.orrery.campaign.Chunk;
import org.orrery.campaign.ShardStore;
import org.orrery.campaign.SimulationStep;
import org.orrery.io.BadInputException;
import org.orrery.spark.internal.CampaignJob;
import org.orrery.spark.internal.ChunkTask;
import org.orrery.spark.internal.Staging;
import org.orrery.workflow.SimulateRequest;

/**
 * Runs a campaign's missing chunks as Spark tasks. The driver splits the chunks into tasks; each
 * executor JVM starts one Orrery host over the same plugins, prepares the same simulator and runs
 * {@link SimulationStep} for each index of its chunks, writing one checksummed shard per chunk
 * straight into the campaign's parts directory (shared storage), or staging it on a Hadoop file
 * system for the driver to collect. Every chunk is therefore durable when this returns, and the
 * campaign assembles the bank from the shards exactly as after the local engine; a campaign
 * interrupted under one engine resumes under the other.
 *
 * <p>Spark retries a failed task (and a task of a lost executor): the retry rewrites the same chunks
 * with the same bytes under the same shard names, so no row is lost or duplicated.
 */
public final class SparkCampaignExecutor implements CampaignExecutor {

    /** Tasks per core the driver aims for: small enough that a lost task costs little, few enough to be cheap. */
    static final int TASKS_PER_CORE = 4;
    /** Fault injection for tests and drills: the first attempt of the task holding this chunk dies. */
    public static final String FAIL_CHUNK = "spark.orrery.failFirstAttemptAtChunk";
    /**
     * How that attempt dies: {@code throw} (default; a failed task), {@code exit} (its executor JVM
     * halts, as when a node is lost) or {@code always} (every attempt throws: the job fails).
     */
    public static final String FAIL_MODE = "spark.orrery.failMode";
    /** Tasks for a campaign (default: {@value #TASKS_PER_CORE} per core of the application). */
    public static final String TASKS = "spark.orrery.tasks";

    private final SparkEngine engine;
    private final SimulateRequest request;
    private final String version;

    SparkCampaignExecutor(SparkEngine engine, SimulateRequest request, String version) {
        this.engine = engine;
        this.request = request;
        this.version = version;
    }

    @Override
    public List<Chunk> execute(SimulationStep step, ShardStore store, List<Integer> chunks, Progress progress) {
        Progress p = progress == null ? Progress.NONE : progress;
        JavaSparkContext sc = engine.context();
        SparkOptions o = engine.options();
        Staging staging = o.shared() == null ? null
                : new Staging(o.shared(), campaignKey(store), sc.hadoopConfiguration());
        List<Integer> todo = new ArrayList<>(chunks);
        if (staging != null) {
            // shards a killed run staged but never collected
            todo.removeAll(collected(staging, chunks, store.directory()));
        }
        if (!todo.isEmpty()) {
            run(sc, o, store, todo, staging, p);
        }
        if (staging != null) {
            TreeSet<Integer> got = new TreeSet<>(collected(staging, todo, store.directory()));
            if (got.size() != todo.size()) {
                List<Integer> lost = new ArrayList<>(todo);
                lost.removeAll(got);
                throw new BadInputException("the Spark job finished but staged shards of chunks "
                        + lost.subList(0, Math.min(5, lost.size())) + " are missing in " + staging.directory());
            }
            try {
                staging.delete();
            } catch (IOException e) {
                // the shards are in the parts directory now; a leftover staging directory only costs space
            }
        }
        store.syncDirectory();
        return List.of();
    }

    private void run(JavaSparkContext sc, SparkOptions o, ShardStore store, List<Integer> todo, Staging staging,
            Progress p) {
        List<String> dirs = new ArrayList<>();
        for (Path d : o.pluginDirs()) {
            if (o.shipPlugins()) {
                sc.sc().addFile(d.toString(), true);
                dirs.add(d.getFileName().toString());
            } else {
                dirs.add(d.toString());
            }
        }
        // a job property (SparkContext.setLocalProperty) overrides the application's configuration
        String fc = sc.getLocalProperty(FAIL_CHUNK);
        int failChunk = fc != null ? Integer.parseInt(fc.strip()) : sc.getConf().getInt(FAIL_CHUNK, -1);
        String fm = sc.getLocalProperty(FAIL_MODE);
        String failMode = fm != null ? fm.strip() : sc.getConf().get(FAIL_MODE, "throw");
        CampaignJob job = new CampaignJob(UUID.randomUUID().toString(), request, version, store.identity(),
                store.directory(), staging == null ? null : staging.directory(), dirs, o.shipPlugins(), failChunk,
                failMode);
        int tasks = sc.getConf().getInt(TASKS, TASKS_PER_CORE * Math.max(1, sc.defaultParallelism()));
        tasks = Math.max(1, Math.min(tasks, todo.size()));
        LongAccumulator done = sc.sc().longAccumulator("orrery simulations");
        LongAccumulator failed = sc.sc().longAccumulator("orrery failures");
        sc.setJobDescription("orrery simulate " + request.simulator() + ": " + todo.size() + " chunks of "
                + store.identity().chunkSize() + " (seed " + request.seed() + ")");
        long t0 = System.nanoTime();
        JavaFutureAction<List<long[]>> action = sc.parallelize(todo, tasks)
                .mapPartitions(new ChunkTask(job, done, failed, staging))
                .collectAsync();
        List<long[]> results;
        try {
            while (true) {
                try {
                    results = action.get(200, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    double secs = (System.nanoTime() - t0) / 1e9;
                    p.update(done.value(), failed.value(), secs > 0 ? done.value() / secs : 0);
                }
            }
        } catch (InterruptedException e) {
            action.cancel(true);
            Thread.currentThread().interrupt();
            throw new BadInputException("campaign interrupted; the shards written so far are kept for a resume");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new BadInputException("the Spark job failed: " + SparkEngine.firstLine(cause), cause);
        }
        long sims = 0;
        long fails = 0;
        TreeSet<Integer> seen = new TreeSet<>();
        for (long[] r : results) {
            seen.add((int) r[0]);
            sims += r[1];
            fails += r[2];
        }
        if (!seen.equals(new TreeSet<>(todo)) || results.size() != todo.size()) {
            throw new IllegalStateException("the Spark job returned chunks " + seen.size() + " of " + todo.size());
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        p.update(sims, fails, secs > 0 ? sims / secs : 0);
    }

    private static List<Integer> collected(Staging staging, List<Integer> chunks, Path parts) {
        List<Integer> got = new ArrayList<>();
        try {
            for (int c : chunks) {
                if (staging.download(List.of(c), parts) == 1) {
                    got.add(c);
                }
            }
        } catch (IOException e) {
            throw new BadInputException("cannot copy staged shards from " + staging.directory() + ": " + e.getMessage(), e);
        }
        return got;
    }

    /** Names the staging directory after the campaign, so that a resumed run finds the shards it staged. */
    static String campaignKey(ShardStore store) {
        ShardStore.Identity id = store.identity();
        String bank = store.directory().getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        String all = store.directory().toAbsolutePath() + "|" + id.simulatorId() + "|" + id.simulatorVersion() + "|"
                + id.seed() + "|" + id.num() + "|" + id.chunkSize() + "|" + id.outputs() + "|" + id.prior();
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(all.getBytes(StandardCharsets.UTF_8));
            return bank + "-" + HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
