package org.orrery.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.orrery.workflow.StatsRequest;
import org.orrery.workflow.StatsResult;
import org.orrery.workflow.Workflow;
import org.orrery.workflow.WorkflowListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;


/**
 * Computes a statistic plugin (power spectrum, ξ, pair counts, kNN-CDF, v₁₂) on every member of a
 * generated and a reference ensemble and compares the ensemble means bin by bin.
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Compare a statistic between generated and reference ensembles of fields or point sets.",
            "Each FILE is a bank (/delta [N, n, n(, n)], or /positions [total, 3] with /positions_offsets) or a plain "
                    + "HDF5 file holding one member; the root attribute box_length gives the box side in Mpc/h.",
            "Writes statistics.h5 (per-member values), figures (means ± standard error, residuals Δ/σ), metrics.json "
                    + "(χ²/dof, max |Δ/σ| per series) and index.html into the report folder."})
public final class StatsCommand implements Callable<Integer> {

    @Mixin HostOptions host;

    @Mixin SettingsOptions settings;

    @Spec CommandSpec spec;

    @Option(names = "--statistic", required = true, paramLabel = "ID",
            description = "Statistic plugin id: power_spectrum, xi, pair_counts, knn_cdf, pairwise_velocity, ...")
    String statistic;

    @Option(names = "--generated", required = true, arity = "1..*", paramLabel = "FILE",
            description = "Generated ensemble: one bank or several files (their members are pooled).")
    List<Path> generated;

    @Option(names = "--reference", required = true, arity = "1..*", paramLabel = "FILE",
            description = "Reference ensemble: one bank or several files (their members are pooled).")
    List<Path> reference;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report folder.")
    Path out;

    @Option(names = "--overwrite", description = "Replace an existing report at --out (without it, one is refused before any work).")
    boolean overwrite;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "Dataset to read (default: delta for statistics of fields when present, else positions).")
    String dataset;

    @Option(names = "--engine", paramLabel = "ENGINE",
            description = "Where each member's statistic is computed: local (this JVM, default) or spark (Spark tasks over "
                    + "row ranges of the files, which every executor must see at the same path; see docs/spark.md). "
                    + "Same numbers either way.")
    SimulateCommand.Engine engine = SimulateCommand.Engine.local;

    @Option(names = "--master", paramLabel = "URL",
            description = "With --engine spark: the Spark master, e.g. local[2] or spark://host:7077 (default: the one "
                    + "spark-submit sets).")
    String master;

    @Option(names = "--ship-plugins",
            description = "With --engine spark: send the plugin folders with the job instead of reading them from "
                    + "storage every node shares.")
    boolean shipPlugins;

    @Override
    public Integer call() {
        PrintWriter pw = spec.commandLine().getOut();
        var request = Cli.request(() -> new StatsRequest(statistic, generated, reference, out, dataset, settings.settings(),
                overwrite));
        if (engine == SimulateCommand.Engine.local && (master != null || shipPlugins)) {
            throw new UsageException("--master and --ship-plugins need --engine spark");
        }
        try (Workflow w = host.workflow()) {
            // Spark's classes are loaded only for --engine spark: a local run never touches them
            StatsResult r = Cli.map(() -> engine == SimulateCommand.Engine.spark
                    ? SparkCampaigns.stats(w, request, master, host.dropInDirs(), shipPlugins)
                    : w.stats(request, WorkflowListener.NONE));
            pw.println(r.verdict());
        }
        return 0;
    }
}
