package org.orrery.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.orrery.host.OrreryHost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code orrery validate}: calibration checks of a trained posterior on held-out simulations and a
 * report folder (index.html, figures as PNG and PDF, metrics.json, table.tex).
 *
 * <p>Exit status 0 whenever the report was written, whatever the verdicts, because a failed check
 * is a scientific result to read, not a crash; {@code --fail-on-miscalibration} makes a failed check
 * exit {@value #EXIT_MISCALIBRATED} for scripts and CI.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a trained posterior on a held-out bank and write a report.",
        footer = {"", "Exit status: 0 report written; " + ValidateCommand.EXIT_MISCALIBRATED
                + " a check failed and --fail-on-miscalibration was given; 1 error."})
public final class ValidateCommand implements Callable<Integer> {

    /** Exit status for "report written, but a check failed" under {@code --fail-on-miscalibration}. */
    public static final int EXIT_MISCALIBRATED = 3;

    @Mixin HostOptions host;

    @Spec CommandSpec spec;

    @Option(names = "--posterior", required = true, paramLabel = "FILE", description = "Trained posterior (.orrery).")
    Path posterior;

    @Option(names = "--bank", required = true, paramLabel = "FILE",
            description = "Held-out simulation bank (.h5), simulated with another seed than the training bank.")
    Path bank;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report folder.")
    Path out;

    @Option(names = "--checks", split = ",", paramLabel = "CHECK",
            description = "Comma-separated validator ids, e.g. sbc,tarp,coverage,c2st (default: all four).")
    List<String> checks;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed for the checks (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--fail-on-miscalibration",
            description = "Exit " + EXIT_MISCALIBRATED + " (after writing the report) when any check fails.")
    boolean failOnMiscalibration;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        List<String> ids = checks == null ? PipelineSpec.DEFAULT_CHECKS : checks.stream().map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        // fail before the host's few seconds of start-up on the commonest mistakes
        for (Path f : List.of(posterior, bank)) {
            if (!Files.isRegularFile(f)) {
                throw new CliException("no such file: " + f);
            }
        }
        try (OrreryHost h = host.start()) {
            var outcome = ValidationRun.run(h, posterior, bank, ids, seed, out, ValidationRun.Extras.none(), o);
            o.println("report: " + outcome.index());
            o.flush();
            return failOnMiscalibration && !outcome.allPassed() ? EXIT_MISCALIBRATED : 0;
        }
    }
}
