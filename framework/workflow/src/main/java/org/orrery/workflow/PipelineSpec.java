package org.orrery.workflow;

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
 * @param config        estimator settings (the {@code estimator.config} mapping)
 * @param observations  observation specs ({@code file}, {@code file.h5:/dataset}, {@code file.fits:EXT})
 * @param samples       posterior samples per observation
 * @param heldOut       held-out simulations for the checks
 * @param checks        validator ids
 * @param report        report folder
 * @param out           work folder for banks, the posterior and the samples
 * @param settings      per plugin id, that plugin's settings (the {@code settings:} section)
 */
public record PipelineSpec(Path file, String simulator, String prior, long simulations, long seed, Integer workers,
        String estimator, Map<String, Object> config, List<String> observations, int samples, int heldOut,
        List<String> checks, Path report, Path out, Map<String, Map<String, Object>> settings) {

    public static final List<String> DEFAULT_CHECKS = ValidateRequest.DEFAULT_CHECKS;
    public static final int DEFAULT_SAMPLES = 1000;
    public static final int DEFAULT_HELD_OUT = 200;

    public PipelineSpec {
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
        var copy = new java.util.LinkedHashMap<String, Map<String, Object>>();
        if (settings != null) {
            settings.forEach((id, m) -> copy.put(id, java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(m))));
        }
        settings = java.util.Collections.unmodifiableMap(copy);
        if (settings.containsKey(estimator) && !config.isEmpty()) {
            throw new IllegalArgumentException("the estimator's settings are given twice, as estimator.config and as settings."
                    + estimator + "; keep one");
        }
    }

    /** The estimator's settings: {@code estimator.config}, or {@code settings.<estimator id>}. */
    public Map<String, Object> estimatorSettings() {
        return settings.containsKey(estimator) ? settings.get(estimator) : config;
    }

    /** The held-out bank's seed: another seed than the training bank's, far from the seeds people pick by hand. */
    public long heldOutSeed() {
        return seed + 1_000_000_007L; // RandomStreams hashes (seed, index): nearby seeds share no stream
    }

    public Path bank() {
        return out.resolve("bank.h5");
    }

    public Path heldOutBank() {
        return out.resolve("heldout.h5");
    }

    public Path posterior() {
        return out.resolve("posterior.orrery");
    }

    /** Samples of observation k, named after its file so that a person finds them. */
    public Path samplesFile(int k) {
        return out.resolve("samples_" + (k + 1) + "_" + PipelineObservations.stem(observations.get(k)) + ".h5");
    }

    /** A smaller copy for tests and {@code demo --quick}; null keeps a value. */
    public PipelineSpec scaledDown(long simulations, int heldOut, Map<String, Object> extraConfig, List<String> checks) {
        var cfg = new java.util.LinkedHashMap<String, Object>(estimatorSettings());
        cfg.putAll(extraConfig);
        var s = new java.util.LinkedHashMap<>(settings);
        s.remove(estimator);
        return new PipelineSpec(file, simulator, prior, simulations, seed, workers, estimator, cfg, observations,
                samples, heldOut, checks == null ? this.checks : checks, report, out, s);
    }
}
