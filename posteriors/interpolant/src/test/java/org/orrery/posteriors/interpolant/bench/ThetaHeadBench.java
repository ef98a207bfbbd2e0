package org.orrery.posteriors.interpolant.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.orrery.data.SimulationSet;
import org.orrery.posterior.JointPosterior;
import org.orrery.posterior.Posterior;
import org.orrery.posteriors.interpolant.internal.FieldBank;
import org.orrery.posteriors.interpolant.internal.InterpolantEstimator;
import org.orrery.simulators.cosmology.internal.LptTracers;
import org.orrery.simulators.cosmology.internal.Settings;
import org.orrery.validation.Metric;
import org.orrery.validation.ValidationResult;
import org.orrery.validation.calibration.internal.Sbc;
import org.orrery.validation.calibration.internal.Tarp;
import org.orrery.validation.fields.FieldValidation;

/**
 * The two θ carriages of the interpolant side by side (issue 14: "as constant extra channels of x₁ or
 * through a head on the U-Net's bottleneck — your choice, justified by a measurement"): the same
 * lpt_tracers training fields, the same training seed, the same held-out truths and SBC/TARP pairs for
 * {@code theta_head=channels} and {@code theta_head=bottleneck}. Per carriage: training time and final
 * validation loss; θ posterior std and the RMSE of the posterior mean over the SBC pairs; SBC and TARP
 * for (Ω_m, σ8); over the field truths r(k) of the posterior mean and the 68 % coverage per k-shell.
 * Not a unit test; run by bench/interpolant-theta-head.sh. Arguments key=value (see {@link #main}).
 */
public final class ThetaHeadBench {

    private ThetaHeadBench() {
    }

