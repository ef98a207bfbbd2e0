package org.orrery.workflow;

import java.nio.file.Path;
import java.util.List;
import org.orrery.validation.Series;

/**
 * Where {@code stats} computes the statistic of each member of an ensemble file: in this JVM (the
 * default, member after member with the driver's statistic) or spread over a cluster (the Spark
 * engine runs {@link Workflow#statisticOfMembers} on row ranges in its executors). Either way the
 * driver gets the members' series in member order and compares and reports them itself, so the
 * report does not depend on where the members were computed.
 */
public interface MemberStatistics {

    /**
     * The statistic's series for members {@code [0, members)} of {@code file}, in member order.
     *
     * @param request the statistics request (statistic id and settings)
     * @param file    one file of the ensemble, already opened and checked by the driver
     * @param option  the request field that named it ({@code generated} or {@code reference}), for messages
     * @param dataset the dataset the driver resolved in it
     * @param members how many members it holds
     */
    List<List<Series>> compute(StatsRequest request, Path file, String option, String dataset, int members);
}
