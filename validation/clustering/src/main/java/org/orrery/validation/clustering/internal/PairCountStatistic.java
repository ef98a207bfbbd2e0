package org.orrery.validation.clustering.internal;

import org.orrery.mesh.Parallel;
import java.util.List;
import org.orrery.data.ArraySpec;
import org.orrery.data.Box;
import org.orrery.plugin.OrreryPlugin;
import org.orrery.validation.Series;
import org.orrery.validation.Statistic;
import org.osgi.service.component.annotations.Component;

/** DD pair counts of a periodic 3-D point set in [r_i, r_{i+1}), the same bins as {@code xi}. */
@Component(service = Statistic.class)
@OrreryPlugin(id = PairCountStatistic.PLUGIN_ID,
        name = "Pair counts",
        description = "Exact unordered pair counts in separation bins of a periodic point set")
public final class PairCountStatistic implements Statistic {

    /** The plugin id, stated once: the service property and {@link #id()} both use it. */
    public static final String PLUGIN_ID = "pair_counts";

    @Override
    public String id() {
        return PLUGIN_ID;
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
