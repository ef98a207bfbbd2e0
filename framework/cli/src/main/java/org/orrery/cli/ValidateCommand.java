package org.orrery.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Posterior validation report; the options are the public surface of DESIGN §6. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a trained posterior on a held-out bank and write a report. (Not built yet: issue #5.)")
public final class ValidateCommand implements Callable<Integer>, NotBuilt.Stub {

    @Mixin HostOptions host;

    @Option(names = "--posterior", required = true, paramLabel = "FILE", description = "Trained posterior (.orrery).")
    Path posterior;

    @Option(names = "--bank", required = true, paramLabel = "FILE", description = "Held-out simulation bank (.h5).")
    Path bank;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report folder.")
    Path out;

    @Option(names = "--checks", split = ",", paramLabel = "CHECK",
            description = "Comma-separated checks, e.g. sbc,tarp,coverage,c2st (default: all).")
    List<String> checks;

    @Override
    public String commandName() {
        return "validate";
    }

    @Override
    public String arrivesWith() {
        return "posterior validation and reports arrive with issue #5";
    }

    @Override
    public Integer call() {
        return NotBuilt.report(commandName(), arrivesWith());
    }
}
