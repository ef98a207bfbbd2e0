package org.orrery.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.orrery.io.BadInputException;
import org.orrery.spark.internal.MemberTask;
import org.orrery.validation.Series;
import org.orrery.workflow.MemberStatistics;
import org.orrery.workflow.StatsRequest;
import org.orrery.workflow.WorkflowException;

/**
 * {@code stats} on Spark: the members of each ensemble file are split into contiguous row ranges, one
 * task each; every executor opens the file from its path (shared storage) and computes its members'
 * statistic with the statistic plugin of its own host. The driver collects the members' series, puts
 * them in member order and checks that each member came back exactly once; the workflow then compares
 * and reports them exactly as after a local run, so {@code statistics.h5} holds the same numbers.
 */
public final class SparkStatistics implements MemberStatistics {

    private final SparkEngine engine;

    public SparkStatistics(SparkEngine engine) {
        this.engine = engine;
    }

    @Override
    public List<List<Series>> compute(StatsRequest request, Path file, String option, String dataset, int members) {
        if (members == 0) {
            return List.of();
        }
        JavaSparkContext sc = engine.context();
        SparkOptions o = engine.options();
        ArrayList<String> dirs = new ArrayList<>();
        for (Path d : o.pluginDirs()) {
            if (o.shipPlugins()) {
                sc.sc().addFile(d.toString(), true);
                dirs.add(d.getFileName().toString());
            } else {
                dirs.add(d.toString());
            }
        }
        MemberTask.Job job = new MemberTask.Job(request.statistic(), new LinkedHashMap<>(request.settings()),
                file.toAbsolutePath().normalize().toString(), option, dataset, dirs, o.shipPlugins());
        int tasks = sc.getConf().getInt(SparkCampaignExecutor.TASKS,
                SparkCampaignExecutor.TASKS_PER_CORE * Math.max(1, sc.defaultParallelism()));
        tasks = Math.max(1, Math.min(tasks, members));
        List<int[]> ranges = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            int from = (int) ((long) members * t / tasks);
            int to = (int) ((long) members * (t + 1) / tasks);
            ranges.add(new int[] {from, to});
        }
        sc.setJobDescription("orrery stats " + request.statistic() + ": " + members + " " + option + " members of " + file);
        List<MemberTask.Member> got;
        try {
            got = sc.parallelize(ranges, tasks).mapPartitions(new MemberTask(job)).collect();
        } catch (Exception e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof WorkflowException w) {
                    throw new WorkflowException(w.getMessage(), e);
                }
            }
            throw new BadInputException("the Spark job failed: " + SparkEngine.firstLine(e), e);
        }
        @SuppressWarnings("unchecked")
        List<Series>[] byMember = new List[members];
        for (MemberTask.Member m : got) {
            if (m.member() < 0 || m.member() >= members || byMember[m.member()] != null) {
                throw new IllegalStateException("the Spark job returned member " + m.member() + " of " + file
                        + " twice or out of range [0, " + members + ")");
            }
            byMember[m.member()] = m.series().stream().map(MemberTask.SeriesData::series).toList();
        }
        if (got.size() != members) {
            throw new IllegalStateException("the Spark job returned " + got.size() + " of " + members + " members of " + file);
        }
        return List.of(byMember);
    }
}
