package org.orrery.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Posterior sampling for an observation; the options are the public surface of DESIGN §6. */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Draw posterior samples for an observation. (Not built yet: issue #4.)")
public final class InferCommand implements Callable<Integer>, NotBuilt.Stub {

    @Mixin HostOptions host;

    @Option(names = "--posterior", required = true, paramLabel = "FILE", description = "Trained posterior (.orrery).")
    Path posterior;

    @Option(names = "--observation", required = true, paramLabel = "FILE", description = "Observation (.fits, .h5 or .csv).")
    Path observation;

    @Option(names = "--num-samples", required = true, paramLabel = "N", description = "Number of posterior samples.")
    int numSamples;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Samples (.h5, .fits or .csv).")
    Path out;

    @Option(names = "--seed", paramLabel = "S", description = "Seed for sampling.")
    Long seed;

    @Override
    public String commandName() {
        return "infer";
    }

    @Override
    public String arrivesWith() {
        return "posterior sampling for observations arrives with issue #4";
    }

    @Override
    public Integer call() {
        return NotBuilt.report(commandName(), arrivesWith());
    }
}
