package org.orrery.validation.calibration.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
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
 * Tests of Accuracy with Random Points (Lemos et al. 2023). Parameters are rescaled to the unit box
 * spanned by the held-out θ* (as the {@code tarp} package does); for each pair a reference point
 * θ_r ~ U[0,1]^d is drawn and f = fraction of posterior draws closer to θ_r than θ* is. The expected
 * coverage probability ECP(α) = P(f < α) equals α for every α iff the posterior is calibrated.
 *
 * <p>The box for pair i is spanned by the other pairs' θ* (leave-one-out). The theorem needs θ_r and
 * the metric independent of θ*; with the full box a θ* that sets a face lies on that face, outside
 * every reference, which biases f low: with an exact posterior in 10-D the package's construction
 * gives a mean ATC of +0.10 at 200 pairs and +1.3 at 20 pairs (3.3% failures at the 1% level),
 * leave-one-out gives 0.00 at both.
 *
 * <p>Pass criterion: under calibration the jittered f are iid U(0, 1), so the largest gap
 * max_α |ECP(α) − α| is a one-sample KS statistic; the check passes when its KS p-value exceeds
 * 0.01, i.e. the curve stays inside the 99% simultaneous KS band (≈ 1.63/√N). The curve's bootstrap
 * band (pairs resampled, 95%) is reported for plots, and ATC = Σ_{α > 1/2}(ECP − α) on the grid as
 * in the paper. 12·Var(f) gives the direction: > 1 over-confident, < 1 under-confident.
 */
@Component(service = Validator.class)
@OrreryPlugin(id = Tarp.PLUGIN_ID,
        name = "TARP expected coverage",
        description = "Expected coverage probability of random-reference-point balls vs credibility, with bootstrap band")
public final class Tarp extends PairsAndSamples {

    /** The plugin id, stated once. */
    public static final String PLUGIN_ID = "tarp";

    static final double ALPHA = 0.01;
    static final int GRID = 51;
    static final int BOOTSTRAP = 200;

    @Activate
    public Tarp(Map<String, Object> config) {
        super(PLUGIN_ID, config);
    }

    public Tarp(int pairs, int samples) {
        super(pairs, samples);
    }

    @Override
    Validator with(int pairs, int samples) {
        return new Tarp(pairs, samples);
    }

    @Override
    public String id() {
        return PLUGIN_ID;
    }

