package org.orrery.posteriors.maf.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.ArraySpec;
import org.orrery.posterior.Posterior;
import org.orrery.posteriors.maf.internal.MafEstimator;
import org.orrery.posteriors.maf.internal.Tasks;
import org.orrery.random.RandomStreams;
import org.orrery.simulators.cosmology.internal.LptSimulator;
import org.orrery.validation.ValidationResult;
import org.orrery.validation.calibration.internal.Sbc;
import org.orrery.validation.calibration.internal.Tarp;
import org.orrery.validation.clustering.internal.PowerSpectrum;

/**
 * The field-level result (issue 13; not a unit test): NPE with a cnn embedding on lpt density fields
 * against NPE on the binned P(k) of the same fields (PowerSpectrum.ofField, the power_spectrum
 * statistic's estimator; log P₀ in each bin as the summary; real-space fields, so the multipole axis does not matter), same training simulations, same held-out
 * set. Reports per parameter the mean posterior standard deviation over the held-out observations,
 * and SBC and TARP on the held-out set for both. Run through bench/lpt-field-vs-pk.sh.
 *
 * <p>Arguments as key=value: {@code grid=32} (cells per side, 3-D), {@code train=2000},
 * {@code heldout=100}, {@code samples=200}, {@code seed=1}, {@code epochs=40} (the cnn's max_epochs; the
 * P(k) flow gets 10x), {@code patience=10}, {@code channels=8,16}.
 */
public final class LptFieldVsPkBench {

    private LptFieldVsPkBench() {
    }

