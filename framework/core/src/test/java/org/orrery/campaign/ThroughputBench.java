package org.orrery.campaign;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.random.RandomStreams;
import org.orrery.simulator.Simulator;

/**
 * Campaign throughput against the bare cost of the simulator, for bench/simulate-throughput.sh:
 * {@code simulatorClass num workers dir}. The simulator class needs a public no-argument
 * constructor (true of DS components).
 *
 * <p>Four campaigns run in one JVM: the first is cold (the campaign path is JIT-compiled while it
 * runs, as in a user's single {@code orrery simulate}), the others warm (the steady state of a long
 * campaign); the last writes every chunk to a durable shard as soon as it finishes
 * ({@code --checkpoint-every 0}), the others use the default interval, within which a campaign of
 * 10⁶ fast simulations finishes without writing shards. Each is measured two ways: wall time × workers (what a dedicated machine pays, the
 * single-threaded bank write counted once per worker) and process CPU time (lanes, shard writer,
 * bank writer, GC and JIT: what the campaign costs whatever else the machine is running).
 */
public final class ThroughputBench {
    public static void main(String[] a) throws Exception {
        Simulator sim = (Simulator) Class.forName(a[0]).getDeclaredConstructor().newInstance();
        long num = Long.parseLong(a[1]);
        int workers = Integer.parseInt(a[2]);
        Path dir = Path.of(a[3]);
        long seed = 1;

        // bare cost on one thread: stream creation + prior + simulate, nothing else (warm up first)
        double sink = 0;
        for (long i = 0; i < Math.min(num, 200_000); i++) {
            sink += sim.simulate(sim.prior().sample(RandomStreams.forSimulation(seed, i)),
                    RandomStreams.forSimulation(seed, i))[0];
        }
        long t0 = System.nanoTime();
        for (long i = 0; i < num; i++) {
            UniformRandomProvider rng = RandomStreams.forSimulation(seed, i);
            sink += sim.simulate(sim.prior().sample(rng), rng)[0];
        }
        double simUs = (System.nanoTime() - t0) / 1e3 / num;
        System.out.printf(Locale.ROOT, "%-10s num=%d workers=%d | simulator alone (1 thread): %,.0f sims/s = %.3f µs/sim%s%n",
                sim.id(), num, workers, 1e6 / simUs, simUs, sink == 42 ? " " : "");

        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double bestWall = Double.MAX_VALUE;
        double bestCpu = Double.MAX_VALUE;
        for (int run = 0; run < 4; run++) {
            Path out = dir.resolve(sim.id() + "-" + run + ".h5");
            // runs 0-2: the default checkpoint interval; run 3 writes every chunk to a shard at once
            boolean eager = run == 3;
            CampaignSpec spec = new CampaignSpec(num, seed, out, workers, Duration.ZERO, false, 0,
                    eager ? Duration.ZERO : CampaignSpec.DEFAULT_CHECKPOINT_EVERY);
            long cpu0 = os.getProcessCpuTime();
            CampaignResult r = new Campaign(sim, "bench", spec, CampaignListener.NONE).run();
            double cpuUs = (os.getProcessCpuTime() - cpu0) / 1e3 / num;
            double wallUs = r.wall().toNanos() / 1e3 * workers / num;
            long bytes = Files.size(out);
            Files.deleteIfExists(out);
            System.out.printf(Locale.ROOT,
                    "%-10s campaign %s: %,.0f sims/s end to end (%.3f s incl. shards + HDF5 bank, %,.1f MB = %.1f bytes/sim)"
                            + " | wall: %.3f worker-µs/sim, overhead %.3f µs/sim | CPU: %.3f µs/sim, overhead %.3f µs/sim"
                            + " | beside the simulator's %.3f µs | ok=%d failed=%d%n",
                    sim.id(), run == 0 ? "cold" : eager ? "warm, every chunk checkpointed at once" : "warm", r.rate(), r.wall().toNanos() / 1e9, bytes / 1e6,
                    (double) bytes / num, wallUs, wallUs - simUs, cpuUs, cpuUs - simUs, simUs, r.numOk(), r.numFailed());
            if (eager) {
                System.out.printf(Locale.ROOT, "%-10s SUMMARY every chunk checkpointed: overhead wall %.3f, CPU %.3f µs/sim%n",
                        sim.id(), wallUs - simUs, cpuUs - simUs);
            } else if (run > 0) {
                bestWall = Math.min(bestWall, wallUs);
                bestCpu = Math.min(bestCpu, cpuUs);
            }
        }
        System.out.printf(Locale.ROOT, "%-10s SUMMARY simulator %.3f µs/sim | warm campaign overhead (checkpoints every %d s):"
                        + " wall %.3f, CPU %.3f µs/sim"
                        + " | target (overhead < simulator): wall %s, CPU %s%n", sim.id(), simUs,
                CampaignSpec.DEFAULT_CHECKPOINT_EVERY.toSeconds(), bestWall - simUs,
                bestCpu - simUs, bestWall - simUs < simUs ? "met" : "missed", bestCpu - simUs < simUs ? "met" : "missed");
    }
}
