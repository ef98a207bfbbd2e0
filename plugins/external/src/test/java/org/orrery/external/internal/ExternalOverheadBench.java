package org.orrery.external.internal;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.orrery.campaign.CampaignResult;
import org.orrery.random.RandomStreams;

/**
 * Per-simulation cost of the two exchange modes against the same Python function in a plain
 * Python loop (bench/external-overhead.sh). Prints one RESULT line per figure.
 * Arguments: workerCalls perCallCalls campaignNum
 */
public final class ExternalOverheadBench {

    public static void main(String[] args) throws Exception {
        int workerCalls = Integer.parseInt(args[0]);
        int perCallCalls = Integer.parseInt(args[1]);
        int campaignNum = Integer.parseInt(args[2]);
        Path dir = Files.createTempDirectory("orrery-external-bench");
        try {
            run(dir, workerCalls, perCallCalls, campaignNum);
        } finally {
            Processes.deleteTree(dir);
        }
    }

    private static void run(Path dir, int workerCalls, int perCallCalls, int campaignNum) throws Exception {
        try (InputStream in = ExternalOverheadBench.class.getResourceAsStream("/programs/bench_sim.py")) {
            Fixtures.write(dir, "bench_sim.py", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        Path scratch = Files.createDirectories(dir.resolve("scratch"));
        String py = "[/usr/bin/python3, '" + dir.resolve("bench_sim.py") + "'";

        // the peer: the same function in a plain Python loop
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", dir.resolve("bench_sim.py").toString(), "loop",
                Integer.toString(workerCalls)).redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", Fixtures.HELPER_DIR.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String loop = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        double fresh = figure(loop, "python_loop_fresh_rng_us");
        double shared = figure(loop, "python_loop_shared_rng_us");
        System.out.printf(Locale.ROOT, "RESULT python plain loop: %.2f µs/sim with a fresh default_rng(seed) per call"
                + " (what the worker does), %.2f µs/sim with one shared rng%n", fresh, shared);

        Path wm = Fixtures.write(dir, "bw.simulator.yaml", Fixtures.manifest("bw", "worker", py + "]", "20", ""));
        try (ExternalSimulator sim = Fixtures.simulator(wm, scratch)) {
            double[] theta = {0.3, 0.6};
            for (int i = 0; i < Math.min(2000, workerCalls); i++) { // start the worker, warm the JIT
                sim.simulate(theta, RandomStreams.forSimulation(1, i));
            }
            double best = Double.MAX_VALUE;
            for (int rep = 0; rep < 3; rep++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < workerCalls; i++) {
                    sim.simulate(theta, RandomStreams.forSimulation(2, i));
                }
                best = Math.min(best, (System.nanoTime() - t0) / 1e3 / workerCalls);
            }
            System.out.printf(Locale.ROOT, "RESULT worker mode: %.2f µs/sim (best of 3 × %d calls on one thread);"
                    + " overhead over the plain loop %.2f µs/sim (target ≤ 50)%n", best, workerCalls, best - fresh);
            Path bank = dir.resolve("w.h5");
            long t0 = System.nanoTime();
            CampaignResult r = new org.orrery.campaign.Campaign(sim, "1", new org.orrery.campaign.CampaignSpec(campaignNum, 42,
                    bank, 1, java.time.Duration.ZERO, false, 0, null), null).run();
            double us = (System.nanoTime() - t0) / 1e3 / campaignNum;
            System.out.printf(Locale.ROOT, "RESULT worker-mode campaign, 1 lane, %d sims into a bank: %.2f µs/sim"
                    + " (%d ok)%n", campaignNum, us, r.numOk());
        }

        Path pm = Fixtures.write(dir, "bp.simulator.yaml", Fixtures.manifest("bp", "per-call", py + ", call]", "20", ""));
        try (ExternalSimulator sim = Fixtures.simulator(pm, scratch)) {
            double[] theta = {0.3, 0.6};
            for (int i = 0; i < 5; i++) {
                sim.simulate(theta, RandomStreams.forSimulation(1, i));
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < perCallCalls; i++) {
                sim.simulate(theta, RandomStreams.forSimulation(2, i));
            }
            double ms = (System.nanoTime() - t0) / 1e6 / perCallCalls;
            System.out.printf(Locale.ROOT, "RESULT per-call mode (python3 + numpy import each call): %.1f ms/sim over %d"
                    + " calls; overhead %.1f ms/sim%n", ms, perCallCalls, ms - fresh / 1e3);
        }
        // a bare process start, for scale
        long t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            new ProcessBuilder("/bin/true").start().waitFor();
        }
        System.out.printf(Locale.ROOT, "RESULT /bin/true start+exit from Java: %.2f ms%n", (System.nanoTime() - t0) / 1e6 / 20);
    }

    private static double figure(String text, String key) {
        for (String line : text.split("\n")) {
            if (line.startsWith(key + " ")) {
                return Double.parseDouble(line.substring(key.length() + 1).strip());
            }
        }
        throw new IllegalStateException("no " + key + " in: " + text);
    }
}
