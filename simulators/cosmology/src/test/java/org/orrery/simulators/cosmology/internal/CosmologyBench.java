package org.orrery.simulators.cosmology.internal;

import java.lang.management.ManagementFactory;
import java.util.Map;
import org.apache.commons.rng.simple.RandomSource;
import org.orrery.simulator.Simulator;

/**
 * Seconds per simulation for grf and lpt (2LPT) at 64³ and 128³, and peak heap. Not a unit test:
 * run with {@code java -cp <test classpath> org.orrery.simulators.cosmology.internal.CosmologyBench}.
 */
public final class CosmologyBench {

    private CosmologyBench() {
    }

    public static void main(String[] args) {
        int[] grids = {64, 128};
        for (int n : grids) {
            time("grf", new Grf(Settings.grfDefaults().with(Map.of("grid", n))), n);
            time("lpt (2LPT)", new LptSimulator(Settings.lptDefaults().with(Map.of("grid", n))), n);
        }
        time("tracers", new Tracers(), 32);
        long peak = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("peak heap (sum of pool peaks): %.0f MiB, processors: %d%n", peak / 1048576.0,
                Runtime.getRuntime().availableProcessors());
    }

    private static void time(String name, Simulator s, int n) {
        var rng = RandomSource.XO_RO_SHI_RO_128_PP.create(1L);
        double[] theta = {0.3, 0.8};
        int warm = 2;
        int reps = n >= 128 ? 3 : 8;
        for (int i = 0; i < warm; i++) {
            s.simulateAll(theta, rng);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            s.simulateAll(theta, rng);
        }
        double sec = (System.nanoTime() - t0) / 1e9 / reps;
        System.out.printf("%-12s %4d^3: %.3f s per simulation (simulateAll, mean of %d after %d warm-up)%n", name, n, sec, reps, warm);
    }
}
