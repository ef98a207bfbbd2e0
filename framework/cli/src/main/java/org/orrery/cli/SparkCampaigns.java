package org.orrery.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.orrery.spark.SparkEngine;
import org.orrery.spark.SparkOptions;
import org.orrery.spark.SparkStatistics;
import org.orrery.workflow.SimulateRequest;
import org.orrery.workflow.SimulateResult;
import org.orrery.workflow.StatsRequest;
import org.orrery.workflow.StatsResult;
import org.orrery.workflow.Workflow;
import org.orrery.workflow.WorkflowListener;

/**
 * {@code simulate --engine spark} and {@code stats --engine spark}: the only class of the command line that names Spark, so a local
 * run never loads it. Spark's jars are in the distribution's {@code lib/spark/}, which the launcher
 * puts on the class path only for {@code --engine spark}.
 */
final class SparkCampaigns {

    private SparkCampaigns() {
    }

    static SimulateResult simulate(Workflow w, SimulateRequest request, WorkflowListener listener, String master,
            List<Path> pluginDirs, String shared, boolean ship) {
        requireSpark();
        try (SparkEngine engine = SparkEngine.start(new SparkOptions(master, pluginDirs, ship, shared, Map.of()))) {
            return w.simulate(request, listener, engine);
        }
    }

    /** {@code stats --engine spark}: the members' statistic computed by Spark tasks over row ranges of the files. */
    static StatsResult stats(Workflow w, StatsRequest request, String master, List<Path> pluginDirs, boolean ship) {
        requireSpark();
        try (SparkEngine engine = SparkEngine.start(new SparkOptions(master, pluginDirs, ship, null, Map.of()))) {
            return w.stats(request, WorkflowListener.NONE, new SparkStatistics(engine));
        }
    }

    private static void requireSpark() {
        try {
            Class.forName("org.apache.spark.SparkContext", false, SparkCampaigns.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new CliException("--engine spark needs Spark on the class path: run it through bin/orrery (which adds "
                    + "lib/spark/ for --engine spark) or spark-submit (docs/spark.md)");
        }
    }
}
