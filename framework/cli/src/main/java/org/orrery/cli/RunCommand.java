package org.orrery.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code orrery run pipeline.yaml}: simulate → train → infer → held-out simulations → validate →
 * report, all described in one YAML file (keys in {@link PipelineYaml}). Mistakes in the file are
 * reported with their line before anything runs; a re-run skips stages whose outputs are current.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a pipeline (simulate, train, infer, validate, report) described in one YAML file.",
        footer = {"", "Keys: simulator, prior, simulations, seed, workers, estimator {id, config}, observations,",
            "samples, heldout, checks, report, out. Relative paths are relative to the YAML file.",
            "Exit status: 0 report written; " + ValidateCommand.EXIT_MISCALIBRATED
                    + " a check failed and --fail-on-miscalibration was given; 1 error."})
public final class RunCommand implements Callable<Integer> {

    @Mixin HostOptions host;

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PIPELINE", description = "Pipeline file (.yaml).")
    Path pipeline;

    @Option(names = "--fail-on-miscalibration",
            description = "Exit " + ValidateCommand.EXIT_MISCALIBRATED + " (after writing the report) when any check fails.")
    boolean failOnMiscalibration;

    @Override
    public Integer call() throws IOException {
        return run(PipelineYaml.read(pipeline), host, spec, failOnMiscalibration);
    }

    /** Runs a pipeline and prints the report's path and the wall time; shared with {@code demo}. */
    static int run(PipelineSpec pipeline, HostOptions host, CommandSpec spec, boolean failOnMiscalibration) throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        ValidationRun.Outcome outcome;
        try {
            outcome = new PipelineRunner(pipeline, host, o, err).run();
        } catch (PipelineRunner.StageFailed e) {
            o.flush();
            err.println(spec.qualifiedName() + ": " + e.getMessage());
            err.flush();
            return e.status;
        }
        long failed = outcome.results().stream().filter(r -> !r.passed()).count();
        o.println();
        o.println(failed == 0 ? "All " + outcome.results().size() + " checks passed."
                : failed + " of " + outcome.results().size() + " checks failed; see the report.");
        o.println("report: " + outcome.index());
        o.printf(Locale.ROOT, "wall time: %s%n", SimulateCommand.formatSeconds((System.nanoTime() - t0) / 1e9));
        o.flush();
        return failOnMiscalibration && failed > 0 ? ValidateCommand.EXIT_MISCALIBRATED : 0;
    }
}
