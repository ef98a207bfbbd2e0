package org.orrery.validation.clustering.internal;

import org.orrery.mesh.Parallel;
import static org.orrery.plugin.PluginProperties.DESCRIPTION;
import static org.orrery.plugin.PluginProperties.ID;
import static org.orrery.plugin.PluginProperties.NAME;

import java.util.List;
import org.orrery.data.ArraySpec;
import org.orrery.data.Box;
import org.orrery.validation.Series;
import org.orrery.validation.Statistic;
import org.osgi.service.component.annotations.Component;

/** DD pair counts of a periodic 3-D point set in [r_i, r_{i+1}), the same bins as {@code xi}. */
@Component(service = Statistic.class, property = {
    ID + "=pair_counts",
    NAME + "=Pair counts",
    DESCRIPTION + "=Exact unordered pair counts in separation bins of a periodic point set"})
public final class PairCountStatistic implements Statistic {

    @Override
    public String id() {
        return "pair_counts";
    }

    @Override
    public boolean accepts(ArraySpec spec) {
        return Inputs.isPoints3d(spec);
    }

    @Override
    public List<Series> compute(double[] values, ArraySpec spec, double[] velocities, Box box) {
        double[] pos = Inputs.points3d(values, spec, box, "pair_counts");
        double[] edges = Inputs.defaultSeparationEdges(box.length());
        PairCounter.Counts c = PairCounter.auto(pos, edges, box.length(), Parallel.defaultThreads());
        return List.of(new Series("DD", "r [Mpc/h]", "pairs", CorrelationFunction.centres(edges), Inputs.toDouble(c.counts()), null, null)
                .withEdges(edges));
    }
}
