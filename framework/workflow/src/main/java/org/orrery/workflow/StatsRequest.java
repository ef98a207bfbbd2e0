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
 * @param overwrite replace an existing report at {@code out} (without it, one is refused before any work)
 */
public record StatsRequest(String statistic, List<Path> generated, List<Path> reference, Path out, String dataset,
        Map<String, Object> settings, boolean overwrite) {
    public StatsRequest {
        generated = List.copyOf(generated);
        reference = List.copyOf(reference);
        settings = settings == null ? Map.of() : new LinkedHashMap<>(settings);
    }

    /** Refusing an existing report. */
    public StatsRequest(String statistic, List<Path> generated, List<Path> reference, Path out, String dataset,
            Map<String, Object> settings) {
        this(statistic, generated, reference, out, dataset, settings, false);
    }
}