    @Override
    public ValidationResult validate(Posterior posterior, SimulationSet heldOut, UniformRandomProvider rng) {
        HeldOut held = HeldOut.choose(heldOut, pairs, rng, id());
        int dim = heldOut.parameters().dimension();
        int n = held.size();
        // Per axis the smallest and largest θ* and the runners-up, so that each pair's box can leave it out.
        double[] min1 = new double[dim];
        double[] min2 = new double[dim];
        double[] max1 = new double[dim];
        double[] max2 = new double[dim];
        int[] argMin = new int[dim];
        int[] argMax = new int[dim];
        Arrays.fill(min1, Double.POSITIVE_INFINITY);
        Arrays.fill(min2, Double.POSITIVE_INFINITY);
        Arrays.fill(max1, Double.NEGATIVE_INFINITY);
        Arrays.fill(max2, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            double[] t = held.theta()[i];
            for (int j = 0; j < dim; j++) {
                if (t[j] < min1[j]) {
                    min2[j] = min1[j];
                    min1[j] = t[j];
                    argMin[j] = i;
                } else if (t[j] < min2[j]) {
                    min2[j] = t[j];
                }
                if (t[j] > max1[j]) {
                    max2[j] = max1[j];
                    max1[j] = t[j];
                    argMax[j] = i;
                } else if (t[j] > max2[j]) {
                    max2[j] = t[j];
                }
            }
        }
        double[] lo = new double[dim];
        double[] scale = new double[dim];
        double[] f = new double[n];
        double[] ref = new double[dim];
        for (int i = 0; i < n; i++) {
            double[] truth = held.theta()[i];
            double[][] draws = posterior.sample(held.x()[i], samples, rng);
            for (int j = 0; j < dim; j++) {
                lo[j] = argMin[j] == i ? min2[j] : min1[j];
                double hi = argMax[j] == i ? max2[j] : max1[j];
                scale[j] = hi > lo[j] ? 1 / (hi - lo[j]) : 1;
                ref[j] = lo[j] + rng.nextDouble() / scale[j];
            }
            double truthDistance = distance2(truth, ref, scale);
            int closer = 0;
            for (double[] d : draws) {
                if (distance2(d, ref, scale) < truthDistance) {
                    closer++;
                }
            }
            f[i] = Pit.jitter(closer, draws.length, rng);
        }
        double[] alpha = Pit.grid(GRID);
        double[] ecp = Pit.ecdf(f, alpha);
        double[][] boot = new double[GRID][BOOTSTRAP];
        double[] resample = new double[n];
        for (int b = 0; b < BOOTSTRAP; b++) {
            for (int i = 0; i < n; i++) {
                resample[i] = f[rng.nextInt(n)];
            }
            double[] e = Pit.ecdf(resample, alpha);
            for (int g = 0; g < GRID; g++) {
                boot[g][b] = e[g];
            }
        }
        double[] lower = new double[GRID];
        double[] upper = new double[GRID];
        for (int g = 0; g < GRID; g++) {
            Arrays.sort(boot[g]);
            lower[g] = boot[g][(int) Math.floor(0.025 * (BOOTSTRAP - 1))];
            upper[g] = boot[g][(int) Math.ceil(0.975 * (BOOTSTRAP - 1))];
        }
        double atc = 0;
        for (int g = 0; g < GRID; g++) {
            if (alpha[g] > 0.5) {
                atc += ecp[g] - alpha[g];
            }
        }
        double distance = Pit.ksDistance(f);
        double p = Pit.ksPValue(f);
        double critical = criticalDistance(n);
        boolean passed = p > ALPHA;
        double ratio = Pit.varianceRatio(f);
        List<Metric> metrics = List.of(
                new Metric("max_ecp_deviation", distance, Double.NaN,
                        "max over α of |ECP(α) − α|; pass below the 99% KS critical value " + String.format("%.4f", critical)),
                new Metric("ks_pvalue", p, Double.NaN, "KS p-value of f against U(0,1); pass > " + ALPHA),
                new Metric("atc", atc, Double.NaN, "Σ over α > 1/2 of ECP(α) − α on a " + GRID + "-point grid (0 calibrated)"),
                new Metric("variance_ratio", ratio, Math.sqrt(0.8 / n),
                        "12·Var(f): 1 calibrated, > 1 over-confident (too narrow), < 1 under-confident (too wide)"));
        Series curve = new Series("tarp_ecp", "credibility level α", "expected coverage probability", alpha, ecp, lower, upper);
        String summary = String.format("TARP over %d pairs × %d draws: max |ECP − α| = %.4f (99%% KS limit %.4f), ATC = %.3f",
                n, samples, distance, critical, atc);
        return new ValidationResult(id(), passed, summary, metrics, List.of(curve));
    }

    /** The D with P(D_n > D) = 0.01 under uniformity, by bisection on commons-math3's exact KS CDF. */
    static double criticalDistance(int n) {
        var ks = new KolmogorovSmirnovTest();
        double a = 0;
        double b = 1;
        for (int it = 0; it < 50; it++) {
            double mid = 0.5 * (a + b);
            if (1 - ks.cdf(mid, n) > ALPHA) {
                a = mid;
            } else {
                b = mid;
            }
        }
        return 0.5 * (a + b);
    }

    private static double distance2(double[] a, double[] ref, double[] scale) {
        double s = 0;
        for (int j = 0; j < ref.length; j++) {
            double d = (a[j] - ref[j]) * scale[j];
            s += d * d;
        }
        return s;
    }
}
