package org.orrery.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One pipeline as read from its YAML file (see {@link PipelineYaml} for the keys), with every path
 * already resolved against the YAML file's folder.
 *
 * @param file          the YAML file itself
 * @param simulator     simulator plugin id
 * @param prior         prior plugin id, or null for the simulator's own prior
 * @param simulations   training simulations
 * @param seed          master seed; the held-out bank uses another seed derived from it
 * @param workers       campaign worker threads, or null for all cores
 * @param estimator     estimator plugin id
 * @param config        estimator settings, handed to {@code train --config}
 * @param observations  observation specs ({@code file}, {@code file.h5:/dataset}, {@code file.fits:EXT})
 * @param samples       posterior samples per observation
 * @param heldOut       held-out simulations for the checks
 * @param checks        validator ids
 * @param report        report folder
 * @param out           work folder for banks, the posterior and the samples
 */
record PipelineSpec(Path file, String simulator, String prior, long simulations, long seed, Integer workers,
        String estimator, Map<String, Object> config, List<String> observations, int samples, int heldOut,
        List<String> checks, Path report, Path out) {

    static final List<String> DEFAULT_CHECKS = List.of("sbc", "tarp", "coverage", "c2st");
    static final int DEFAULT_SAMPLES = 1000;
    static final int DEFAULT_HELD_OUT = 200;

    PipelineSpec {
        if (simulator == null || simulator.isBlank()) {
            throw new IllegalArgumentException("a pipeline needs a simulator id, got: " + simulator);
        }
        if (estimator == null || estimator.isBlank()) {
            throw new IllegalArgumentException("a pipeline needs an estimator id, got: " + estimator);
        }
        if (simulations < 2) {
            throw new IllegalArgumentException("simulations must be at least 2, got: " + simulations);
        }
        if (workers != null && workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got: " + workers);
        }
        if (samples < 1 || heldOut < 1) {
            throw new IllegalArgumentException("samples and heldout must be at least 1, got: " + samples + ", " + heldOut);
        }
        config = config == null ? Map.of() : Map.copyOf(config);
        observations = List.copyOf(observations);
        checks = List.copyOf(checks);
    }

    /** The held-out bank's seed: another seed than the training bank's, far from the seeds people pick by hand. */
    long heldOutSeed() {
        return seed + 1_000_000_007L; // RandomStreams hashes (seed, index): nearby seeds share no stream
    }

    Path bank() {
        return out.resolve("bank.h5");
    }

    Path heldOutBank() {
        return out.resolve("heldout.h5");
    }

    Path posterior() {
        return out.resolve("posterior.orrery");
    }

    Path estimatorConfig() {
        return out.resolve("estimator.yaml");
    }

    /** Samples of observation k, named after its file so that a person finds them. */
    Path samplesFile(int k) {
        return out.resolve("samples_" + (k + 1) + "_" + PipelineObservations.stem(observations.get(k)) + ".h5");
    }

    /** A smaller copy for tests and {@code demo --quick}; null keeps a value. */
    PipelineSpec scaledDown(long simulations, int heldOut, Map<String, Object> extraConfig, List<String> checks) {
        var cfg = new java.util.LinkedHashMap<String, Object>(config);
        cfg.putAll(extraConfig);
        return new PipelineSpec(file, simulator, prior, simulations, seed, workers, estimator, cfg, observations,
                samples, heldOut, checks == null ? this.checks : checks, report, out);
    }
}
