package org.orrery.validation.fields.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.ArraySpec;
import org.orrery.data.SimulationSet;
import org.orrery.plugin.Configurable;
import org.orrery.plugin.OrreryPlugin;
import org.orrery.plugin.Setting;
import org.orrery.plugin.Setting.Range;
import org.orrery.plugin.SettingValues;
import org.orrery.posterior.JointPosterior;
import org.orrery.posterior.Posterior;
import org.orrery.simulator.LatentForward;
import org.orrery.simulator.Simulator;
import org.orrery.validation.Metric;
import org.orrery.validation.Series;
import org.orrery.validation.ValidationContext;
import org.orrery.validation.ValidationResult;
import org.orrery.validation.Validator;
import org.orrery.validation.clustering.internal.PairCounter;
import org.orrery.validation.clustering.internal.PowerSpectrum;
import org.orrery.validation.fields.FieldValidation;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code fields}: the field-level check of a joint posterior p(θ, latent field | observed field) on
 * held-out simulations whose true latent field is in the bank.
 *
 * <p>For each of {@code members} held-out simulations, {@code draws} joint draws are made and
 * {@link FieldValidation} gives, per k-shell, r(k) and T(k) of the draws' mean and of the draws
 * against the true latent, the coverage of the truth's Fourier components by the draws' central
 * {@code level} interval, and P(k) of the draws, the truth and the prior (the mean P(k) of the
 * latent over every held-out member, i.e. the spectrum marginalised over the prior on θ). Shells are
 * pooled over members.
 *
 * <p>With a simulator in the context that implements {@link LatentForward}, each draw (θ and latent)
 * is forward-modelled and compared with the member's observation: r(k) and T(k) = √(P_fwd/P_obs),
 * beside the same for the truth forward-modelled (the best attainable: 1 for a deterministic lpt,
 * below 1 where noise enters). Where the simulator also returns a point set (particles or tracers),
 * the two-point function ξ(r) from pair counts (validation/clustering's {@link PairCounter}) of the
 * forward-modelled draws is set beside the truth's; reported, not judged.
 *
 * <p>Pass criteria (stated with their tolerances in the result's metrics):
 * <ul>
 * <li>coverage per shell within 4 binomial sd (√(p(1−p)/K), K components pooled over members) of
 *     p = level·(D−1)/(D+1), the exact expectation for a calibrated posterior when the interval's ends
 *     are linearly interpolated quantiles of D draws (0.639 for level 0.68 and D = 32, not 0.68), and
 *     over all shells below Nyquist together within 4 sd of p (components taken as independent, as
 *     they are for a Gaussian posterior with independent modes);
 * <li>T(k) of the draws within 4√(2/(m·M)) of 1 in shells of m ≥ 20 modes per member (M members;
 *     √(1/m) is the sd of one draw's T from the draw's and the truth's cosmic variance);
 * <li>T(k) of the forward-modelled draws against the observation within the same tolerance, when
 *     forward modelling ran.
 * </ul>
 * r(k) has no pass criterion: how high it can be depends on the data's information, not calibration.
 */
@Component(service = Validator.class)
@OrreryPlugin(id = FieldsValidator.PLUGIN_ID,
        name = "Field posterior check",
        description = "r(k), T(k), per-k coverage and P(k) of latent-field draws vs the held-out truth; draws forward-modelled vs the observation")
public final class FieldsValidator implements Validator, Configurable<Validator> {

    public static final String PLUGIN_ID = "fields";

    static final List<Setting> SETTINGS = List.of(
            Setting.integer("members", 4, Range.atLeast(1), "", "held-out simulations checked"),
            Setting.integer("draws", 32, Range.atLeast(4), "", "joint posterior draws per held-out simulation"),
            Setting.number("level", 0.68, Range.open(0, 1), "", "central interval whose coverage is checked"),
            Setting.text("latent", "delta_initial", "the latent field checked"),
            Setting.integer("forward_draws", 8, Range.atLeast(0), "",
                    "draws per member forward-modelled with the simulator (0: none)"),
            Setting.number("box_length", 0, Range.atLeast(0), "Mpc/h",
                    "box side for k; 0: the simulator's box, or k in units of the fundamental mode without one"));

    /** Shells need this many modes before T(k) is judged. */
    static final int MIN_MODES = 20;
    /** Pair-count separation bins for ξ(r): this many, up to a quarter of the box. */
    static final int XI_BINS = 8;

    private final SettingValues values;

    @Activate
    public FieldsValidator(Map<String, Object> properties) {
        this(fromProperties(properties));
    }

    public FieldsValidator(SettingValues values) {
        this.values = values;
    }

    private static SettingValues fromProperties(Map<String, Object> properties) {
        Map<String, Object> given = new LinkedHashMap<>();
        if (properties != null) {
            properties.forEach((k, v) -> {
                if (!k.contains(".") && !k.equals("objectClass")) {
                    given.put(k, v);
                }
            });
        }
        return SettingValues.resolve(PLUGIN_ID, SETTINGS, given);
    }

    /** The defaults with {@code given} over them (for tests and callers outside OSGi). */
    public static FieldsValidator with(Map<String, Object> given) {
        return new FieldsValidator(SettingValues.resolve(PLUGIN_ID, SETTINGS, given));
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Validator configure(SettingValues v) {
        return new FieldsValidator(v);
    }

    @Override
    public String id() {
        return PLUGIN_ID;
    }

    @Override
    public ValidationResult validate(Posterior posterior, SimulationSet heldOut, UniformRandomProvider rng) {
        return validate(posterior, heldOut, ValidationContext.none(), rng);
    }

    @Override
    public ValidationResult validate(Posterior posterior, SimulationSet heldOut, ValidationContext context, UniformRandomProvider rng) {
        if (!(posterior instanceof JointPosterior joint)) {
            throw new IllegalArgumentException("the fields check needs a joint posterior of θ and fields (e.g. interpolant), got "
                    + posterior.getClass().getSimpleName());
        }
        String latent = values.text("latent");
        ArraySpec spec = joint.latents().stream().filter(a -> a.name().equals(latent)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("the posterior samples no latent " + latent + "; it samples "
                        + joint.latents().stream().map(ArraySpec::name).toList()));
        if (heldOut.outputs().stream().noneMatch(a -> a.name().equals(latent))) {
            throw new IllegalArgumentException("the held-out bank holds no " + latent + " (it has "
                    + heldOut.outputs().stream().map(ArraySpec::name).toList() + "); simulate it with a simulator that keeps it");
        }
        int[] shape = spec.shape();
        int dims = shape.length;
        int grid = shape[0];
        if ((dims != 2 && dims != 3) || Arrays.stream(shape).anyMatch(s -> s != grid)) {
            throw new IllegalArgumentException("the fields check needs a cubic 2-D or 3-D grid, " + latent + " has shape "
                    + Arrays.toString(shape));
        }
        Simulator simulator = context.simulator().orElse(null);
        double length = values.number("box_length");
        if (length == 0) {
            length = simulator != null && simulator.box().isPresent() ? simulator.box().get().length() : 2 * Math.PI;
        }
        String kUnit = length == 2 * Math.PI && values.number("box_length") == 0 ? "k / k_F" : "k (h/Mpc)";
        int members = Math.min(values.integer("members"), heldOut.size());
        int nDraws = values.integer("draws");
        double level = values.number("level");
        int nForward = Math.min(values.integer("forward_draws"), nDraws);
        LatentForward forward = simulator instanceof LatentForward f && f.drivingLatents().contains(latent)
                && nForward > 0 ? f : null;
        String points = forward == null ? null : simulator.latents().stream()
                .filter(a -> a.kind() == ArraySpec.Kind.POINTS && a.shape().length == 2 && a.shape()[1] == dims
                        && !a.name().startsWith("vel"))
                .map(ArraySpec::name).findFirst().orElse(null);

        // the prior's spectrum of the latent: the mean over every held-out member (θ drawn from the prior)
        double[] pPrior = null;
        for (int i = 0; i < heldOut.size(); i++) {
            double[] p = PowerSpectrum.ofField(heldOut.values(latent, i), grid, dims, length, 0, 1).p0();
            if (pPrior == null) {
                pPrior = new double[p.length];
            }
            for (int b = 0; b < p.length; b++) {
                pPrior[b] += p[b] / heldOut.size();
            }
        }

        List<FieldValidation.Report> reports = new ArrayList<>();
        Pooled fwd = null;
        double[] xiEdges = null;
        double[] xiDraws = null;
        double[] xiTruth = null;
        int xiCount = 0;
        for (int m = 0; m < members; m++) {
            double[] x = heldOut.x(m);
            double[] truth = heldOut.values(latent, m);
            List<Map<String, double[]>> draws = joint.sampleJoint(x, nDraws, rng);
            double[][] fields = new double[draws.size()][];
            for (int d = 0; d < fields.length; d++) {
                fields[d] = draws.get(d).get(latent);
            }
            reports.add(FieldValidation.of(fields, truth, grid, dims, length, level));
            if (forward != null) {
                double[] theta = heldOut.theta(m);
                Map<String, double[]> truthFwd = forward.simulateFrom(theta, Map.of(latent, truth), rng);
                String obsName = heldOut.observable().name();
                PowerSpectrum.Cross ref = PowerSpectrum.cross(truthFwd.get(obsName), x, grid, dims, length, 1);
                if (fwd == null) {
                    fwd = new Pooled(ref.k().length);
                }
                fwd.addReference(ref);
                if (points != null && xiEdges == null) {
                    xiEdges = new double[XI_BINS + 1];
                    for (int b = 0; b <= XI_BINS; b++) {
                        xiEdges[b] = length / 4 * b / XI_BINS;
                    }
                    xiDraws = new double[XI_BINS];
                    xiTruth = new double[XI_BINS];
                }
                if (points != null) {
                    add(xiTruth, xi(truthFwd.get(points), dims, length, xiEdges), 1.0 / members);
                }
                for (int d = 0; d < nForward; d++) {
                    Map<String, double[]> f = forward.simulateFrom(draws.get(d).get("theta"), Map.of(latent, fields[d]), rng);
                    fwd.addDraw(PowerSpectrum.cross(f.get(obsName), x, grid, dims, length, 1), 1.0 / (members * nForward));
                    if (points != null) {
                        add(xiDraws, xi(f.get(points), dims, length, xiEdges), 1.0 / (members * nForward));
                    }
                }
                xiCount++;
            }
        }
        // shells kF·[b, b+1) for b < n/2 lie inside the Nyquist frequency; the corner shells beyond it are
        // incomplete (and lpt zeroes its Nyquist modes), so they are left out
        FieldValidation.Report r = FieldValidation.pool(reports).firstShells(grid / 2 - 1);
        return result(r, pPrior == null ? null : Arrays.copyOf(pPrior, r.k().length), members, nDraws, level, kUnit, latent, fwd, forward == null ? reason(simulator, latent, nForward) : null,
                xiEdges, xiDraws, xiTruth, points, xiCount);
    }

    private static String reason(Simulator simulator, String latent, int nForward) {
        if (nForward == 0) {
            return "forward_draws is 0";
        }
        if (simulator == null) {
            return "no simulator was available to run";
        }
        return "simulator " + simulator.id() + " cannot be run from a given " + latent;
    }

    /** Per-shell cross statistics of forward-modelled fields against the observation, pooled. */
    static final class Pooled {
        final double[] r;
        final double[] t;
        final double[] rRef;
        final double[] tRef;
        double[] k;
        long[] modes;
        int references;

        Pooled(int bins) {
            r = new double[bins];
            t = new double[bins];
            rRef = new double[bins];
            tRef = new double[bins];
        }

        void addReference(PowerSpectrum.Cross c) {
            k = c.k();
            modes = c.modes();
            references++;
            for (int b = 0; b < r.length; b++) {
                rRef[b] += c.r()[b];
                tRef[b] += c.transfer()[b];
            }
        }

        void addDraw(PowerSpectrum.Cross c, double weight) {
            for (int b = 0; b < r.length; b++) {
                r[b] += weight * c.r()[b];
                t[b] += weight * c.transfer()[b];
            }
        }

        double[] refMean(double[] v) {
            double[] o = new double[v.length];
            for (int b = 0; b < v.length; b++) {
                o[b] = v[b] / references;
            }
            return o;
        }
    }

    /** ξ(r) = DD/RR − 1 of a periodic point set, RR from the shell's area (2-D) or volume (3-D). */
    static double[] xi(double[] pos, int dims, double length, double[] edges) {
        int n = pos.length / dims;
        double[] p3 = pos;
        if (dims == 2) {
            p3 = new double[3 * n];
            for (int i = 0; i < n; i++) {
                p3[3 * i] = pos[2 * i];
                p3[3 * i + 1] = pos[2 * i + 1];
            }
        }
        PairCounter.Counts c = PairCounter.auto(p3, edges, length, 1);
        double[] out = new double[edges.length - 1];
        double pairs = 0.5 * n * (n - 1.0);
        for (int b = 0; b < out.length; b++) {
            double shell = dims == 2 ? Math.PI * (edges[b + 1] * edges[b + 1] - edges[b] * edges[b]) / (length * length)
                    : 4.0 / 3 * Math.PI * (Math.pow(edges[b + 1], 3) - Math.pow(edges[b], 3)) / Math.pow(length, 3);
            out[b] = c.count(b) / (pairs * shell) - 1;
        }
        return out;
    }

    private static void add(double[] sum, double[] v, double w) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += w * v[i];
        }
    }

    private static ValidationResult result(FieldValidation.Report r, double[] pPrior, int members, int draws, double level,
            String kUnit, String latent, Pooled fwd, String noForward, double[] xiEdges, double[] xiDraws, double[] xiTruth,
            String points, int xiCount) {
        int nb = r.k().length;
        double p = level * (draws - 1.0) / (draws + 1.0);
        double[] covLo = new double[nb];
        double[] covHi = new double[nb];
        double[] expected = new double[nb];
        double[] tLo = new double[nb];
        double[] tHi = new double[nb];
        List<String> failures = new ArrayList<>();
        int judgedT = 0;
        double worstCov = 0;
        double worstT = 0;
        double hits = 0;
        double comps = 0;
        for (int b = 0; b < nb; b++) {
            double tol = 4 * Math.sqrt(p * (1 - p) / Math.max(1, r.components()[b]));
            expected[b] = p;
            covLo[b] = Math.max(0, p - tol);
            covHi[b] = Math.min(1, p + tol);
            hits += r.coverage()[b] * r.components()[b];
            comps += r.components()[b];
            double dev = Math.abs(r.coverage()[b] - p);
            worstCov = Math.max(worstCov, dev / tol);
            if (dev > tol) {
                failures.add(String.format(Locale.ROOT, "coverage %.3f at k=%.3g (expected %.3f ± %.3f)", r.coverage()[b], r.k()[b], p, tol));
            }
            double tolT = 4 * Math.sqrt(2.0 / Math.max(1, r.modes()[b]));
            tLo[b] = Math.max(0, 1 - tolT);
            tHi[b] = 1 + tolT;
            if (r.modes()[b] >= (long) MIN_MODES * members) {
                judgedT++;
                worstT = Math.max(worstT, Math.abs(r.tDraws()[b] - 1) / tolT);
                if (Math.abs(r.tDraws()[b] - 1) > tolT) {
                    failures.add(String.format(Locale.ROOT, "T(k) of draws %.3f at k=%.3g (1 ± %.3f)", r.tDraws()[b], r.k()[b], tolT));
                }
            }
        }
        // all shells together: a bias too small for any one shell's tolerance still shows over every component
        double pooledSd = Math.sqrt(p * (1 - p) / comps);
        if (Math.abs(hits / comps - p) > 4 * pooledSd) {
            failures.add(0, String.format(Locale.ROOT, "coverage %.3f over all shells (expected %.3f ± %.3f)", hits / comps, p, 4 * pooledSd));
        }
        int half = Math.max(0, nb / 2);
        List<Metric> metrics = new ArrayList<>();
        metrics.add(new Metric("coverage_mean", hits / comps, pooledSd,
                String.format(Locale.ROOT, "share of the true %s's Fourier components inside the draws' central %d%% interval, all shells"
                        + " (calibrated: %.3f with %d draws; pass within 4 sd); per shell in the series", latent, Math.round(100 * level), p, draws)));
        metrics.add(new Metric("coverage_worst", worstCov, Double.NaN,
                "largest |coverage − calibrated| over the shells, in units of its tolerance (pass: ≤ 1)"));
        metrics.add(new Metric("transfer_worst", worstT, Double.NaN, String.format(Locale.ROOT,
                "largest |T(k) − 1| of the draws over %d shells with ≥ %d modes per member, in units of its tolerance (pass: ≤ 1)",
                judgedT, MIN_MODES)));
        metrics.add(new Metric("r_mean_kmin", r.rMean()[0], Double.NaN, String.format(Locale.ROOT,
                "r(k) of the posterior mean with the true %s at the largest scale, k = %.4g", latent, r.k()[0])));
        metrics.add(new Metric("r_mean_khalf", r.rMean()[half], Double.NaN, String.format(Locale.ROOT,
                "r(k) of the posterior mean with the true %s at k = %.4g (half the Nyquist frequency)", latent, r.k()[half])));
        List<Series> series = new ArrayList<>();
        String rLabel = "r(k) of " + latent;
        String tLabel = "T(k) of " + latent;
        series.add(new Series("r(k) of the posterior mean", kUnit, rLabel, r.k(), r.rMean(), null, null));
        series.add(new Series("r(k) of the draws", kUnit, rLabel, r.k(), r.rDraws(), null, null));
        series.add(new Series("T(k) of the posterior mean", kUnit, tLabel, r.k(), r.tMean(), null, null));
        series.add(new Series("T(k) of the draws (band: pass range)", kUnit, tLabel, r.k(), r.tDraws(), tLo, tHi));
        String covLabel = Math.round(100 * level) + "% coverage per k";
        series.add(new Series("coverage (band: pass range)", kUnit, covLabel, r.k(), r.coverage(), covLo, covHi));
        series.add(new Series("calibrated coverage", kUnit, covLabel, r.k(), expected, null, null));
        String pLabel = "P(k) of " + latent;
        series.add(new Series("P(k) of the draws", kUnit, pLabel, r.k(), r.pDraws(), null, null));
        series.add(new Series("P(k) of the truth", kUnit, pLabel, r.k(), r.pTruth(), null, null));
        if (pPrior != null && pPrior.length == nb) {
            series.add(new Series("P(k) of the prior (held-out mean)", kUnit, pLabel, r.k(), pPrior, null, null));
        }
        String fwdNote;
        if (fwd != null) {
            double[] k = Arrays.copyOf(fwd.k, nb);
            double[] rf = Arrays.copyOf(fwd.r, nb);
            double[] tf = Arrays.copyOf(fwd.t, nb);
            double[] rRef = Arrays.copyOf(fwd.refMean(fwd.rRef), nb);
            double[] tRef = Arrays.copyOf(fwd.refMean(fwd.tRef), nb);
            series.add(new Series("forward-modelled draws, r(k)", kUnit, "r(k) with the observation", k, rf, null, null));
            series.add(new Series("forward-modelled truth, r(k)", kUnit, "r(k) with the observation", k, rRef, null, null));
            series.add(new Series("forward-modelled draws, T(k) (band: pass range)", kUnit, "T(k) against the observation", k, tf, tLo, tHi));
            series.add(new Series("forward-modelled truth, T(k)", kUnit, "T(k) against the observation", k, tRef, null, null));
            double worstF = 0;
            for (int b = 0; b < nb; b++) {
                if (fwd.modes[b] >= MIN_MODES) {
                    double tolT = 4 * Math.sqrt(2.0 / (fwd.modes[b] * members));
                    worstF = Math.max(worstF, Math.abs(tf[b] - 1) / tolT);
                    if (Math.abs(tf[b] - 1) > tolT) {
                        failures.add(String.format(Locale.ROOT, "forward T(k) %.3f at k=%.3g (1 ± %.3f)", tf[b], k[b], tolT));
                    }
                }
            }
            metrics.add(new Metric("forward_transfer_worst", worstF, Double.NaN,
                    "largest |T(k) − 1| of the forward-modelled draws against the observation, in units of its tolerance (pass: ≤ 1)"));
            metrics.add(new Metric("forward_r_kmin", rf[0], Double.NaN, String.format(Locale.ROOT,
                    "r(k) of the forward-modelled draws with the observation at k = %.4g (truth forward-modelled: %.3f)", k[0], rRef[0])));
            metrics.add(new Metric("forward_r_khalf", rf[half], Double.NaN, String.format(Locale.ROOT,
                    "r(k) of the forward-modelled draws with the observation at k = %.4g (truth forward-modelled: %.3f)", k[half], rRef[half])));
            fwdNote = "forward-modelled";
            if (xiDraws != null) {
                double[] mid = new double[XI_BINS];
                for (int b = 0; b < XI_BINS; b++) {
                    mid[b] = 0.5 * (xiEdges[b] + xiEdges[b + 1]);
                }
                String unit = kUnit.startsWith("k (h") ? "r (Mpc/h)" : "r";
                String xiLabel = "ξ(r) of " + points;
                series.add(new Series("forward-modelled draws, ξ(r)", unit, xiLabel, mid, xiDraws, null, null).withEdges(xiEdges));
                series.add(new Series("forward-modelled truth, ξ(r)", unit, xiLabel, mid, xiTruth, null, null).withEdges(xiEdges));
                metrics.add(new Metric("forward_xi_ratio_rmin", xiDraws[0] / xiTruth[0], Double.NaN, String.format(Locale.ROOT,
                        "ξ(r) of the forward-modelled draws' %s over the truth's at r = %.4g; reported, not judged", points, mid[0])));
                fwdNote += ", ξ(r) of " + points;
            }
        } else {
            fwdNote = "not forward-modelled: " + noForward;
        }
        boolean passed = failures.isEmpty();
        String summary = String.format(Locale.ROOT, "%s over %d held-out fields × %d draws, %d shells below Nyquist: coverage %.3f"
                + " (calibrated %.3f), r_mean(k_min)=%.3f, worst coverage %.1f tol, worst T %.1f tol; %s%s",
                latent, members, draws, nb, hits / comps, p, r.rMean()[0], worstCov, worstT, fwdNote,
                passed ? "" : "; FAILED: " + String.join("; ", failures.subList(0, Math.min(3, failures.size())))
                        + (failures.size() > 3 ? " (+" + (failures.size() - 3) + " more)" : ""));
        return new ValidationResult(PLUGIN_ID, passed, summary, metrics, series);
    }
}