    public static void main(String[] args) {
        Map<String, String> a = new HashMap<>(Map.of("grid", "32", "train", "2000", "heldout", "100", "samples", "200",
                "seed", "1", "epochs", "40", "channels", "8,16", "patience", "10"));
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1 || !a.containsKey(arg.substring(0, eq))) {
                throw new IllegalArgumentException("bad argument '" + arg + "'; expected key=value with key in " + a.keySet());
            }
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        int grid = Integer.parseInt(a.get("grid"));
        int nTrain = Integer.parseInt(a.get("train"));
        int nHeld = Integer.parseInt(a.get("heldout"));
        int samples = Integer.parseInt(a.get("samples"));
        long seed = Long.parseLong(a.get("seed"));
        LptSimulator sim = new LptSimulator(Map.of("grid", grid));
        double box = sim.current().boxLength();
        System.out.printf(Locale.ROOT, "lpt field vs P(k) bench: %d^3 cells, L = %.0f Mpc/h, z = %.2f, %d training + %d held-out "
                + "simulations, %d posterior samples each, seed %d; java %s, %d processors%n", grid, box, sim.current().redshift(),
                nTrain, nHeld, samples, seed, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        long t0 = System.nanoTime();
        int n = nTrain + nHeld;
        double[][] th = new double[n][];
        double[][] fields = new double[n][];
        double[][] pk = new double[n][];
        double[] kCentres = null;
        for (int i = 0; i < n; i++) {
            UniformRandomProvider r = RandomStreams.forSimulation(seed, i);
            th[i] = sim.prior().sample(r);
            fields[i] = sim.simulate(th[i], r);
            PowerSpectrum.Result p = PowerSpectrum.ofField(fields[i], grid, 3, box, 2, 1);
            kCentres = p.k();
            pk[i] = new double[p.p0().length];
            for (int b = 0; b < pk[i].length; b++) {
                pk[i][b] = Math.log(p.p0()[b]);
            }
        }
        System.out.printf(Locale.ROOT, "simulated and measured P(k) in %.1f s; %d k bins from %.3f to %.3f h/Mpc%n",
                (System.nanoTime() - t0) / 1e9, kCentres.length, kCentres[0], kCentres[kCentres.length - 1]);
        var space = sim.prior().space();
        ArraySpec fieldSpec = new ArraySpec("delta", new int[] {grid, grid, grid}, "", ArraySpec.Kind.GRID);
        ArraySpec pkSpec = new ArraySpec("log_pk", new int[] {pk[0].length}, "", ArraySpec.Kind.VECTOR);
        var fieldTrain = new Tasks.Bank(space, fieldSpec, Arrays.copyOf(th, nTrain), Arrays.copyOf(fields, nTrain));
        var fieldHeld = new Tasks.Bank(space, fieldSpec, Arrays.copyOfRange(th, nTrain, n), Arrays.copyOfRange(fields, nTrain, n));
        var pkTrain = new Tasks.Bank(space, pkSpec, Arrays.copyOf(th, nTrain), Arrays.copyOf(pk, nTrain));
        var pkHeld = new Tasks.Bank(space, pkSpec, Arrays.copyOfRange(th, nTrain, n), Arrays.copyOfRange(pk, nTrain, n));

        Map<String, Object> cnn = new LinkedHashMap<>(Map.of("embedding", "cnn", "embedding_channels", a.get("channels"),
                "embedding_summaries", 8, "embedding_hidden", 64, "embedding_periodic", false, "embedding_augment", true,
                "max_epochs", Integer.parseInt(a.get("epochs")), "patience", Integer.parseInt(a.get("patience")), "batch_size", 64,
                "learning_rate", 1e-3));
        cnn.put("hidden", 50);
        Map<String, Object> flat = new LinkedHashMap<>(Map.of("max_epochs", 10 * Integer.parseInt(a.get("epochs")), "patience", 20,
                "hidden", 50));
        String[] rows = {"field (cnn)", "P(k)"};
        Map<String, Object>[] configs = new Map[] {cnn, flat};
        Tasks.Bank[][] banks = {{fieldTrain, fieldHeld}, {pkTrain, pkHeld}};
        String[] out = new String[2];
        for (int m = 0; m < 2; m++) {
            long s0 = System.nanoTime();
            int[] epochs = {0, 0};
            double[] best = {Double.POSITIVE_INFINITY};
            org.orrery.posterior.TrainingListener count = r -> {
                epochs[0] = r.epoch();
                if (r.validationLoss() < best[0]) {
                    best[0] = r.validationLoss();
                    epochs[1] = r.epoch();
                }
            };
            Posterior post = new MafEstimator().train(banks[m][0], new HashMap<>(configs[m]),
                    RandomStreams.forSimulation(seed + 100 + m, 0), count);
            System.out.printf(Locale.ROOT, "%s: %d epochs, best validation loss %.4f at epoch %d%n", rows[m], epochs[0], best[0],
                    epochs[1]);
            double trainS = (System.nanoTime() - s0) / 1e9;
            double[] meanStd = new double[space.dimension()];
            UniformRandomProvider sr = RandomStreams.forSimulation(seed + 200 + m, 0);
            for (int i = 0; i < nHeld; i++) {
                double[][] q = post.sample(banks[m][1].x(i), samples, sr);
                for (int j = 0; j < meanStd.length; j++) {
                    double mu = 0;
                    double sq = 0;
                    for (double[] row : q) {
                        mu += row[j];
                    }
                    mu /= q.length;
                    for (double[] row : q) {
                        sq += (row[j] - mu) * (row[j] - mu);
                    }
                    meanStd[j] += Math.sqrt(sq / (q.length - 1)) / nHeld;
                }
            }
            ValidationResult sbc = new Sbc(nHeld, samples).validate(post, banks[m][1], RandomStreams.forSimulation(seed + 300 + m, 0));
            ValidationResult tarp = new Tarp(nHeld, samples).validate(post, banks[m][1], RandomStreams.forSimulation(seed + 400 + m, 0));
            out[m] = String.format(Locale.ROOT, "| %s | %.4f | %.4f | %s: %s | %s: %s | %.0f s |", rows[m], meanStd[0], meanStd[1],
                    sbc.passed() ? "pass" : "FAIL", sbc.summary(), tarp.passed() ? "pass" : "FAIL", tarp.summary(), trainS);
            System.out.println("RESULT " + out[m]);
        }
        System.out.printf(Locale.ROOT, "%n| NPE on | mean posterior std %s | mean posterior std %s | SBC (%d held-out) | TARP | training |%n",
                space.get(0).name(), space.get(1).name(), nHeld);
        System.out.println("|---|---|---|---|---|---|");
        for (String s : out) {
            System.out.println(s);
        }
        System.out.printf(Locale.ROOT, "prior std: %s %.4f, %s %.4f (uniform)%n", space.get(0).name(),
                (space.get(0).upper() - space.get(0).lower()) / Math.sqrt(12), space.get(1).name(),
                (space.get(1).upper() - space.get(1).lower()) / Math.sqrt(12));
    }
}
