package org.orrery.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.simulator.Simulator;
import org.orrery.validation.Metric;
import org.orrery.validation.ValidationResult;

/**
 * Posterior predictive check of one observation: simulate x̃ from posterior draws θ ~ q(θ | x_obs)
 * and ask, per observable dimension d, how extreme x_obs,d is among the x̃_d: the two-sided
 * predictive p-value 2·min(P(x̃_d ≤ x_d), P(x̃_d ≥ x_d)), with the observation counted once on each
 * side so that p is never 0. It fails when the smallest p is below 0.01 / dims (Bonferroni), i.e.
 * when the posterior cannot reproduce some feature of the data it was conditioned on.
 */
final class PipelinePredictiveCheck {

    static final double ALPHA = 0.01;
    /** Draws: enough that the smallest reachable p, 2/(m+1), is half the Bonferroni threshold, within these bounds. */
    static final int MIN_DRAWS = 500;
    static final int MAX_DRAWS = 20_000;
    /** Per-dimension metrics are listed for small observables only; images get the summary numbers. */
    static final int MAX_LISTED = 10;

    private PipelinePredictiveCheck() {
    }

    static ValidationResult run(String check, String label, Simulator simulator, double[][] posteriorSamples, double[] observed,
            UniformRandomProvider rng) {
        int dims = observed.length;
        int wanted = (int) Math.min(MAX_DRAWS, Math.max(MIN_DRAWS, Math.ceil(4.0 * dims / ALPHA)));
        int m = Math.min(wanted, posteriorSamples.length);
        if (m < 1) {
            throw new IllegalArgumentException(check + ": no posterior samples to simulate from");
        }
        int[] below = new int[dims];
        int[] above = new int[dims];
        int ok = 0;
        for (int s = 0; s < m; s++) {
            double[] x;
            try {
                x = simulator.simulate(posteriorSamples[s].clone(), rng);
            } catch (RuntimeException e) {
                continue; // a failed simulation is a missing draw, as in campaigns
            }
            if (x == null || x.length != dims || !allFinite(x)) {
                continue;
            }
            ok++;
            for (int d = 0; d < dims; d++) {
                if (x[d] <= observed[d]) {
                    below[d]++;
                }
                if (x[d] >= observed[d]) {
                    above[d]++;
                }
            }
        }
        if (ok == 0) {
            return new ValidationResult(check, false, "Posterior predictive check of " + label
                    + ": every one of " + m + " simulations from the posterior failed", List.of(), List.of());
        }
        double threshold = ALPHA / dims;
        double minP = 1;
        int worst = 0;
        int flagged = 0;
        List<Metric> metrics = new ArrayList<>();
        for (int d = 0; d < dims; d++) {
            double p = Math.min(1, 2 * Math.min((below[d] + 1.0) / (ok + 1), (above[d] + 1.0) / (ok + 1)));
            if (p < minP) {
                minP = p;
                worst = d;
            }
            if (p < threshold) {
                flagged++;
            }
            if (dims <= MAX_LISTED) {
                metrics.add(new Metric("pvalue_x" + (d + 1), p, Double.NaN,
                        "two-sided posterior predictive p-value of observable element " + (d + 1)));
            }
        }
        metrics.add(new Metric("min_pvalue", minP, Double.NaN, "smallest per-element predictive p-value (element "
                + (worst + 1) + "); pass > " + String.format(Locale.ROOT, "%.3g", threshold)));
        metrics.add(new Metric("flagged_elements", flagged, Double.NaN, "elements with p below the Bonferroni threshold"));
        metrics.add(new Metric("draws", ok, Double.NaN, "posterior draws simulated successfully"));
        boolean passed = minP >= threshold;
        String summary = String.format(Locale.ROOT,
                "Posterior predictive check of %s with %d simulations: min p = %.3g (element %d), %s the threshold %.2g; %d of %d elements flagged",
                label, ok, minP, worst + 1, passed ? "above" : "below", threshold, flagged, dims);
        if (2.0 / (ok + 1) >= threshold) {
            // the smallest p that ok draws can give is 2/(ok+1): say so rather than pass silently
            summary += String.format(Locale.ROOT, " (too few draws to reach p < %.2g: this check cannot fail)", threshold);
        }
        return new ValidationResult(check, passed, summary, metrics, List.of());
    }

    private static boolean allFinite(double[] x) {
        for (double v : x) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