    public static void main(String[] args) {
        Map<String, String> a = new HashMap<>(Map.ofEntries(Map.entry("grid", "32"), Map.entry("dims", "2"), Map.entry("n", "300"),
                Map.entry("epochs", "20"), Map.entry("channels", "8,16,32"), Map.entry("draws", "64"), Map.entry("truths", "4"),
                Map.entry("steps", "25"), Map.entry("seed", "1"), Map.entry("sbc", "30"), Map.entry("sbc_draws", "40"),
                Map.entry("heads", "channels,bottleneck"), Map.entry("config", "")));
        FieldBench.parseArgs(a, args);
        int grid = Integer.parseInt(a.get("grid"));
        int dims = Integer.parseInt(a.get("dims"));
        int draws = Integer.parseInt(a.get("draws"));
        int truths = Integer.parseInt(a.get("truths"));
        int pairs = Integer.parseInt(a.get("sbc"));
        int sd = Integer.parseInt(a.get("sbc_draws"));
        long seed = Long.parseLong(a.get("seed"));
        double box = 250;
        System.out.println("Interpolant theta-head bench: " + new java.util.TreeMap<>(a));
        LptTracers sim = new LptTracers(Settings.tracerFieldDefaults().with(Map.of("grid", grid, "dims", dims, "box_length", box)));
        System.out.println("simulator lpt_tracers: " + sim.current());

        // one set of simulations for every carriage: training fields, field truths, SBC/TARP pairs
        UniformRandomProvider simRng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        int n = Integer.parseInt(a.get("n"));
        long ts0 = System.nanoTime();
        List<double[]> th = new ArrayList<>();
        List<Map<String, double[]>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] t = sim.prior().sample(simRng);
            th.add(t);
            rows.add(sim.simulateAll(t, simRng));
        }
        List<double[]> truthTheta = new ArrayList<>();
        List<Map<String, double[]>> truthRows = new ArrayList<>();
        for (int i = 0; i < truths; i++) {
            double[] t = sim.prior().sample(simRng);
            truthTheta.add(t);
            truthRows.add(sim.simulateAll(t, simRng));
        }
        List<double[]> ht = new ArrayList<>();
        List<Map<String, double[]>> hr = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            double[] t = sim.prior().sample(simRng);
            ht.add(t);
            hr.add(Map.of("delta", sim.simulate(t, simRng)));
        }
        SimulationSet train = FieldBank.of(sim, th, rows);
        SimulationSet held = pairs > 0 ? new FieldBank(sim.parameters(), sim.observable(), List.of(), ht, hr) : null;
        System.out.printf(Locale.ROOT, "simulated %d training fields, %d truths, %d SBC pairs in %.1f s%n", n, truths, pairs,
                (System.nanoTime() - ts0) / 1e9);

        List<String> summary = new ArrayList<>();
        for (String head : a.get("heads").split(",")) {
            Map<String, Object> cfg = new LinkedHashMap<>(Map.of("channels", a.get("channels"), "max_epochs", Integer.parseInt(a.get("epochs")),
                    "patience", Integer.parseInt(a.get("epochs")), "sampling_steps", Integer.parseInt(a.get("steps")), "sample_batch",
                    Math.min(Math.max(draws, sd), 64), "theta_head", head.trim()));
            if (!a.get("config").isBlank()) {
                for (String kv : a.get("config").split(",")) {
                    String[] p = kv.split(":", 2);
                    cfg.put(p[0].trim(), p[1].trim());
                }
            }
            System.out.println("\n=== theta_head=" + head + ": interpolant config " + cfg);
            // the same training stream (split, minibatches, t and z draws) and the same sampling stream for each carriage
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed + 1000);
            long t0 = System.nanoTime();
            double[] lastVal = {Double.NaN};
            JointPosterior q = (JointPosterior) new InterpolantEstimator().train(train, cfg, rng, r -> {
                lastVal[0] = r.validationLoss();
                System.out.printf(Locale.ROOT, "epoch %d train %.4f val %.4f (%.0f s)%n", r.epoch(), r.trainLoss(), r.validationLoss(),
                        (System.nanoTime() - t0) / 1e9);
            });
            double trainSecs = (System.nanoTime() - t0) / 1e9;
            UniformRandomProvider srng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed + 2000);

            // field quality over the truths
            double[] kk = null;
            double[] rMean = null;
            double[] covHit = null;
            double[] covN = null;
            double sampleSecs = 0;
            for (int k = 0; k < truths; k++) {
                Map<String, double[]> truth = truthRows.get(k);
                long ts = System.nanoTime();
                var joint = q.sampleJoint(truth.get("delta"), draws, srng);
                sampleSecs += (System.nanoTime() - ts) / 1e9 / truths;
                double[][] f = new double[draws][];
                for (int i = 0; i < draws; i++) {
                    f[i] = joint.get(i).get("delta_initial");
                }
                FieldValidation.Report rep = FieldValidation.of(f, truth.get("delta_initial"), grid, dims, box, 0.68);
                if (kk == null) {
                    kk = rep.k();
                    rMean = new double[kk.length];
                    covHit = new double[kk.length];
                    covN = new double[kk.length];
                }
                for (int b = 0; b < kk.length; b++) {
                    rMean[b] += rep.rMean()[b] / truths;
                    covHit[b] += rep.coverage()[b] * rep.components()[b];
                    covN[b] += rep.components()[b];
                }
            }
            double kNyq = Math.PI * grid / box;
            System.out.printf(Locale.ROOT, "fields over %d truths × %d draws (%.1f s per %d draws):%n%8s %8s %8s %6s%n", truths, draws,
                    sampleSecs, draws, "k", "r(mean)", "cover68", "comps");
            double hitAll = 0;
            double nAll = 0;
            StringBuilder rRow = new StringBuilder();
            StringBuilder cRow = new StringBuilder();
            for (int b = 0; b < kk.length; b++) {
                if (kk[b] > kNyq) {
                    continue;
                }
                hitAll += covHit[b];
                nAll += covN[b];
                System.out.printf(Locale.ROOT, "%8.4f %8.3f %8.3f %6d%n", kk[b], rMean[b], covHit[b] / covN[b], (int) covN[b]);
                if (rRow.length() < 60) {
                    rRow.append(String.format(Locale.ROOT, "%.2f ", rMean[b]));
                    cRow.append(String.format(Locale.ROOT, "%.2f ", covHit[b] / covN[b]));
                }
            }

            // θ: width, error of the posterior mean, SBC and TARP over the same pairs (the same draws for both checks)
            String calib = "";
            if (pairs > 0) {
                long tc = System.nanoTime();
                Map<String, double[][]> memo = new HashMap<>();
                Posterior cached = cachedInto(q, memo);
                ValidationResult sbc = new Sbc(pairs, sd).validate(cached, held, srng);
                ValidationResult tarp = new Tarp(pairs, sd).validate(cached, held, srng);
                double[] width = new double[2];
                double[] se = new double[2];
                for (int i = 0; i < pairs; i++) {
                    double[][] d = memo.get(key(held.x(i), sd));
                    double[] s = LptBench.std(d);
                    double[] m = LptBench.mean(d);
                    for (int j = 0; j < 2; j++) {
                        width[j] += s[j] / pairs;
                        se[j] += (m[j] - ht.get(i)[j]) * (m[j] - ht.get(i)[j]) / pairs;
                    }
                }
                System.out.printf(Locale.ROOT, "θ over %d held-out pairs × %d draws (%.0f s): posterior std Ω_m %.4f σ8 %.4f; RMSE of the"
                        + " posterior mean Ω_m %.4f σ8 %.4f (prior std %.4f / %.4f)%n", pairs, sd, (System.nanoTime() - tc) / 1e9, width[0],
                        width[1], Math.sqrt(se[0]), Math.sqrt(se[1]), LptBench.priorStd(sim, 0), LptBench.priorStd(sim, 1));
                for (ValidationResult v : List.of(sbc, tarp)) {
                    System.out.println((v.passed() ? "PASS " : "FAIL ") + v.summary());
                    for (Metric m : v.metrics()) {
                        System.out.printf(Locale.ROOT, "  %s = %.4g%s%n", m.name(), m.value(),
                                Double.isNaN(m.uncertainty()) ? "" : String.format(Locale.ROOT, " ± %.3g", m.uncertainty()));
                    }
                }
                calib = String.format(Locale.ROOT, " | std %.4f/%.4f RMSE %.4f/%.4f | SBC %s p=%.3g | TARP %s %s", width[0], width[1],
                        Math.sqrt(se[0]), Math.sqrt(se[1]), sbc.passed() ? "pass" : "FAIL", metric(sbc, "min_ks_pvalue"),
                        tarp.passed() ? "pass" : "FAIL", tarpFigure(tarp));
            }
            summary.add(String.format(Locale.ROOT, "%-10s | train %.0f s, val %.4f | coverage %.3f | r(mean) %s| cover %s%s", head, trainSecs,
                    lastVal[0], hitAll / nAll, rRow, cRow, calib));
        }
        System.out.println("\nsummary (θ std and RMSE: Ω_m/σ8; r(mean) and coverage of the first shells):");
        summary.forEach(System.out::println);
    }

    private static String key(double[] x, int n) {
        return java.util.Arrays.hashCode(x) + ":" + n;
    }

    private static double metric(ValidationResult v, String name) {
        return v.metrics().stream().filter(m -> m.name().equals(name)).mapToDouble(Metric::value).findFirst().orElse(Double.NaN);
    }

    private static String tarpFigure(ValidationResult v) {
        StringBuilder s = new StringBuilder();
        for (Metric m : v.metrics()) {
            if (m.name().startsWith("max") || m.name().startsWith("atc")) {
                s.append(String.format(Locale.ROOT, "%s=%.3g ", m.name(), m.value()));
            }
        }
        return s.toString().trim();
    }

    /** The posterior with its θ draws remembered per observation in {@code memo} (SBC and TARP see the same draws). */
    private static Posterior cachedInto(Posterior q, Map<String, double[][]> memo) {
        return new Posterior() {
            @Override
            public org.orrery.parameter.ParameterSpace parameters() {
                return q.parameters();
            }

            @Override
            public org.orrery.data.ArraySpec observable() {
                return q.observable();
            }

            @Override
            public double[][] sample(double[] x, int n, UniformRandomProvider rng) {
                return memo.computeIfAbsent(key(x, n), k -> q.sample(x, n, rng));
            }

            @Override
            public double logProb(double[] theta, double[] x) {
                return q.logProb(theta, x);
            }

            @Override
            public void write(java.io.OutputStream out) throws java.io.IOException {
                q.write(out);
            }
        };
    }
}
