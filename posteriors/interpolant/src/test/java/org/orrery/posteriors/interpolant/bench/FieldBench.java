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
import org.orrery.plugin.SettingValues;
import org.orrery.posterior.JointPosterior;
import org.orrery.posteriors.interpolant.internal.FieldBank;
import org.orrery.posteriors.interpolant.internal.InterpolantEstimator;
import org.orrery.simulators.cosmology.internal.LinearField;
import org.orrery.simulators.cosmology.internal.WienerFilter;
import org.orrery.validation.fields.FieldValidation;

/**
 * The field bench of issue 14 at reduced size (not a unit test): the interpolant on the linear
 * Gaussian field problem, then for held-out truths r(k), T(k) and 68 % coverage per k-shell of its
 * draws (validation/fields) beside the same diagnostics of exact Wiener draws at the true A, with
 * training and sampling times. Arguments key=value: grid, dims, n, epochs, channels, draws, truths,
 * steps, seed, noise. Run by bench/interpolant-fields.sh.
 */
public final class FieldBench {

    private FieldBench() {
    }

    public static void main(String[] args) {
        Map<String, String> a = new HashMap<>(Map.of("grid", "32", "dims", "2", "n", "2000", "epochs", "10", "channels", "16,32,32",
                "draws", "64", "truths", "3", "steps", "50", "seed", "1", "noise", "1.0"));
        FieldBench.parseArgs(a, args);
        int grid = Integer.parseInt(a.get("grid"));
        int dims = Integer.parseInt(a.get("dims"));
        int draws = Integer.parseInt(a.get("draws"));
        System.out.println("Interpolant field bench: " + a);
        LinearField sim = new LinearField(SettingValues.resolve(LinearField.PLUGIN_ID, LinearField.declared(),
                Map.of("grid", grid, "dims", dims, "noise", Double.parseDouble(a.get("noise")))));
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(Long.parseLong(a.get("seed")));
        int n = Integer.parseInt(a.get("n"));
        List<double[]> th = new ArrayList<>();
        List<Map<String, double[]>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] t = sim.prior().sample(rng);
            th.add(t);
            rows.add(sim.simulateAll(t, rng));
        }
        SimulationSet bank = FieldBank.of(sim, th, rows);
        Map<String, Object> cfg = new LinkedHashMap<>(Map.of("channels", a.get("channels"), "max_epochs", Integer.parseInt(a.get("epochs")),
                "patience", Integer.parseInt(a.get("epochs")), "sampling_steps", Integer.parseInt(a.get("steps")), "sample_batch", draws));
        long t0 = System.nanoTime();
        JointPosterior q = (JointPosterior) new InterpolantEstimator().train(bank, cfg, rng,
                r -> System.out.printf(Locale.ROOT, "epoch %d train %.4f val %.4f%n", r.epoch(), r.trainLoss(), r.validationLoss()));
        double trainSecs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "trained in %.1f s (%d simulations, U-Net %s)%n", trainSecs, n, a.get("channels"));
        WienerFilter w = sim.wiener();
        double box = 250;
        for (int k = 0; k < Integer.parseInt(a.get("truths")); k++) {
            double amp = sim.prior().sample(rng)[0];
            Map<String, double[]> truth = sim.simulateAll(new double[] {amp}, rng);
            long ts = System.nanoTime();
            var joint = q.sampleJoint(truth.get("delta"), draws, rng);
            double sampleSecs = (System.nanoTime() - ts) / 1e9;
            double[][] f = new double[draws][];
            double aMean = 0;
            for (int i = 0; i < draws; i++) {
                f[i] = joint.get(i).get("delta_initial");
                aMean += joint.get(i).get("theta")[0] / draws;
            }
            // exact Wiener draws at the true A: mean + residuals of independent prior draws
            double[] mean = w.meanField(truth.get("delta"), amp);
            double[][] exact = new double[draws][];
            for (int i = 0; i < draws; i++) {
                Map<String, double[]> o = sim.simulateAll(new double[] {amp}, rng);
                double[] om = w.meanField(o.get("delta"), amp);
                exact[i] = new double[mean.length];
                for (int c = 0; c < mean.length; c++) {
                    exact[i][c] = mean[c] + o.get("delta_initial")[c] - om[c];
                }
            }
            System.out.printf(Locale.ROOT, "%ntruth %d: A = %.3f, draws' mean A = %.3f; %d joint draws in %.1f s%n", k + 1, amp, aMean,
                    draws, sampleSecs);
            System.out.println("interpolant draws:");
            System.out.print(FieldValidation.of(f, truth.get("delta_initial"), grid, dims, box, 0.68).table());
            System.out.println("exact Wiener draws (true A):");
            System.out.print(FieldValidation.of(exact, truth.get("delta_initial"), grid, dims, box, 0.68).table());
        }
    }

    /** Bench arguments {@code key=value} over {@code a}'s defaults; an unknown key is refused, naming the known ones. */
    static void parseArgs(Map<String, String> a, String[] args) {
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1 || !a.containsKey(arg.substring(0, eq))) {
                throw new IllegalArgumentException("bad argument '" + arg + "'; expected key=value with key in " + a.keySet());
            }
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
    }
}
