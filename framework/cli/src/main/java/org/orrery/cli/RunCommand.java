package org.orrery.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.orrery.posterior.EpochReport;
import org.orrery.validation.ValidationResult;
import org.orrery.workflow.Durations;
import org.orrery.workflow.PipelineSpec;
import org.orrery.workflow.PipelineYaml;
import org.orrery.workflow.ValidationRun;
import org.orrery.workflow.Workflow;
import org.orrery.workflow.WorkflowListener;
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
            "samples, heldout, checks, report, out, settings {PLUGIN_ID: {KEY: VALUE}}.",
            "Relative paths are relative to the YAML file.",
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

    /** Runs a pipeline in one workflow session and prints the report's path and the wall time; shared with {@code demo}. */
    static int run(PipelineSpec pipeline, HostOptions host, CommandSpec spec, boolean failOnMiscalibration) throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        ValidationRun.Outcome outcome;
        try (Workflow w = host.workflow()) {
            WorkflowListener checks = ValidateCommand.lines(o);
            TrainCommand.Progress epochs = new TrainCommand.Progress(o);
            WorkflowListener campaign = SimulateCommand.plainLines(err);
            outcome = w.run(pipeline, new WorkflowListener() {
                @Override
                public void message(String line) {
                    checks.message(line);
                }

                @Override
                public void campaign(String id, long done, long failed, long total, double rate) {
                    campaign.campaign(id, done, failed, total, rate);
                }

                @Override
                public void epoch(EpochReport r) {
                    epochs.epoch(r);
                }

                @Override
                public void check(ValidationResult r, double seconds) {
                    checks.check(r, seconds);
                }
            });
        }
        long failed = outcome.results().stream().filter(r -> !r.passed()).count();
        o.println();
        o.println(failed == 0 ? "All " + outcome.results().size() + " checks passed."
                : failed + " of " + outcome.results().size() + " checks failed; see the report.");
        o.println("report: " + outcome.index());
        o.printf(Locale.ROOT, "wall time: %s%n", Durations.since(t0));
        o.flush();
        return failOnMiscalibration && failed > 0 ? ValidateCommand.EXIT_MISCALIBRATED : 0;
    }
}
