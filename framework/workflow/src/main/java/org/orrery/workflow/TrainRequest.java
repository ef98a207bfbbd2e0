package org.orrery.workflow;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A posterior to train.
 *
 * @param estimator estimator plugin id
 * @param bank      simulation bank
 * @param out       posterior file to write
 * @param seed      seed for initialisation, validation split and batching
 * @param settings  the estimator's settings (name to value); unknown names are refused
 */
public record TrainRequest(String estimator, Path bank, Path out, long seed, Map<String, Object> settings) {
    public TrainRequest {
        if (estimator == null || estimator.isBlank()) {
            throw new WorkflowException("estimator", "must name an estimator plugin, got: " + estimator, null);
        }
        if (bank == null || out == null) {
            throw new WorkflowException("a training run needs a bank and an output file");
        }
        settings = settings == null ? Map.of() : new LinkedHashMap<>(settings);
    }
}
