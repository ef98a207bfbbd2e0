package org.orrery.host;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures host start-up: ND4J initialisation (once per JVM, so only the first run pays it) and
 * start-to-ready time (framework start plus settling over the given plugin directories), over
 * several starts in one JVM. Usage: {@code HostStartupBench [--runs N] [--nd4j lazy|eager] DIR...}
 * (lazy, the commands' default, initialises ND4J only for a plugin bundle that imports it). A bench,
 * kept in the test sources so that it stays out of the production jar; bench/host-startup.sh runs it.
 */
public final class HostStartupBench {

    private HostStartupBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        boolean eager = false;
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--runs") && i + 1 < args.length) {
                runs = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--nd4j") && i + 1 < args.length) {
                eager = args[++i].equals("eager");
            } else {
                dirs.add(Path.of(args[i]));
            }
        }
        long[] ready = new long[runs];
        for (int r = 0; r < runs; r++) {
            try (OrreryHost host = OrreryHost.start(HostConfig.of(dirs).withInitNd4j(eager))) {
                HostTimings t = host.timings();
                ready[r] = t.readyMillis();
                System.out.printf("run %d: nd4j init %5d ms | framework start %4d ms + settle %4d ms = ready %4d ms | %d plugins, %d problems%n",
                        r + 1, t.nd4jInitMillis(), t.frameworkStartMillis(), t.settleMillis(), t.readyMillis(),
                        host.registry().plugins().size(), host.registry().problems().size());
                if (r == 0) {
                    host.registry().plugins().forEach(p -> System.out.println("  " + p.kind() + " " + p.id() + " " + p.version()));
                    host.registry().problems().forEach(p -> System.out.println("  problem " + p.location() + ": " + p.reason()));
                }
            }
        }
        long[] sorted = ready.clone();
        java.util.Arrays.sort(sorted);
        System.out.printf("median start-to-ready after ND4J init: %d ms over %d runs (target < 2000 ms)%n", sorted[runs / 2], runs);
    }
}
