package org.orrery.workflow;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A statistic compared between two ensembles.
 *
 * @param statistic statistic plugin id
 * @param generated files of the generated ensemble (members pooled)
 * @param reference files of the reference ensemble
 * @param out       report folder (replaced when it is a report)
 * @param dataset   dataset to read, or null for {@code delta} (fields) else {@code positions}
 * @param settings  the statistic's settings
 */
public record StatsRequest(String statistic, List<Path> generated, List<Path> reference, Path out, String dataset,
        Map<String, Object> settings) {
    public StatsRequest {
        generated = List.copyOf(generated);
        reference = List.copyOf(reference);
        settings = settings == null ? Map.of() : new LinkedHashMap<>(settings);
    }
}
