package org.orrery.posteriors.maf.bench;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.posterior.Posterior;
import org.orrery.simulator.Simulator;
import org.orrery.simulators.benchmarks.internal.Slcp;

/**
 * A cheap accuracy proxy for screening MAF options (not a unit test): trains on the same seeded
 * training set as {@link MafAccuracyBench} and reports the mean held-out −log q(θ | x) over fresh
 * (θ, x) pairs from the prior and simulator. Its expectation is E_x KL(p(θ|x) ‖ q(θ|x)) plus a
 * constant that does not depend on q, so lower is better and differences between options are
 * differences in expected KL. The test pairs depend on task and seed only (same for all options).
 *
 * <p>Arguments, as key=value: {@code task=slcp}, {@code size=10000}, {@code tests=5000},
 * {@code seed=1}, {@code rep=0} (another training seed, same training set), {@code config=hidden:100,...},
 * {@code obs=0} (slcp only: per-observation diagnostics on the first {@code obs} observations of
 * MafAccuracyBench — importance-sampling ESS against the exact likelihood, and median/IQR of θ₁, θ₂,
 * |θ₃|, |θ₄|, θ₅ for the flow and the reference samples).
 */
public final class MafHeldOutBench {

    private MafHeldOutBench() {
    }

    public static void main(String[] args) {
        Map<String, String> a = new HashMap<>(Map.of("task", "slcp", "size", "10000", "tests", "5000", "seed", "1",
                "rep", "0", "config", "", "obs", "0", "estimator", "maf"));
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1 || !a.containsKey(arg.substring(0, eq))) {
                throw new IllegalArgumentException("bad argument '" + arg + "'; expected key=value with key in " + a.keySet());
            }
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        String task = a.get("task");
        int size = Integer.parseInt(a.get("size"));
        int tests = Integer.parseInt(a.get("tests"));
        long seed = Long.parseLong(a.get("seed"));
        int rep = Integer.parseInt(a.get("rep"));
        Map<String, Object> config = new LinkedHashMap<>();
        if (!a.get("config").isBlank()) {
            for (String kv : a.get("config").split(",")) {
                String[] p = kv.split(":", 2);
                config.put(p[0].trim(), p[1].trim());
            }
        }
        Simulator sim = MafAccuracyBench.simulator(task);
        // Same training set and training seed as MafAccuracyBench (rep=0).
        MafAccuracyBench.Trained trained = MafAccuracyBench.train(MafAccuracyBench.trainingSet(sim, task, size, seed), a.get("estimator"), config,
                rng(seed, task, "train-" + size + (rep == 0 ? "" : "-rep" + rep)));
        Posterior post = trained.posterior();
        int[] epochs = {trained.epochs(), trained.bestEpoch()};
        double trainSecs = trained.seconds();
        UniformRandomProvider testRng = rng(seed, task, "held-out-test");
        double sum = 0;
        double sum2 = 0;
        for (int t = 0; t < tests; t++) {
            double[] theta = sim.prior().sample(testRng);
            double[] x = sim.simulate(theta, testRng);
            double nlq = -post.logProb(theta, x);
            sum += nlq;
            sum2 += nlq * nlq;
        }
        double mean = sum / tests;
        double se = Math.sqrt((sum2 / tests - mean * mean) / tests);
        System.out.printf(Locale.ROOT, "RESULT estimator=%s task=%s size=%d seed=%d rep=%d config=%s | held-out -log q %.4f (se %.4f, %d pairs)"
                + " | train %.1f s, %d epochs (best %d), %.2f s/epoch%n",
                a.get("estimator"), task, size, seed, rep, config.isEmpty() ? "defaults" : config,
                mean, se, tests, trainSecs, epochs[0], epochs[1], trainSecs / Math.max(1, epochs[0]));
        int nObs = Integer.parseInt(a.get("obs"));
        if (nObs > 0 && sim instanceof Slcp) {
            slcpDiagnostics(sim, post, size, seed, nObs);
        }
    }

    /**
     * Reference-free check on MafAccuracyBench's slcp observations: the flow's own samples (same
     * seeds as that bench) importance-weighted to the exact posterior, w ∝ p(x|θ)/q(θ|x) (uniform
     * prior, samples inside the box). ESS/n = 1 for a perfect flow; also E[log p(x|θ)] under the
     * flow and under the reference MCMC samples.
     */
    private static void slcpDiagnostics(Simulator sim, Posterior post, int size, long seed, int nObs) {
        String task = "slcp";
        var ref = (org.orrery.simulator.ReferencePosterior) sim;
        UniformRandomProvider obsRng = rng(seed, task, "observations");
        int n = 10_000;
        double essSum = 0;
        for (int o = 0; o < nObs; o++) {
            double[] theta = sim.prior().sample(obsRng);
            double[] x = sim.simulate(theta, obsRng);
            double[][] q = post.sample(x, n, rng(seed, task, "posterior-" + size + "-" + o));
            double[][] r = ref.sampleReferencePosterior(x, n, rng(seed, task, "reference-" + o));
            double[] lq = post.logProb(q, x);
            double[] lw = new double[n];
            double max = Double.NEGATIVE_INFINITY;
            double llq = 0;
            double llr = 0;
            for (int i = 0; i < n; i++) {
                double ll = slcpLogLik(q[i], x);
                llq += ll / n;
                llr += slcpLogLik(r[i], x) / n;
                lw[i] = ll - lq[i];
                max = Math.max(max, lw[i]);
            }
            double s1 = 0;
            double s2 = 0;
            for (int i = 0; i < n; i++) {
                double w = Math.exp(lw[i] - max);
                s1 += w;
                s2 += w * w;
            }
            double ess = s1 * s1 / s2 / n;
            essSum += ess;
            System.out.printf(Locale.ROOT, "DIAG obs %2d: ESS/n %.3f | E log p(x|th): flow %.3f, reference %.3f%n", o + 1, ess, llq, llr);
            System.out.printf(Locale.ROOT, "DIAG obs %2d: median|IQR  flow %s%n", o + 1, quant(q));
            System.out.printf(Locale.ROOT, "DIAG obs %2d: median|IQR  ref  %s%n", o + 1, quant(r));
        }
        System.out.printf(Locale.ROOT, "DIAG mean ESS/n over %d observations: %.3f%n", nObs, essSum / nObs);
    }

    /** Median and interquartile range of θ1, θ2, |θ3|, |θ4|, θ5. */
    private static String quant(double[][] s) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < 5; j++) {
            final int jj = j;
            double[] v = java.util.Arrays.stream(s).mapToDouble(t -> jj == 2 || jj == 3 ? Math.abs(t[jj]) : t[jj]).sorted().toArray();
            int n = v.length;
            sb.append(String.format(Locale.ROOT, " %8.4f|%7.4f", v[n / 2], v[3 * n / 4] - v[n / 4]));
        }
        return sb.toString();
    }

    /** slcp log p(x | θ): four draws from N(m, Σ) (DESIGN §8). */
    static double slcpLogLik(double[] t, double[] x) {
        double s1 = t[2] * t[2];
        double s2 = t[3] * t[3];
        double rho = Math.tanh(t[4]);
        double a = s1 * s1 + 1e-6;
        double b = rho * s1 * s2;
        double c = s2 * s2 + 1e-6;
        double ch = Math.cosh(t[4]);
        double det = s1 * s1 * s2 * s2 / (ch * ch) + 1e-6 * (s1 * s1 + s2 * s2) + 1e-12; // as Slcp.covariance
        double qf = 0;
        for (int j = 0; j < 4; j++) {
            double u = x[2 * j] - t[0];
            double v = x[2 * j + 1] - t[1];
            qf += (c * u * u - 2 * b * u * v + a * v * v) / det;
        }
        return -0.5 * qf - 4 * (Math.log(2 * Math.PI) + 0.5 * Math.log(det));
    }

    private static UniformRandomProvider rng(long seed, String task, String purpose) {
        return MafAccuracyBench.rng(seed, task, purpose);
    }
}
