package org.orrery.campaign;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.orrery.bank.BankReader;
import org.orrery.bank.BankView;

/**
 * A campaign of float32 n³ fields and a pass over the bank through {@link BankView}, in a JVM whose
 * heap is smaller than the bank ({@code StreamingBankTest} runs it with -Xmx64m):
 * {@code dir n num workers}. Reads every row twice, as training does (shuffled) and as a statistic
 * does (in order), checks rows against a fresh run of the per-index step and prints the figures.
 */
public final class StreamingBankMain {
    public static void main(String[] a) throws Exception {
        Path dir = Path.of(a[0]);
        int n = Integer.parseInt(a[1]);
        int num = Integer.parseInt(a[2]);
        int workers = Integer.parseInt(a[3]);
        Path bank = dir.resolve("stream.h5");
        TestSimulators.Grid32 sim = new TestSimulators.Grid32(n);
        long t0 = System.nanoTime();
        CampaignResult r = new Campaign(sim, "1.0", new CampaignSpec(num, 17, bank, workers, Duration.ZERO, false, 0),
                CampaignListener.NONE).run();
        double simulate = (System.nanoTime() - t0) / 1e9;
        System.out.println("bank_bytes=" + Files.size(bank) + " ok=" + r.numOk() + " simulate_s=" + simulate);
        SimulationStep step = new SimulationStep(sim, 17, java.util.List.of(sim.observable()));
        long checked = 0;
        t0 = System.nanoTime();
        try (BankView v = BankReader.open(bank)) {
            // training-style: one shuffled epoch in batches of 32 rows
            int[] order = new int[v.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Random shuffle = new Random(5);
            for (int i = order.length - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double sum = 0;
            for (int b = 0; b < order.length; b += 32) {
                double[][] batch = new double[Math.min(32, order.length - b)][];
                for (int k = 0; k < batch.length; k++) {
                    batch[k] = v.x(order[b + k]);
                    sum += batch[k][0];
                }
            }
            double epoch = (System.nanoTime() - t0) / 1e9;
            // statistics-style: every row in order; every 97th against the per-index step, value by value
            double mean = 0;
            for (int i = 0; i < v.size(); i++) {
                double[] x = v.x(i);
                double s = 0;
                for (double d : x) {
                    s += d;
                }
                mean += s / x.length;
                if (i % 97 == 0) {
                    double[] want = step.run(v.index(i)).values()[0];
                    for (int k = 0; k < want.length; k++) {
                        if ((float) want[k] != x[k]) {
                            throw new AssertionError("row " + i + " value " + k + ": " + x[k] + " != " + (float) want[k]);
                        }
                    }
                    checked++;
                }
            }
            System.out.println("epoch_s=" + epoch + " rows=" + v.size() + " checked=" + checked + " sum=" + sum
                    + " mean=" + mean / v.size());
        }
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        System.out.println("max_heap_bytes=" + Runtime.getRuntime().maxMemory() + " peak_heap_bytes=" + peak);
        System.out.println("ok");
    }
}
