package org.orrery.validation.calibration.internal;

import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.BinomialDistribution;
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
 * Expected coverage of highest-posterior-density regions. For each held-out pair the fraction h of
 * posterior draws with log q(θ_s | x) > log q(θ* | x) is the credibility of the smallest HPD region
 * that contains θ*; the expected coverage at credibility c is the fraction of pairs with h ≤ c, and
 * equals c for a calibrated posterior.
 *
 * <p>Pass criterion: at each of the levels c = 0.05, 0.10, …, 0.95 the coverage lies inside the
 * binomial interval of N·c out of N pairs at level 1 − 0.01/19 (Bonferroni over the 19 levels, so a
 * calibrated posterior fails with probability below 1%). Direction: the mean of h is 1/2 when
 * calibrated, > 1/2 when the posterior is over-confident (coverage below the diagonal), < 1/2 when
 * it is under-confident.
 */
@Component(service = Validator.class)
@OrreryPlugin(id = HpdCoverage.PLUGIN_ID,
        name = "HPD expected coverage",
        description = "Expected coverage of highest-posterior-density regions vs credibility level")
public final class HpdCoverage extends PairsAndSamples {

    /** The plugin id, stated once. */
    public static final String PLUGIN_ID = "coverage";

    static final double ALPHA = 0.01;
    static final int LEVELS = 19;

    @Activate
    public HpdCoverage(Map<String, Object> config) {
        super(PLUGIN_ID, config);
    }

    public HpdCoverage(int pairs, int samples) {
        super(pairs, samples);
    }

    @Override
    Validator with(int pairs, int samples) {
        return new HpdCoverage(pairs, samples);
    }

    @Override
    public String id() {
        return PLUGIN_ID;
    }

    @Override
    public ValidationResult validate(Posterior posterior, SimulationSet heldOut, UniformRandomProvider rng) {
        HeldOut held = HeldOut.choose(heldOut, pairs, rng, id());
        int n = held.size();
        double[] h = new double[n];
        for (int i = 0; i < n; i++) {
            double[] x = held.x()[i];
            double truthLevel = posterior.logProb(held.theta()[i], x);
            if (Double.isNaN(truthLevel)) {
                throw new IllegalStateException("coverage: the posterior's log-density at held-out θ " + i + " is NaN");
            }
            double[] levels = posterior.logProb(posterior.sample(x, samples, rng), x);
            int denser = 0;
            for (double l : levels) {
                if (l > truthLevel) {
                    denser++;
                }
            }
            h[i] = Pit.jitter(denser, levels.length, rng);
        }
        double[] credibility = new double[LEVELS];
        double[] lower = new double[LEVELS];
        double[] upper = new double[LEVELS];
        double tail = ALPHA / LEVELS / 2;
        for (int k = 0; k < LEVELS; k++) {
            credibility[k] = 0.05 * (k + 1);
            var binomial = new BinomialDistribution(null, n, credibility[k]);
            lower[k] = binomial.inverseCumulativeProbability(tail) / (double) n;
            upper[k] = binomial.inverseCumulativeProbability(1 - tail) / (double) n;
        }
        double[] coverage = Pit.ecdf(h, credibility);
        boolean passed = true;
        double worst = 0;
        for (int k = 0; k < LEVELS; k++) {
            passed &= coverage[k] >= lower[k] && coverage[k] <= upper[k];
            worst = Math.max(worst, Math.abs(coverage[k] - credibility[k]));
        }
        double meanLevel = Pit.mean(h);
        List<Metric> metrics = List.of(
                new Metric("max_coverage_deviation", worst, Double.NaN, "max over credibility levels of |coverage − level|"),
                new Metric("mean_hpd_level", meanLevel, Math.sqrt(1.0 / (12 * n)),
                        "mean HPD credibility of θ*: 0.5 calibrated, > 0.5 over-confident (too narrow), < 0.5 under-confident (too wide)"),
                new Metric("coverage_at_0.68", Pit.ecdf(h, new double[] {0.68})[0], Double.NaN, "fraction of θ* inside the 68% HPD region"),
                new Metric("coverage_at_0.95", Pit.ecdf(h, new double[] {0.95})[0], Double.NaN, "fraction of θ* inside the 95% HPD region"));
        Series curve = new Series("hpd_coverage", "credibility level", "expected coverage", credibility, coverage, lower, upper);
        String summary = String.format("HPD coverage over %d pairs × %d draws: max |coverage − level| = %.3f, mean HPD level %.3f; %s the %.0f%% band",
                n, samples, worst, meanLevel, passed ? "inside" : "outside", 100 * (1 - ALPHA));
        return new ValidationResult(id(), passed, summary, metrics, List.of(curve));
    }
}
