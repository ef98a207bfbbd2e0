package org.orrery.posteriors.interpolant.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.orrery.data.SimulationSet;
import org.orrery.posterior.Posterior;
import org.orrery.posterior.PosteriorEstimator;
import org.orrery.posteriors.interpolant.internal.FmpeEstimator;
import org.orrery.posteriors.interpolant.internal.FmpeSamplers;
import org.orrery.posteriors.interpolant.internal.VectorBank;
import org.orrery.posteriors.maf.internal.MafEstimator;
import org.orrery.posteriors.maf.internal.NsfEstimator;
import org.orrery.simulator.ReferencePosterior;
import org.orrery.simulator.Simulator;
import org.orrery.simulators.benchmarks.internal.GaussianLinear;
import org.orrery.simulators.benchmarks.internal.Slcp;
import org.orrery.simulators.benchmarks.internal.TwoMoons;
import org.orrery.validation.calibration.internal.C2st;

/**
 * C2ST of fmpe beside maf and nsf on sbibm tasks (issue 14; not a unit test), all three in one run on
 * the same training sets, observations and reference samples (those of posteriors/maf's
 * MafAccuracyBench for the same seed: the same seeded streams), each estimator with its defaults.
 * Arguments as key=value: tasks, sizes, obs, samples, seed, estimators (default fmpe,maf,nsf),
 * config=key:value,... (fmpe settings only), samplers=variant;variant;... where a variant is key:value+key:value of
 * fmpe sampler settings (e.g. ode_solver:midpoint+sampling_steps:100;ode_solver:dopri5): the one trained fmpe
 * posterior is measured again with each (the same draws' seeds), a diagnosis of ODE error without retraining.
 * Run by bench/fmpe-accuracy.sh.
 */
public final class FmpeAccuracyBench {

    private FmpeAccuracyBench() {
    }

