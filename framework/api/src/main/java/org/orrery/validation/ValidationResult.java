package org.orrery.validation;

import java.util.List;

/** Outcome of one check: pass/fail, the numbers behind it and the curves to plot. */
public record ValidationResult(String check, boolean passed, String summary, List<Metric> metrics, List<Series> series) {
    public ValidationResult {
        metrics = List.copyOf(metrics);
        series = List.copyOf(series);
    }
}
