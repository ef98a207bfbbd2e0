package org.orrery.spark.internal;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.orrery.validation.Series;
import org.orrery.workflow.Workflow;

/**
 * One Spark task of {@code stats}: the statistic of the members in its row ranges of one ensemble
 * file, computed by {@link Workflow#statisticOfMembers} with the statistic plugin of the executor
 * JVM's host (started once per JVM, shared with campaign tasks). The executor opens the file itself
 * from its path, so the file must be on storage every node sees at that path. Returns each member's
 * series with its member number; the driver puts them back in member order.
 */
public final class MemberTask implements FlatMapFunction<Iterator<int[]>, MemberTask.Member> {
    private static final long serialVersionUID = 1L;

    /** What every task of one file needs (all plain values: it travels to the executors). */
    public record Job(String statistic, LinkedHashMap<String, Object> settings, String file, String option,
            String dataset, ArrayList<String> pluginDirs, boolean shipped) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** A {@link Series}, as it travels back to the driver: the same doubles. */
    public record SeriesData(String name, String xLabel, String yLabel, double[] x, double[] y, double[] lower,
            double[] upper, double[] binLow, double[] binHigh) implements Serializable {
        private static final long serialVersionUID = 1L;

        static SeriesData of(Series s) {
            return new SeriesData(s.name(), s.xLabel(), s.yLabel(), s.x(), s.y(), s.lower(), s.upper(), s.binLow(),
                    s.binHigh());
        }

        public Series series() {
            return new Series(name, xLabel, yLabel, x, y, lower, upper, binLow, binHigh);
        }
    }

    /** One member's statistic. */
    public record Member(int member, ArrayList<SeriesData> series) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private final Job job;

    public MemberTask(Job job) {
        this.job = job;
    }

    @Override
    public Iterator<Member> call(Iterator<int[]> ranges) {
        Workflow w = ExecutorRuntime.workflow(job.pluginDirs(), job.shipped());
        Map<String, Object> settings = job.settings();
        List<Member> out = new ArrayList<>();
        while (ranges.hasNext()) {
            int[] r = ranges.next();
            List<List<Series>> got = w.statisticOfMembers(job.statistic(), settings, Path.of(job.file()), job.option(),
                    job.dataset(), r[0], r[1]);
            for (int k = 0; k < got.size(); k++) {
                ArrayList<SeriesData> series = new ArrayList<>();
                for (Series s : got.get(k)) {
                    series.add(SeriesData.of(s));
                }
                out.add(new Member(r[0] + k, series));
            }
        }
        return out.iterator();
    }
}
