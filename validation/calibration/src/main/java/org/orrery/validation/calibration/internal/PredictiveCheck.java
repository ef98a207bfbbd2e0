package org.orrery.validation.calibration.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.SimulationSet;
import org.orrery.plugin.Configurable;
import org.orrery.plugin.OrreryPlugin;
import org.orrery.plugin.Setting;
import org.orrery.plugin.Setting.Range;
import org.orrery.plugin.SettingValues;
import org.orrery.posterior.Posterior;
import org.orrery.simulator.Simulator;
import org.orrery.validation.Metric;
import org.orrery.validation.ValidationContext;
import org.orrery.validation.ValidationResult;
import org.orrery.validation.Validator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Posterior predictive check of one observation: simulate x̃ from posterior draws θ ~ q(θ | x_obs)
 * and ask, per observable dimension d, how extreme x_obs,d is among the x̃_d: the two-sided
 * predictive p-value 2·min(P(x̃_d ≤ x_d), P(x̃_d ≥ x_d)), with the observation counted once on each
 * side so that p is never 0. It fails when the smallest p is below 0.01 / dims (Bonferroni), i.e.
 * when the posterior cannot reproduce some feature of the data it was conditioned on. For observables
 * of up to {@value #MAX_JOINT} elements it also reports the joint Mahalanobis p-value: the share of
 * replicates at least as far from the predictive mean, in the predictive covariance, as x_obs.
 *
 * <p>The one predictive check of Orrery: a {@link Validator} that reaches the simulator and the
 * observation through the {@link ValidationContext} (a pipeline passes both). Setting: {@code draws}.
 */
@Component(service = Validator.class)
@OrreryPlugin(id = PredictiveCheck.PLUGIN_ID,
        name = "Posterior predictive check",
        description = "Simulations from posterior draws compared with the observation, element by element (Bonferroni)")
public final class PredictiveCheck implements Validator, Configurable<Validator> {

    /** The plugin id, stated once. */
    public static final String PLUGIN_ID = "ppc";
    static final List<Setting> SETTINGS = List.of(Setting.integer("draws", 1000, Range.atLeast(1), "",
            "posterior draws simulated (at most; fewer when the observable is small)"));
    /** Largest observable for which the joint Mahalanobis p-value is computed. */
    static final int MAX_JOINT = 50;

    private final int draws;

    @Activate
    public PredictiveCheck(Map<String, Object> properties) {
        this(Config.fromProperties(PLUGIN_ID, SETTINGS, properties).integer("draws"));
    }

    public PredictiveCheck(int draws) {
        this.draws = Config.requirePositive("draws", draws);
    }

    @Override
    public String id() {
        return PLUGIN_ID;
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Validator configure(SettingValues values) {
        return new PredictiveCheck(values.integer("draws"));
    }

    @Override
    public ValidationResult validate(Posterior posterior, SimulationSet heldOut, UniformRandomProvider rng) {
        throw new IllegalArgumentException("ppc needs the simulator and an observation; run it in a pipeline that lists observations");
    }

    /** Checks the context's one observation with the context's simulator. */
    @Override
    public ValidationResult validate(Posterior posterior, SimulationSet heldOut, ValidationContext context,
            UniformRandomProvider rng) {
        Simulator simulator = context.simulator().orElseThrow(() -> new IllegalArgumentException(
                "ppc needs the simulator; it is not installed"));
        if (context.observations().size() != 1) {
            throw new IllegalArgumentException("ppc checks one observation at a time, got " + context.observations().size());
        }
        ValidationContext.Observed obs = context.observations().get(0);
        double[] x = obs.values();
        double[][] samples = posterior.sample(x, Math.min(draws, wanted(x.length)), rng);
        return run(PLUGIN_ID, obs.label(), simulator, samples, x, rng);
    }

    private static int wanted(int dims) {
        return (int) Math.min(MAX_DRAWS, Math.max(MIN_DRAWS, Math.ceil(4.0 * dims / ALPHA)));
    }

    static final double ALPHA = 0.01;
    /** Draws: enough that the smallest reachable p, 2/(m+1), is half the Bonferroni threshold, within these bounds. */
    static final int MIN_DRAWS = 500;
    static final int MAX_DRAWS = 20_000;
    /** Per-dimension metrics are listed for small observables only; images get the summary numbers. */
    static final int MAX_LISTED = 10;

    public static ValidationResult run(String check, String label, Simulator simulator, double[][] posteriorSamples, double[] observed,
            UniformRandomProvider rng) {
        int dims = observed.length;
        int m = Math.min(wanted(dims), posteriorSamples.length);
        if (m < 1) {
            throw new IllegalArgumentException(check + ": no posterior samples to simulate from");
        }
        int[] below = new int[dims];
        int[] above = new int[dims];
        int ok = 0;
        List<double[]> replicates = dims <= MAX_JOINT ? new ArrayList<>() : null;
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
            if (replicates != null) {
                replicates.add(x);
            }
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
        if (replicates != null && replicates.size() > 2 * dims) {
            mahalanobis(replicates, observed, metrics);
        }
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

    /**
     * The joint p-value: the share of replicates at least as far (Mahalanobis, in the replicates'
     * covariance) from their mean as x_obs, with the +1 that makes it a valid p-value. Informative
     * only; a singular covariance (constant or collinear elements) leaves it out.
     */
    private static void mahalanobis(List<double[]> rep, double[] observed, List<Metric> metrics) {
        int dim = observed.length;
        int n = rep.size();
        double[] mean = new double[dim];
        for (double[] r : rep) {
            for (int k = 0; k < dim; k++) {
                mean[k] += r[k] / n;
            }
        }
        RealMatrix cov = MatrixUtils.createRealMatrix(dim, dim);
        for (double[] r : rep) {
            for (int a = 0; a < dim; a++) {
                for (int b = 0; b <= a; b++) {
                    cov.addToEntry(a, b, (r[a] - mean[a]) * (r[b] - mean[b]) / (n - 1));
                }
            }
        }
        for (int a = 0; a < dim; a++) {
            for (int b = 0; b < a; b++) {
                cov.setEntry(b, a, cov.getEntry(a, b));
            }
        }
        DecompositionSolver solver;
        try {
            solver = new CholeskyDecomposition(cov).getSolver();
        } catch (NonPositiveDefiniteMatrixException e) {
            return;
        }
        double observedD2 = distance2(observed, mean, solver);
        int asFar = 0;
        for (double[] r : rep) {
            if (distance2(r, mean, solver) >= observedD2) {
                asFar++;
            }
        }
        metrics.add(new Metric("mahalanobis_pvalue", (asFar + 1.0) / (n + 1.0), Double.NaN,
                "share of predictive draws at least as far (Mahalanobis) from the predictive mean as x_obs"));
        metrics.add(new Metric("mahalanobis_distance2", observedD2, Double.NaN, "squared Mahalanobis distance of x_obs"));
    }

    private static double distance2(double[] x, double[] mean, DecompositionSolver solver) {
        double[] d = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            d[k] = x[k] - mean[k];
        }
        RealVector v = MatrixUtils.createRealVector(d);
        return v.dotProduct(solver.solve(v));
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
