package org.orrery.campaign;

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
        double raw1 = num / ((System.nanoTime() - t0) / 1e9);

        Path out = dir.resolve(sim.id() + ".h5");
        CampaignSpec spec = new CampaignSpec(num, seed, out, workers, Duration.ZERO, false, 0);
        CampaignResult r = new Campaign(sim, "bench", spec, CampaignListener.NONE).run();
        long bytes = Files.size(out);
        double simUs = 1e6 / raw1;
        // worker time the campaign spent per simulation, minus what the simulator itself needs
        double campaignUs = r.wall().toNanos() / 1e3 * workers / num;
        System.out.printf(Locale.ROOT,
                "%-10s num=%d workers=%d | simulator alone (1 thread): %,.0f sims/s = %.3f µs/sim"
                        + " | campaign: %,.0f sims/s end to end (%.2f s incl. shards + HDF5 bank)"
                        + " = %.3f worker-µs/sim, overhead %.3f µs/sim beside the simulator's %.3f µs"
                        + " | bank %s: %,.1f MB (%.1f bytes/sim) | ok=%d failed=%d%s%n",
                sim.id(), num, workers, raw1, simUs, r.rate(), r.wall().toNanos() / 1e9, campaignUs,
                campaignUs - simUs, simUs, out.getFileName(), bytes / 1e6, (double) bytes / num, r.numOk(),
                r.numFailed(), sink == 42 ? " " : "");
        Files.deleteIfExists(out);
    }
}
