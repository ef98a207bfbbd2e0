package org.orrery.spark.internal;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkFiles;
import org.orrery.campaign.ShardStore;
import org.orrery.campaign.SimulationStep;
import org.orrery.data.ArraySpec;
import org.orrery.host.HostConfig;
import org.orrery.host.OrreryHost;
import org.orrery.simulator.Simulator;
import org.orrery.workflow.Workflow;

/**
 * The Orrery side of one executor JVM: a plugin host started once, on the first task, over the same
 * drop-in directories as the driver's, and the prepared simulator of each campaign (the workflow's own
 * {@link Workflow#prepareSimulator}, so settings, prior and pins are applied exactly as on the
 * driver). Tasks of a campaign running side by side share the simulator, as the local engine's
 * lanes do. The host stops when the JVM exits.
 */
public final class ExecutorRuntime {

    /** Campaigns whose simulators stay prepared; older ones are released. */
    private static final int KEEP = 4;
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private static Workflow workflow;
    private static List<Path> workflowDirs;
    private static final LinkedHashMap<String, Prepared> PREPARED = new LinkedHashMap<>(8, 0.75f, true);
    private static boolean hooked;

    private record Prepared(Workflow.PreparedSimulator simulator, SimulationStep step) {
    }

    private ExecutorRuntime() {
    }

    /** How many plugin hosts this JVM started for Spark tasks (a test checks: one per JVM). */
    private static volatile int hostsStarted;

    /** How many plugin hosts Spark tasks started in this JVM (one, however many tasks and campaigns). */
    public static int hostsStarted() {
        return hostsStarted;
    }

    /** The campaign's step in this JVM, preparing its simulator (and starting the host) on first use. */
    static synchronized SimulationStep step(CampaignJob job) {
        Prepared p = PREPARED.get(job.jobId);
        if (p != null) {
            return p.step();
        }
        Workflow w = workflow(pluginDirs(job));
        Workflow.PreparedSimulator sim = w.prepareSimulator(job.request());
        try {
            if (!sim.version().equals(job.version)) {
                throw new IllegalStateException("executor " + hostName() + ": simulator " + job.simulator
                        + " has version " + sim.version() + " here but " + job.version
                        + " on the driver; give every executor the same plugins");
            }
            List<ArraySpec> outputs = outputs(sim.simulator());
            check(job, sim.simulator(), outputs);
            p = new Prepared(sim, new SimulationStep(sim.simulator(), job.seed, outputs));
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
        PREPARED.put(job.jobId, p);
        while (PREPARED.size() > KEEP) {
            var eldest = PREPARED.entrySet().iterator().next();
            eldest.getValue().simulator().close();
            PREPARED.remove(eldest.getKey());
        }
        return p.step();
    }

    /** The observable, then the latents: the order the bank and the shards store them. */
    private static List<ArraySpec> outputs(Simulator s) {
        List<ArraySpec> out = new ArrayList<>();
        out.add(s.observable());
        if (s.latents() != null) {
            out.addAll(s.latents());
        }
        return out;
    }

    /** The executor's simulator must make rows of the campaign's shape. */
    private static void check(CampaignJob job, Simulator s, List<ArraySpec> outputs) {
        ShardStore.Identity id = job.identity();
        int[] sizes = outputs.stream().mapToInt(ArraySpec::size).toArray();
        int[] bytes = outputs.stream().mapToInt(a -> a.dtype().bytes()).toArray();
        if (s.parameters().dimension() != id.thetaDim() || !Arrays.equals(sizes, id.sizes())
                || !Arrays.equals(bytes, id.bytes())) {
            throw new IllegalStateException("executor " + hostName() + ": simulator " + job.simulator
                    + " gives θ of " + s.parameters().dimension() + " and outputs of " + Arrays.toString(sizes)
                    + " values here, but " + id.thetaDim() + " and " + Arrays.toString(id.sizes())
                    + " on the driver; give every executor the same plugins");
        }
    }

    private static List<Path> pluginDirs(CampaignJob job) {
        return pluginDirs(job.pluginDirs, job.shipped);
    }

    private static List<Path> pluginDirs(List<String> names, boolean shipped) {
        List<Path> dirs = new ArrayList<>();
        for (String d : names) {
            dirs.add(shipped ? Path.of(SparkFiles.get(d)) : Path.of(d));
        }
        return dirs;
    }

    /**
     * This JVM's workflow over the drop-in directories (shipped ones by name), starting its host on first
     * use: the one host that campaign tasks use too.
     */
    static synchronized Workflow workflow(List<String> pluginDirs, boolean shipped) {
        return workflow(pluginDirs(pluginDirs, shipped));
    }

    private static Workflow workflow(List<Path> dirs) {
        if (workflow != null && workflowDirs.equals(dirs)) {
            return workflow;
        }
        if (workflow != null) {
            for (Prepared p : PREPARED.values()) {
                p.simulator().close();
            }
            PREPARED.clear();
            workflow.close();
        }
        HostConfig config = HostConfig.of(dirs).withInitNd4j(false).withSettleTimeout(SETTLE);
        Workflow w = new Workflow(() -> {
            hostsStarted++;
            try {
                return OrreryHost.start(config);
            } catch (org.orrery.host.HostStartException e) {
                throw new IllegalStateException("executor " + hostName() + ": the plugin host did not start: "
                        + e.getMessage(), e);
            }
        });
        w.host(); // start now: the first task pays for it, not the first simulation
        workflow = w;
        workflowDirs = List.copyOf(dirs);
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(ExecutorRuntime::shutdown, "orrery-executor-host-stop"));
        }
        return w;
    }

    private static synchronized void shutdown() {
        for (Prepared p : PREPARED.values()) {
            p.simulator().close();
        }
        PREPARED.clear();
        if (workflow != null) {
            workflow.close();
            workflow = null;
        }
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "(unknown host)";
        }
    }

    /** Test view: the prepared campaigns' ids. */
    static synchronized Map<String, String> prepared() {
        Map<String, String> m = new LinkedHashMap<>();
        PREPARED.forEach((k, v) -> m.put(k, v.simulator().version()));
        return m;
    }
}
