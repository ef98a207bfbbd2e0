package org.orrery.spark.internal;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.orrery.campaign.ShardStore;
import org.orrery.workflow.SimulateRequest;

/**
 * Everything an executor needs to run chunks of one campaign, sent with each task: the request (so
 * the executor prepares the same simulator through the same workflow call as the driver), the version
 * the driver's simulator records, the campaign's shard identity and where shards go.
 */
public final class CampaignJob implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Distinguishes campaigns in an executor's cache of prepared simulators. */
    public final String jobId;
    final String simulator;
    final LinkedHashMap<String, Object> settings;
    final String prior;
    final LinkedHashMap<String, Double> fixed;
    final String out;
    /** The version the driver's simulator records; an executor with other plugins refuses to run. */
    final String version;
    // the shard identity (ShardStore.Identity is a record of plain values, not Serializable)
    final String idSimulator;
    final String idVersion;
    final long seed;
    final long num;
    final int chunkSize;
    final int thetaDim;
    final int xSize;
    final String outputs;
    final int[] sizes;
    final String idPrior;
    final int[] bytes;
    final String idSettings;
    /** The campaign's parts directory (shards written here directly when {@link #stage} is null). */
    final String partsDir;
    /** Hadoop file system directory the executors upload shards to, or null. */
    public final String stage;
    /** Drop-in directories, as paths every executor sees or, when shipped, as names for SparkFiles. */
    final List<String> pluginDirs;
    final boolean shipped;
    /** How long finished chunks may wait in a task before they are written (the request's checkpoint interval). */
    final long checkpointNanos;
    /** Fault injection for tests: the first attempt of the task holding this chunk dies mid-chunk (-1: never). */
    final int failChunk;
    /** "throw" (a failed task) or "exit" (the executor JVM halts, as when a node is lost). */
    final String failMode;

    public CampaignJob(String jobId, SimulateRequest r, String version, ShardStore.Identity id, Path partsDir,
            String stage, List<String> pluginDirs, boolean shipped, int failChunk, String failMode) {
        this.jobId = jobId;
        this.simulator = r.simulator();
        this.settings = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : r.settings().entrySet()) {
            Object v = e.getValue();
            settings.put(e.getKey(), v instanceof Serializable ? v : String.valueOf(v));
        }
        this.prior = r.prior();
        this.fixed = new LinkedHashMap<>(r.fixed());
        this.out = r.out().toAbsolutePath().toString();
        this.version = version;
        this.idSimulator = id.simulatorId();
        this.idVersion = id.simulatorVersion();
        this.seed = id.seed();
        this.num = id.num();
        this.chunkSize = id.chunkSize();
        this.thetaDim = id.thetaDim();
        this.xSize = id.xSize();
        this.outputs = id.outputs();
        this.sizes = id.sizes();
        this.idPrior = id.prior();
        this.bytes = id.bytes();
        this.idSettings = id.settings();
        this.partsDir = partsDir.toAbsolutePath().toString();
        this.stage = stage;
        this.pluginDirs = new ArrayList<>(pluginDirs);
        this.shipped = shipped;
        this.failChunk = failChunk;
        this.failMode = failMode;
        this.checkpointNanos = r.checkpointEvery().toNanos();
    }

    /** The request as the driver ran it (one worker, no resume: the executor only prepares the simulator). */
    SimulateRequest request() {
        return new SimulateRequest(simulator, settings, prior, fixed, num, seed, Path.of(out), 1, false, Duration.ZERO,
                null);
    }

    ShardStore.Identity identity() {
        return new ShardStore.Identity(idSimulator, idVersion, seed, num, chunkSize, thetaDim, xSize, outputs,
                sizes.clone(), idPrior, bytes.clone(), idSettings);
    }

    Path parts() {
        return Path.of(partsDir);
    }

    Path bank() {
        return Path.of(out);
    }
}
