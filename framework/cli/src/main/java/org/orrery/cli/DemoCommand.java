package org.orrery.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.orrery.host.OrreryHost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The first command a new user runs. It runs as much of the pipeline (DESIGN §1) as is built,
 * through the same commands a user would type, and says plainly what is still to come.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the two_moons example end to end as far as it is built, writing into --out.")
public final class DemoCommand implements Callable<Integer> {

    static final String SIMULATOR = "two_moons";
    static final int SIMULATIONS = 10_000;

    @Mixin HostOptions host;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "orrery-demo",
            description = "Folder for the demo's outputs (default: ${DEFAULT-VALUE}).")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        Path dir = out.toAbsolutePath().normalize();
        Files.createDirectories(dir);

        o.println("== 1/2  Plugins");
        try (OrreryHost h = host.start(false)) {
            PluginsCommand.printTable(o, PluginsCommand.sorted(h.registry().plugins()), h.registry().problems());
            if (h.registry().plugins().stream().noneMatch(p -> p.id().equals(SIMULATOR))) {
                throw new CliException("the built-in simulator " + SIMULATOR + " is not installed; "
                        + "run from the distribution (./orrery demo) or add its bundle with --plugins");
            }
        }
        o.println();

        Path bank = dir.resolve("bank.h5");
        o.println("== 2/2  Simulate: " + SIMULATIONS + " " + SIMULATOR + " simulations, seed 1 -> " + bank);
        o.flush();
        List<String> args = new ArrayList<>(List.of("simulate", "--simulator", SIMULATOR,
                "--num", Integer.toString(SIMULATIONS), "--seed", "1", "--out", bank.toString()));
        args.addAll(host.asArguments());
        // in-process, through the same parser a user's command goes through
        int status = Main.commandLine(o, spec.commandLine().getErr()).execute(args.toArray(String[]::new));
        o.println();
        if (status == NotBuilt.EXIT) {
            o.println("Simulation campaigns are not built yet (issue #3), so there is no bank to show.");
        } else if (status != 0) {
            return status; // simulate already printed its one-line cause
        } else {
            o.println("Simulation bank: " + bank + "  (HDF5: /theta, /x; open it with h5py)");
        }
        o.println();
        o.println("Outputs are in " + dir);
        o.println("Still to come:");
        o.println("  - training a neural posterior (MAF) on the bank        orrery train     issue #4");
        o.println("  - posterior samples for an observation                orrery infer     issue #4");
        o.println("  - validation report (SBC, TARP, coverage, C2ST)       orrery validate  issue #5");
        o.flush();
        return 0;
    }
}
