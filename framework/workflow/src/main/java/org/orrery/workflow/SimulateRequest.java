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
 * @param prior           the prior as text ({@code normal(0, 1)}, {@code "a: uniform(0, 1); b: lognormal(0, 0.5)"}, see
 *                        {@link org.orrery.priors.PriorText}) or a prior plugin id; null for the simulator's own prior
 * @param fixed           parameters pinned instead of drawn (name to value)
 * @param num             number of simulations
 * @param seed            master seed
 * @param out             the bank (.h5 or .hdf5)
 * @param workers         worker threads, or null for all cores
 * @param resume          continue an interrupted campaign
 * @param timeout         per-simulation time limit, zero for none
 * @param checkpointEvery longest time finished simulations wait before they go to a durable shard
 * @param overwrite       replace an existing finished bank at {@code out} (without it, one is refused)
 */
public record SimulateRequest(String simulator, Map<String, Object> settings, String prior, Map<String, Double> fixed,
        long num, long seed, Path out, Integer workers, boolean resume, Duration timeout, Duration checkpointEvery, boolean overwrite) {

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
        if (num < 1 || num > CampaignSpec.MAX_NUM) {
            throw new WorkflowException("num", "must be between 1 and " + CampaignSpec.MAX_NUM + ", got: " + num, null);
        }
        if (workers != null && workers < 1) {
            throw new WorkflowException("workers", "must be >= 1, got: " + workers, null);
        }
        if (prior != null && prior.isBlank()) {
            throw new WorkflowException("prior", "is empty; give a prior such as normal(0, 1) or leave it out", null);
        }
        settings = settings == null ? Map.of() : new LinkedHashMap<>(settings);
        fixed = fixed == null ? Map.of() : new LinkedHashMap<>(fixed);
        timeout = timeout == null ? Duration.ZERO : timeout;
        checkpointEvery = checkpointEvery == null ? CampaignSpec.DEFAULT_CHECKPOINT_EVERY : checkpointEvery;
    }

    /** As the canonical constructor, refusing an existing finished bank (no overwrite). */
    public SimulateRequest(String simulator, Map<String, Object> settings, String prior, Map<String, Double> fixed,
            long num, long seed, Path out, Integer workers, boolean resume, Duration timeout, Duration checkpointEvery) {
        this(simulator, settings, prior, fixed, num, seed, out, workers, resume, timeout, checkpointEvery, false);
    }

    /** A campaign with the simulator's defaults, its own prior and all cores. */
    public static SimulateRequest of(String simulator, long num, long seed, Path out) {
        return new SimulateRequest(simulator, Map.of(), null, Map.of(), num, seed, out, null, false, Duration.ZERO, null);
    }

    public SimulateRequest withOverwrite(boolean o) {
        return new SimulateRequest(simulator, settings, prior, fixed, num, seed, out, workers, resume, timeout,
                checkpointEvery, o);
    }

    public SimulateRequest withSettings(Map<String, ?> s) {
        return new SimulateRequest(simulator, Map.copyOf(s), prior, fixed, num, seed, out, workers, resume, timeout,
                checkpointEvery, overwrite);
    }

    public SimulateRequest withPrior(String p) {
        return new SimulateRequest(simulator, settings, p, fixed, num, seed, out, workers, resume, timeout, checkpointEvery,
                overwrite);
    }

    public SimulateRequest withWorkers(Integer w) {
        return new SimulateRequest(simulator, settings, prior, fixed, num, seed, out, w, resume, timeout, checkpointEvery,
                overwrite);
    }
}
