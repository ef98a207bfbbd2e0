package org.orrery.bank;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Training-style and statistics-style reads of a bank through {@link BankView} (bench/streaming-bank.sh):
 * {@code bank [output]}. One shuffled epoch in batches of 64 rows, then every row in order; prints
 * rows/s, MB/s of values decoded and the peak heap (sum of the heap pools' peaks).
 */
public final class BankReadBench {
    public static void main(String[] a) throws Exception {
        Path bank = Path.of(a[0]);
        try (BankView v = BankReader.open(bank)) {
            String name = a.length > 1 ? a[1] : v.observable().name();
            int n = v.size();
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Random r = new Random(1);
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            long values = 0;
            double check = 0;
            long t0 = System.nanoTime();
            for (int b = 0; b < n; b += 64) {
                double[][] batch = new double[Math.min(64, n - b)][];
                double[][] theta = new double[batch.length][];
                for (int k = 0; k < batch.length; k++) {
                    batch[k] = v.values(name, order[b + k]);
                    theta[k] = v.theta(order[b + k]);
                    values += batch[k].length;
                    check += batch[k][batch[k].length / 2] + theta[k][0];
                }
            }
            double shuffled = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            double mean = 0;
            for (int i = 0; i < n; i++) {
                double[] x = v.values(name, i);
                double s = 0;
                for (double d : x) {
                    s += d;
                }
                mean += s / x.length / n;
            }
            double ordered = (System.nanoTime() - t0) / 1e9;
            int bytes = v.output(name).dtype().bytes();
            System.out.printf("RESULT bank=%s size_MB=%.0f rows=%d output=%s dtype=%s%n", bank, Files.size(bank) / 1e6, n,
                    name, v.output(name).dtype());
            System.out.printf("RESULT shuffled_epoch_s=%.2f rows_per_s=%.0f MB_per_s=%.0f (batches of 64, with theta)%n",
                    shuffled, n / shuffled, values * bytes / 1e6 / shuffled);
            System.out.printf("RESULT in_order_s=%.2f rows_per_s=%.0f mean=%.5f check=%.3f%n", ordered, n / ordered, mean,
                    check);
        }
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        System.out.printf("RESULT read_heap_pool_peaks_summed_MB=%.0f (eden+survivor+old peaks, an over-estimate) max_heap_MB=%.0f%n",
                peak / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0);
    }
}
