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
 * P(k) flow gets 10x), {@code patience=10}, {@code channels=8,16} (the plain cnn),
 * {@code arms=cnn,pk}: which estimators to train, in order, from
 * <ul>
 * <li>{@code cnn}: the plain cnn embedding (defaults: mean pooling, per-voxel z-scoring);</li>
 * <li>{@code power}: {@code embedding_pool=power, embedding_input=global} with {@code powerchannels=8,16,32}:
 *     a strided first conv and log mean-square pooled features (learned band powers), δ/σ input;</li>
 * <li>{@code hybrid}: {@code power} plus {@code embedding_power_bins=bins} (default: every shell of the grid),
 *     the field's log power spectrum computed inside the embedding appended to the learned summaries;</li>
 * <li>{@code pk}: the plain flow on log P(k).</li>
 * </ul>
 * Every arm sees the same simulations and held-out set (seeded per simulation), so arms run in separate
 * processes (to use more than one core) fill one table. {@code parallel=true} trains the arms at once, one
 * thread each (each arm is single-threaded, its seeds fixed by its name; only one arm may be a cnn arm, since
 * DJL allows one gradient collector at a time per JVM: run cnn arms in separate processes); {@code threads=1} simulates on that
 * many threads (per-simulation seeds: the same fields); {@code cnnepochs} (0: {@code epochs}) caps the plain
 * cnn's epochs alone, since its full-resolution stem costs ≈ 8× the others at 32³.
 */
public final class LptFieldVsPkBench {

    private LptFieldVsPkBench() {
    }

