package org.orrery.workflow;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calibration checks of a posterior on a held-out bank, written as a report.
 *
 * @param posterior trained posterior file
 * @param bank      held-out bank
 * @param checks    validator ids, in order
 * @param seed      seed for the checks
 * @param out       report folder
 * @param settings  per check id, that validator's settings
 * @param overwrite replace an existing report at {@code out} (without it, one is refused before any check runs)
 * @param allowSameBank run the checks even when the held-out bank repeats the training data (the
 *                  report then says so); without it such a bank is refused
 */
public record ValidateRequest(Path posterior, Path bank, List<String> checks, long seed, Path out,
        Map<String, Map<String, Object>> settings, boolean overwrite, boolean allowSameBank) {

    /** sbc, tarp, coverage and c2st. */
    public static final List<String> DEFAULT_CHECKS = List.of("sbc", "tarp", "coverage", "c2st");

    public ValidateRequest {
        checks = checks == null ? DEFAULT_CHECKS : List.copyOf(checks);
        settings = settings == null ? Map.of() : new LinkedHashMap<>(settings);
    }

    /** Refusing an existing report and a held-out bank that repeats the training data. */
    public ValidateRequest(Path posterior, Path bank, List<String> checks, long seed, Path out,
            Map<String, Map<String, Object>> settings) {
        this(posterior, bank, checks, seed, out, settings, false, false);
    }
}
