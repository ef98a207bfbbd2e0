package org.orrery.validation.calibration.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.SimulationSet;
import org.orrery.plugin.OrreryPlugin;
import org.orrery.posterior.Posterior;
import org.orrery.validation.Metric;
import org.orrery.validation.Series;
import org.orrery.validation.ValidationResult;
import org.orrery.validation.Validator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Simulation-based calibration (Talts et al. 2018): for each held-out (θ*, x) the rank of θ*_j among
 * L draws of q(θ | x), per marginal j. A calibrated posterior gives uniform ranks. Ranks are
 * jittered to (k + U)/(L + 1), which is exactly U(0, 1) then, and KS-tested against the uniform.
 *
 * <p>Passes when every marginal's KS p-value exceeds {@code alpha} = 0.01 (no multiplicity
 * correction: with d marginals a calibrated posterior fails with probability ≈ 1 − 0.99^d). The
 * metric {@code rank_variance_ratio_j} = 12·Var(u) tells the direction: > 1 over-confident (too
 * narrow), < 1 under-confident (too wide).
 *
 * <p>Configuration: {@code pairs} (default 200) held-out pairs, {@code samples} (default 1000)
 * posterior draws per pair.
 */
@Component(service = Validator.class)
@OrreryPlugin(id = Sbc.PLUGIN_ID,
        name = "Simulation-based calibration",
        description = "Rank of the true parameter among posterior draws per marginal, KS test against uniform")
public final class Sbc extends PairsAndSamples {

    /** The plugin id, stated once. */
    public static final String PLUGIN_ID = "sbc";

    static final double ALPHA = 0.01;
    static final int BINS = 20;

    @Activate
    public Sbc(Map<String, Object> config) {
        super(PLUGIN_ID, config);
    }

    public Sbc(int pairs, int samples) {
        super(pairs, samples);
    }

    @Override
    Validator with(int pairs, int samples) {
        return new Sbc(pairs, samples);
    }

    @Override
    public String id() {
        return PLUGIN_ID;
    }

    @Override
    public ValidationResult validate(Posterior posterior, SimulationSet heldOut, UniformRandomProvider rng) {
        HeldOut pairs = HeldOut.choose(heldOut, this.pairs, rng, id());
        List<String> names = heldOut.parameters().names();
        int dim = names.size();
        int n = pairs.size();
        double[][] u = new double[dim][n];
        for (int i = 0; i < n; i++) {
            double[] truth = pairs.theta()[i];
            double[][] draws = posterior.sample(pairs.x()[i], samples, rng);
            for (int j = 0; j < dim; j++) {
                int below = 0;
                for (double[] d : draws) {
                    if (d[j] < truth[j]) {
                        below++;
                    }
                }
                u[j][i] = Pit.jitter(below, draws.length, rng);
            }
        }
        List<Metric> metrics = new ArrayList<>();
        List<Series> series = new ArrayList<>();
        boolean passed = true;
        double minP = 1;
        String worst = names.get(0);
        for (int j = 0; j < dim; j++) {
            double p = Pit.ksPValue(u[j]);
            double ratio = Pit.varianceRatio(u[j]);
            passed &= p > ALPHA;
            if (p < minP) {
                minP = p;
                worst = names.get(j);
            }
            metrics.add(new Metric("ks_pvalue_" + names.get(j), p, Double.NaN,
                    "KS p-value of the normalised ranks of " + names.get(j) + " against U(0,1); pass > " + ALPHA));
            metrics.add(new Metric("rank_variance_ratio_" + names.get(j), ratio, Math.sqrt(0.8 / n),
                    "12·Var(normalised rank): 1 calibrated, > 1 over-confident (too narrow), < 1 under-confident (too wide)"));
            metrics.add(new Metric("rank_mean_" + names.get(j), Pit.mean(u[j]), Math.sqrt(1.0 / (12 * n)),
                    "mean normalised rank: 0.5 unbiased, > 0.5 posterior biased low, < 0.5 biased high"));
            series.add(Pit.histogram("sbc_ranks_" + names.get(j), "normalised rank of " + names.get(j), u[j], BINS, 0.99));
        }
        metrics.add(new Metric("min_ks_pvalue", minP, Double.NaN, "smallest per-marginal KS p-value (" + worst + ")"));
        String summary = String.format("SBC over %d pairs × %d draws: min KS p = %.3g (%s), %s the threshold %.2g",
                n, samples, minP, worst, passed ? "above" : "below", ALPHA);
        return new ValidationResult(id(), passed, summary, metrics, series);
    }
}
