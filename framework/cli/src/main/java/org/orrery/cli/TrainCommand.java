package org.orrery.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Neural posterior training; the options are the public surface of DESIGN §6. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a neural posterior estimator on a simulation bank. (Not built yet: issue #4.)")
public final class TrainCommand implements Callable<Integer>, NotBuilt.Stub {

    @Mixin HostOptions host;

    @Option(names = "--estimator", required = true, paramLabel = "ID", description = "Estimator plugin id, e.g. maf.")
    String estimator;

    @Option(names = "--bank", required = true, paramLabel = "FILE", description = "Simulation bank (.h5).")
    Path bank;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Trained posterior file (.orrery).")
    Path out;

    @Option(names = "--seed", paramLabel = "S", description = "Seed for initialisation and batching.")
    Long seed;

    @Option(names = "--config", paramLabel = "FILE", description = "Estimator settings (YAML).")
    Path config;

    @Override
    public String commandName() {
        return "train";
    }

    @Override
    public String arrivesWith() {
        return "neural posterior training arrives with issue #4";
    }

    @Override
    public Integer call() {
        return NotBuilt.report(commandName(), arrivesWith());
    }
}
