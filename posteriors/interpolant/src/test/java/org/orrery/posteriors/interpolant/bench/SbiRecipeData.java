package org.orrery.posteriors.interpolant.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.SimulationSet;
import org.orrery.simulator.ReferencePosterior;
import org.orrery.simulator.Simulator;
import org.orrery.validation.calibration.internal.C2st;

/**
 * The data side of bench/fmpe-sbi-recipe.sh (not a unit test). {@code export DIR task size obs samples seed}
 * writes the training set, observations and reference samples that FmpeAccuracyBench uses for the same
 * arguments (the same seeded streams) as CSV files; {@code c2st DIR obs seed} reads the samples another
 * program wrote (q_K.csv) and prints their C2ST against the reference with FmpeAccuracyBench's seeds.
 */
public final class SbiRecipeData {

    private SbiRecipeData() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[1]);
        if (args[0].equals("export")) {
            String task = args[2];
            int size = Integer.parseInt(args[3]);
            int nObs = Integer.parseInt(args[4]);
            int nSamples = Integer.parseInt(args[5]);
            long seed = Long.parseLong(args[6]);
            Files.createDirectories(dir);
            Simulator sim = FmpeAccuracyBench.simulator(task);
            UniformRandomProvider obsRng = FmpeAccuracyBench.rng(seed, task, "observations");
            double[][] xObs = new double[nObs][];
            for (int o = 0; o < nObs; o++) {
                double[] theta = sim.prior().sample(obsRng);
                xObs[o] = sim.simulate(theta, obsRng);
                write(dir.resolve("ref_" + o + ".csv"), ((ReferencePosterior) sim).sampleReferencePosterior(xObs[o], nSamples,
                        FmpeAccuracyBench.rng(seed, task, "reference-" + o)));
            }
            write(dir.resolve("obs.csv"), xObs);
            SimulationSet bank = FmpeAccuracyBench.trainingSet(sim, task, size, seed);
            double[][] th = new double[size][];
            double[][] xs = new double[size][];
            for (int i = 0; i < size; i++) {
                th[i] = bank.theta(i);
                xs[i] = bank.x(i);
            }
            write(dir.resolve("train_theta.csv"), th);
            write(dir.resolve("train_x.csv"), xs);
            double[] lo = new double[sim.parameters().dimension()];
            double[] hi = new double[lo.length];
            for (int j = 0; j < lo.length; j++) {
                lo[j] = sim.parameters().parameters().get(j).lower();
                hi[j] = sim.parameters().parameters().get(j).upper();
            }
            write(dir.resolve("box.csv"), new double[][] {lo, hi});
        } else {
            int nObs = Integer.parseInt(args[2]);
            long seed = Long.parseLong(args[3]);
            double sum = 0;
            for (int o = 0; o < nObs; o++) {
                double c = C2st.accuracy(read(dir.resolve("ref_" + o + ".csv")), read(dir.resolve("q_" + o + ".csv")), seed + o);
                sum += c;
                System.out.printf(Locale.ROOT, "obs %2d: C2ST %.4f%n", o + 1, c);
            }
            System.out.printf(Locale.ROOT, "mean C2ST %.3f over %d observations%n", sum / nObs, nObs);
        }
    }

    static void write(Path p, double[][] rows) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(p))) {
            for (double[] r : rows) {
                StringBuilder b = new StringBuilder();
                for (int j = 0; j < r.length; j++) {
                    b.append(j == 0 ? "" : ",").append(r[j]);
                }
                w.println(b);
            }
        }
    }

    static double[][] read(Path p) throws IOException {
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(p)) {
            if (!line.isBlank()) {
                String[] f = line.split(",");
                double[] r = new double[f.length];
                for (int j = 0; j < f.length; j++) {
                    r[j] = Double.parseDouble(f[j]);
                }
                rows.add(r);
            }
        }
        return rows.toArray(new double[0][]);
    }
}
