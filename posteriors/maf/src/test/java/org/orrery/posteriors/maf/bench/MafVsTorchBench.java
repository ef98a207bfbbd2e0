package org.orrery.posteriors.maf.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.orrery.posterior.EpochReport;
import org.orrery.posterior.Posterior;
import org.orrery.posterior.TrainingListener;
import org.orrery.posteriors.maf.internal.MafBenchAccess;
import org.orrery.posteriors.maf.internal.MafEstimator;
import org.orrery.posteriors.maf.internal.Tasks;
import org.orrery.simulators.benchmarks.internal.TwoMoons;

/**
 * Java side of bench/maf-vs-torch.sh: simulates two_moons with 10⁴ simulations, writes them for the
 * PyTorch twin (raw little-endian float64 rows θ₁ θ₂ x₁ x₂), then measures the training step, the
 * default training to early stop, sampling 10 000 draws and log-prob of 10 000 θ on that data (with 1
 * thread: {@code sample_s}, {@code logprob_s}; with 2: {@code sample_s_2t}, {@code logprob_s_2t}).
 * Prints {@code RESULT key value} lines. Arguments: data file, optional {@code --no-converge}.
 */
public final class MafVsTorchBench {

    private static final int N = 10_000;

    private MafVsTorchBench() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        boolean converge = !(args.length > 1 && args[1].equals("--no-converge"));
        System.out.printf("# java %s, float64, training single-threaded, sampling/log-prob with 1 and 2 threads%n",
                System.getProperty("java.version"));
        TwoMoons sim = new TwoMoons();
        UniformRandomProvider simRng = RandomSource.XO_RO_SHI_RO_128_PP.create(20240401L);
        double[][] th = new double[N][];
        double[][] xs = new double[N][];
        ByteBuffer buf = ByteBuffer.allocate(N * 4 * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < N; i++) {
            th[i] = sim.prior().sample(simRng);
            xs[i] = sim.simulate(th[i], simRng);
            buf.putDouble(th[i][0]).putDouble(th[i][1]).putDouble(xs[i][0]).putDouble(xs[i][1]);
        }
        Files.write(file, buf.array());
        System.out.println("RESULT data_rows " + N);

        for (int batch : new int[] {200, 512}) {
            System.out.printf(Locale.ROOT, "RESULT step_ms_b%d %.4f%n", batch, MafBenchAccess.stepMillis(2, 2, batch, 5, 50));
        }
        var bank = new Tasks.Bank(sim.parameters(), sim.observable(), th, xs);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(42L);
        Posterior post;
        if (converge) {
            long[] s = new long[3];
            double[] bestVal = {Double.POSITIVE_INFINITY};
            TrainingListener l = (EpochReport r) -> {
                s[0] = r.epoch();
                s[2] = r.steps();
                if (r.improved()) {
                    s[1] = r.epoch();
                    bestVal[0] = r.validationLoss();
                }
            };
            long t0 = System.nanoTime();
            post = new MafEstimator().train(bank, Map.of(), rng, l);
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "RESULT converge_s %.3f%nRESULT epochs %d%nRESULT best_epoch %d%nRESULT epoch_ms %.3f%n"
                    + "RESULT steps %d%nRESULT best_val_nll %.4f%n", secs, s[0], s[1], 1000 * secs / s[0], s[2], bestVal[0]);
        } else {
            post = new MafEstimator().train(bank, Map.of("max_epochs", 3), rng, TrainingListener.SILENT);
        }
        double[] xObs = xs[0];
        // sampling and log-prob with 1 and 2 threads (training is single-threaded); best of 10
        for (int threads : new int[] {1, 2}) {
            Posterior pt = MafBenchAccess.withThreads(post, threads);
            double bestS = Double.POSITIVE_INFINITY;
            double bestLp = Double.POSITIVE_INFINITY;
            for (int rep = 0; rep < 10; rep++) {
                long t0 = System.nanoTime();
                double[][] samples = pt.sample(xObs, 10_000, rng);
                bestS = Math.min(bestS, (System.nanoTime() - t0) / 1e9);
                t0 = System.nanoTime();
                pt.logProb(samples, xObs);
                bestLp = Math.min(bestLp, (System.nanoTime() - t0) / 1e9);
            }
            String suffix = threads == 1 ? "" : "_" + threads + "t";
            System.out.printf(Locale.ROOT, "RESULT sample_s%s %.4f%nRESULT logprob_s%s %.4f%n", suffix, bestS, suffix, bestLp);
        }
    }
}
