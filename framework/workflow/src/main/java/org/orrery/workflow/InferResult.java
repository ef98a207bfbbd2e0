package org.orrery.workflow;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.orrery.diagnostics.OutOfDistribution;

/**
 * Samples drawn and written.
 *
 * @param out        the samples file
 * @param parameters parameter names, one column each
 * @param samples    the samples, [numSamples][parameters]
 * @param seconds    wall time
 * @param provenance what the samples file records about where they came from (key to value)
 * @param ood        the observation's out-of-distribution score against the training simulations, or
 *                   null when the training bank was not available to score against
 */
public record InferResult(Path out, List<String> parameters, double[][] samples, double seconds,
        Map<String, String> provenance, OutOfDistribution.Score ood) {

    public InferResult {
        provenance = provenance == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(provenance));
    }

    /** True when the observation lies outside what the posterior was trained on. */
    public boolean outOfDistribution() {
        return ood != null && ood.warn();
    }
}