    public static void main(String[] args) {
        Map<String, String> a = new HashMap<>(Map.of("tasks", "two_moons,gaussian_linear,slcp", "sizes", "10000", "obs", "10",
                "samples", "10000", "seed", "1", "config", "", "estimators", "fmpe,maf,nsf", "samplers", ""));
        FieldBench.parseArgs(a, args);
        int nObs = Integer.parseInt(a.get("obs"));
        int nSamples = Integer.parseInt(a.get("samples"));
        long seed = Long.parseLong(a.get("seed"));
        Map<String, Object> config = new LinkedHashMap<>();
        if (!a.get("config").isBlank()) {
            for (String kv : a.get("config").split(",")) {
                String[] p = kv.split(":", 2);
                config.put(p[0].trim(), p[1].trim());
            }
        }
        System.out.printf(Locale.ROOT, "FMPE accuracy bench: estimators=%s tasks=%s sizes=%s observations=%d samples=%d seed=%d "
                + "fmpe config=%s%n", a.get("estimators"), a.get("tasks"), a.get("sizes"), nObs, nSamples, seed,
                config.isEmpty() ? "defaults" : config);
        List<String> table = new ArrayList<>();
        for (String task : a.get("tasks").split(",")) {
            Simulator sim = simulator(task);
            ReferencePosterior ref = (ReferencePosterior) sim;
            UniformRandomProvider obsRng = rng(seed, task, "observations");
            double[][] xObs = new double[nObs][];
            double[][][] refSamples = new double[nObs][][];
            for (int o = 0; o < nObs; o++) {
                double[] theta = sim.prior().sample(obsRng);
                xObs[o] = sim.simulate(theta, obsRng);
                refSamples[o] = ref.sampleReferencePosterior(xObs[o], nSamples, rng(seed, task, "reference-" + o));
            }
            for (String sz : a.get("sizes").split(",")) {
                int size = Integer.parseInt(sz);
                SimulationSet bank = trainingSet(sim, task, size, seed);
                for (String estimator : a.get("estimators").split(",")) {
                    PosteriorEstimator est = switch (estimator) {
                        case "fmpe" -> new FmpeEstimator();
                        case "maf" -> new MafEstimator();
                        case "nsf" -> new NsfEstimator();
                        default -> throw new IllegalArgumentException("unknown estimator '" + estimator + "'; known: fmpe, maf, nsf");
                    };
                    int[] epochs = new int[1];
                    long t0 = System.nanoTime();
                    Posterior post = est.train(bank, estimator.equals("fmpe") ? config : Map.of(), rng(seed, task, "train-" + size),
                            r -> epochs[0] = r.epoch());
                    double trainSecs = (System.nanoTime() - t0) / 1e9;
                    System.out.printf(Locale.ROOT, "%s %s n=%d: trained in %.1f s, %d epochs%n", estimator, task, size, trainSecs,
                            epochs[0]);
                    double[] c = new double[nObs];
                    double sampleSecs = 0;
                    for (int o = 0; o < nObs; o++) {
                        long ts = System.nanoTime();
                        double[][] q = post.sample(xObs[o], nSamples, rng(seed, task, "posterior-" + size + "-" + o));
                        sampleSecs += (System.nanoTime() - ts) / 1e9;
                        c[o] = C2st.accuracy(refSamples[o], q, seed + o);
                        System.out.printf(Locale.ROOT, "%s %s n=%d obs %2d: C2ST %.4f%s%n", estimator, task, size, o + 1, c[o],
                                estimator.equals("fmpe")
                                        ? " (" + FmpeSamplers.lastEvaluations(post) + " velocity evaluations in the last batch)" : "");
                    }
                    if (estimator.equals("fmpe") && !a.get("samplers").isBlank()) {
                        for (String variant : a.get("samplers").split(";")) {
                            Map<String, Object> sv = new LinkedHashMap<>();
                            for (String kv : variant.split("\\+")) {
                                String[] p = kv.split(":", 2);
                                sv.put(p[0].trim(), p[1].trim());
                            }
                            Posterior pv = FmpeSamplers.with(post, sv);
                            double[] cv = new double[nObs];
                            double secs = 0;
                            for (int o = 0; o < nObs; o++) {
                                long ts = System.nanoTime();
                                double[][] q = pv.sample(xObs[o], nSamples, rng(seed, task, "posterior-" + size + "-" + o));
                                secs += (System.nanoTime() - ts) / 1e9;
                                cv[o] = C2st.accuracy(refSamples[o], q, seed + o);
                                System.out.printf(Locale.ROOT, "fmpe[%s] %s n=%d obs %2d: C2ST %.4f (%d velocity evaluations in the "
                                        + "last batch)%n", variant, task, size, o + 1, cv[o], FmpeSamplers.lastEvaluations(pv));
                            }
                            double mv = Arrays.stream(cv).average().orElse(Double.NaN);
                            table.add(String.format(Locale.ROOT, "fmpe[%s] %s %d | mean %.3f | per observation %s | sample s %.1f", variant,
                                    task, size, mv, Arrays.toString(Arrays.stream(cv).map(z -> Math.round(z * 1000) / 1000.0).toArray()),
                                    secs));
                        }
                    }
                    double mean = Arrays.stream(c).average().orElse(Double.NaN);
                    double sd = Math.sqrt(Arrays.stream(c).map(v -> (v - mean) * (v - mean)).sum() / Math.max(1, nObs - 1));
                    table.add(String.format(Locale.ROOT, "%-5s %-16s %6d | %6.3f %6.3f %6.3f %6.3f | %8.1f %7d | %8.1f", estimator, task,
                            size, mean, sd, Arrays.stream(c).min().orElse(Double.NaN), Arrays.stream(c).max().orElse(Double.NaN),
                            trainSecs, epochs[0], sampleSecs));
                }
            }
        }
        System.out.println();
        System.out.printf("C2ST against reference posteriors, %d observations, %d samples each (one run, same data)%n", nObs, nSamples);
        System.out.printf("%-5s %-16s %6s | %6s %6s %6s %6s | %8s %7s | %8s%n", "est", "task", "n", "mean", "std", "min", "max",
                "train s", "epochs", "sample s");
        table.forEach(System.out::println);
    }

    /** As MafAccuracyBench.trainingSet: the same seeded stream, so the same simulations. */
    static SimulationSet trainingSet(Simulator sim, String task, int size, long seed) {
        UniformRandomProvider simRng = rng(seed, task, "training-" + size);
        double[][] th = new double[size][];
        double[][] xs = new double[size][];
        for (int i = 0; i < size; i++) {
            th[i] = sim.prior().sample(simRng);
            xs[i] = sim.simulate(th[i], simRng);
        }
        return new VectorBank(sim.parameters(), sim.observable(), th, xs);
    }

    static Simulator simulator(String task) {
        return switch (task) {
            case "two_moons" -> new TwoMoons();
            case "gaussian_linear" -> new GaussianLinear();
            case "slcp" -> new Slcp();
            default -> throw new IllegalArgumentException("unknown task '" + task + "'; known: two_moons, gaussian_linear, slcp");
        };
    }

    /** As MafAccuracyBench.rng: an independent stream per (seed, task, purpose). */
    static UniformRandomProvider rng(long seed, String task, String purpose) {
        long mixed = RandomSource.SPLIT_MIX_64.create(seed * 0x9E3779B97F4A7C15L + (task + "/" + purpose).hashCode()).nextLong();
        return RandomSource.XO_RO_SHI_RO_128_PP.create(mixed);
    }
}
