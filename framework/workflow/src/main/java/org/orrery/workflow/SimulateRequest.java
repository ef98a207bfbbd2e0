package org.orrery.workflow;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.orrery.campaign.CampaignSpec;

/**
 * A simulation campaign to run.
 *
 * @param simulator       simulator plugin id
 * @param settings        the simulator's settings (name to value, text or typed); unknown names are refused
 * @param prior           prior plugin id, or null for the simulator's own prior
 * @param fixed           parameters pinned instead of drawn (name to value)
 * @param num             number of simulations
 * @param seed            master seed
 * @param out             the bank (.h5 or .hdf5)
 * @param workers         worker threads, or null for all cores
 * @param resume          continue an interrupted campaign
 * @param timeout         per-simulation time limit, zero for none
 * @param checkpointEvery longest time finished simulations wait before they go to a durable shard
 */
public record SimulateRequest(String simulator, Map<String, Object> settings, String prior, Map<String, Double> fixed,
        long num, long seed, Path out, Integer workers, boolean resume, Duration timeout, Duration checkpointEvery) {

    public SimulateRequest {
        if (simulator == null || simulator.isBlank()) {
            throw new WorkflowException("simulator", "must name a simulator plugin, got: " + simulator, null);
        }
        if (out == null) {
            throw new WorkflowException("out", "must name the bank file", null);
        }
        String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".h5") && !name.endsWith(".hdf5")) {
            throw new WorkflowException("out", "must name an HDF5 bank (.h5 or .hdf5), got: " + out, null);
        }
        settings = settings == null ? Map.of() : new LinkedHashMap<>(settings);
        fixed = fixed == null ? Map.of() : new LinkedHashMap<>(fixed);
        timeout = timeout == null ? Duration.ZERO : timeout;
        checkpointEvery = checkpointEvery == null ? CampaignSpec.DEFAULT_CHECKPOINT_EVERY : checkpointEvery;
    }

    /** A campaign with the simulator's defaults, its own prior and all cores. */
    public static SimulateRequest of(String simulator, long num, long seed, Path out) {
        return new SimulateRequest(simulator, Map.of(), null, Map.of(), num, seed, out, null, false, Duration.ZERO, null);
    }

    public SimulateRequest withSettings(Map<String, ?> s) {
        return new SimulateRequest(simulator, Map.copyOf(s), prior, fixed, num, seed, out, workers, resume, timeout,
                checkpointEvery);
    }

    public SimulateRequest withPrior(String p) {
        return new SimulateRequest(simulator, settings, p, fixed, num, seed, out, workers, resume, timeout, checkpointEvery);
    }

    public SimulateRequest withWorkers(Integer w) {
        return new SimulateRequest(simulator, settings, prior, fixed, num, seed, out, w, resume, timeout, checkpointEvery);
    }
}
