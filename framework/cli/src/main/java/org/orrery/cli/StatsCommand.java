package org.orrery.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Field and point-set statistics; the options are the public surface of DESIGN §6. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Compare a statistic between generated and reference banks. (Not built yet: issue #7.)")
public final class StatsCommand implements Callable<Integer>, NotBuilt.Stub {

    @Mixin HostOptions host;

    @Option(names = "--statistic", required = true, paramLabel = "ID", description = "Statistic plugin id, e.g. power_spectrum.")
    String statistic;

    @Option(names = "--generated", required = true, paramLabel = "FILE", description = "Generated bank (.h5).")
    Path generated;

    @Option(names = "--reference", required = true, paramLabel = "FILE", description = "Reference bank (.h5).")
    Path reference;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report folder.")
    Path out;

    @Override
    public String commandName() {
        return "stats";
    }

    @Override
    public String arrivesWith() {
        return "clustering statistics arrive with issue #7";
    }

    @Override
    public Integer call() {
        return NotBuilt.report(commandName(), arrivesWith());
    }
}
