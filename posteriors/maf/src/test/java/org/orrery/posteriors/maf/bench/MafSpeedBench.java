package org.orrery.posteriors.maf.bench;

import org.orrery.posteriors.maf.internal.MafBenchAccess;

/**
 * Speed figures of the fused MAF (not a unit test): training step time, two_moons convergence,
 * sampling and log-prob throughput, each with the NSF of the same shape beside it. Run through bench/maf-speed.sh. Arguments: optional
 * {@code quick} to skip the two_moons convergence run.
 */
public final class MafSpeedBench {

    private MafSpeedBench() {
    }

    public static void main(String[] args) {
        boolean quick = args.length > 0 && args[0].equals("quick");
        System.out.printf("java %s, %d available processors, single-threaded training, sampling with 1 and 2 threads%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        for (int d : new int[] {2, 10}) {
            for (int batch : new int[] {200, 512}) {
                double ms = MafBenchAccess.stepMillis(d, d, batch, 5, 50);
                System.out.printf("train step  d=%-2d c=%-2d batch=%-4d 5×MADE(2×50 tanh): %7.3f ms/step  (%.2f µs/sample)%n",
                        d, d, batch, ms, 1000 * ms / batch);
                double nsf = MafBenchAccess.stepMillis(d, d, batch, 5, 50, 10);
                System.out.printf("  nsf (10 bins), same shape:                   %7.3f ms/step  (%.2f× the MAF's)%n", nsf, nsf / ms);
            }
        }
        for (int d : new int[] {2, 10}) {
            for (int threads : new int[] {1, 2}) {
                double[] t = MafBenchAccess.samplingSeconds(d, d, 10_000, 5, 50, threads);
                System.out.printf("sampling    d=%-2d %d thread(s) 10 000 samples: %.3f s; log-prob of 10 000 θ: %.3f s%n",
                        d, threads, t[0], t[1]);
                double[] n = MafBenchAccess.samplingSeconds(d, d, 10_000, 5, 50, threads, 10);
                System.out.printf("  nsf (10 bins):                   %.3f s (%.2f×);            %.3f s (%.2f×)%n",
                        n[0], n[0] / t[0], n[1], n[1] / t[1]);
            }
        }
        if (!quick) {
            for (String spec : new String[] {"200:5e-4", "512:1e-3"}) {
                String[] s = spec.split(":");
                System.out.println(MafBenchAccess.twoMoonsConvergence(10_000, Integer.parseInt(s[0]), Double.parseDouble(s[1]), 42L));
            }
        }
    }
}