    public static void main(String[] args) {
        Map<String, String> a = new HashMap<>(Map.of("grid", "32", "train", "2000", "heldout", "100", "samples", "200",
                "seed", "1", "epochs", "40", "channels", "8,16", "patience", "10"));
        a.put("arms", "cnn,pk");
        a.put("powerchannels", "8,16,32");
        a.put("bins", "0");
        a.put("cnnepochs", "0");
        a.put("parallel", "false");
        a.put("threads", "1");
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
        int simThreads = Integer.parseInt(a.get("threads"));
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        Runnable simulate = () -> {
            LptSimulator own = new LptSimulator(Map.of("grid", grid)); // one simulator per thread; per-simulation seeds
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                UniformRandomProvider r = RandomStreams.forSimulation(seed, i);
                th[i] = own.prior().sample(r);
                fields[i] = own.simulate(th[i], r);
                PowerSpectrum.Result p = PowerSpectrum.ofField(fields[i], grid, 3, box, 2, 1);
                pk[i] = new double[p.p0().length];
                for (int b = 0; b < pk[i].length; b++) {
                    pk[i][b] = Math.log(p.p0()[b]);
                }
            }
        };
        runAll(simThreads, k -> simulate.run());
        double[] kCentres = PowerSpectrum.ofField(fields[0], grid, 3, box, 2, 1).k();
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
        Map<String, Object> power = new LinkedHashMap<>(cnn);
        if (Integer.parseInt(a.get("cnnepochs")) > 0) {
            cnn.put("max_epochs", Integer.parseInt(a.get("cnnepochs")));
        }
        power.put("embedding_channels", a.get("powerchannels"));
        power.put("embedding_pool", "power");
        power.put("embedding_input", "global");
        Map<String, Object> hybrid = new LinkedHashMap<>(power);
        int bins = Integer.parseInt(a.get("bins"));
        hybrid.put("embedding_power_bins", bins > 0 ? bins : (int) Math.floor(grid / 2 * Math.sqrt(3)));
        Map<String, Object> flat = new LinkedHashMap<>(Map.of("max_epochs", 10 * Integer.parseInt(a.get("epochs")), "patience", 20,
                "hidden", 50));
        Map<String, Object[]> all = new LinkedHashMap<>();
        all.put("cnn", new Object[] {"field (cnn, plain)", cnn, new Tasks.Bank[] {fieldTrain, fieldHeld}});
        all.put("power", new Object[] {"field (cnn, power pooling, δ/σ)", power, new Tasks.Bank[] {fieldTrain, fieldHeld}});
        all.put("hybrid", new Object[] {"field (cnn power + its own P(k), hybrid)", hybrid, new Tasks.Bank[] {fieldTrain, fieldHeld}});
        all.put("pk", new Object[] {"P(k)", flat, new Tasks.Bank[] {pkTrain, pkHeld}});
        String[] arms = a.get("arms").split(",");
        for (int m = 0; m < arms.length; m++) {
            arms[m] = arms[m].trim();
        }
        if (Boolean.parseBoolean(a.get("parallel"))
                && java.util.Arrays.stream(arms).filter(x -> !x.equals("pk")).count() > 1) {
            throw new IllegalArgumentException("parallel=true takes at most one cnn arm (DJL: one gradient collector per JVM); got "
                    + a.get("arms") + ": run cnn arms in separate processes");
        }
        String[] rows = new String[arms.length];
        Map<String, Object>[] configs = new Map[arms.length];
        Tasks.Bank[][] banks = new Tasks.Bank[arms.length][];
        for (int m = 0; m < arms.length; m++) {
            Object[] arm = all.get(arms[m].trim());
            if (arm == null) {
                throw new IllegalArgumentException("unknown arm '" + arms[m] + "'; expected some of " + all.keySet());
            }
            rows[m] = (String) arm[0];
            configs[m] = (Map<String, Object>) arm[1];
            banks[m] = (Tasks.Bank[]) arm[2];
            System.out.println(arms[m].trim() + " options: " + configs[m]);
        }
        String[] out = new String[arms.length];
        java.util.function.IntConsumer runArm = m -> {
            long s0 = System.nanoTime();
            String label = rows[m];
            // each arm's own seeds, whatever the order or process it runs in (cnn 0 and pk 1 as before arms existed)
            int id = java.util.List.of("cnn", "pk", "power", "hybrid").indexOf(arms[m].trim());
            int[] epochs = {0, 0};
            double[] best = {Double.POSITIVE_INFINITY};
            org.orrery.posterior.TrainingListener count = r -> {
                System.out.printf(Locale.ROOT, "  %s epoch %d: train %.4f, validation %.4f, %.0f s%n", label, r.epoch(),
                        r.trainLoss(), r.validationLoss(), (System.nanoTime() - s0) / 1e9);
                epochs[0] = r.epoch();
                if (r.validationLoss() < best[0]) {
                    best[0] = r.validationLoss();
                    epochs[1] = r.epoch();
                }
            };
            Posterior post = new MafEstimator().train(banks[m][0], new HashMap<>(configs[m]),
                    RandomStreams.forSimulation(seed + 100 + id, 0), count);
            System.out.printf(Locale.ROOT, "%s: %d epochs, best validation loss %.4f at epoch %d%n", rows[m], epochs[0], best[0],
                    epochs[1]);
            double trainS = (System.nanoTime() - s0) / 1e9;
            double[] meanStd = new double[space.dimension()];
            UniformRandomProvider sr = RandomStreams.forSimulation(seed + 200 + id, 0);
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
            ValidationResult sbc = new Sbc(nHeld, samples).validate(post, banks[m][1], RandomStreams.forSimulation(seed + 300 + id, 0));
            ValidationResult tarp = new Tarp(nHeld, samples).validate(post, banks[m][1], RandomStreams.forSimulation(seed + 400 + id, 0));
            out[m] = String.format(Locale.ROOT, "| %s | %.4f | %.4f | %s: %s | %s: %s | %.0f s |", rows[m], meanStd[0], meanStd[1],
                    sbc.passed() ? "pass" : "FAIL", sbc.summary(), tarp.passed() ? "pass" : "FAIL", tarp.summary(), trainS);
            System.out.println("RESULT " + out[m]);
        };
        runAll(Boolean.parseBoolean(a.get("parallel")) ? arms.length : 1, k -> {
            if (Boolean.parseBoolean(a.get("parallel"))) {
                runArm.accept(k);
            } else {
                for (int m = 0; m < arms.length; m++) {
                    runArm.accept(m);
                }
            }
        });
        System.out.printf(Locale.ROOT, "%n| NPE on | mean posterior std %s | mean posterior std %s | SBC (%d held-out) | TARP | training |%n",
                space.get(0).name(), space.get(1).name(), nHeld);
        System.out.println("|---|---|---|---|---|---|");
        for (String s : out) {
            System.out.println(s == null ? "| (arm failed, see above) |" : s);
        }
        System.out.printf(Locale.ROOT, "prior std: %s %.4f, %s %.4f (uniform)%n", space.get(0).name(),
                (space.get(0).upper() - space.get(0).lower()) / Math.sqrt(12), space.get(1).name(),
                (space.get(1).upper() - space.get(1).lower()) / Math.sqrt(12));
    }

    /** Runs task(k) for k = 0..threads-1, each on its own thread (the caller's when threads is 1); a failure is printed. */
    private static void runAll(int threads, java.util.function.IntConsumer task) {
        Thread[] ts = new Thread[threads];
        for (int k = 0; k < threads; k++) {
            int id = k;
            ts[k] = new Thread(() -> {
                try {
                    task.accept(id);
                } catch (RuntimeException e) {
                    System.out.println("FAILED in thread " + id + ": " + e);
                    e.printStackTrace(System.out);
                }
            }, "bench-" + k);
            ts[k].start();
        }
        for (Thread t : ts) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
