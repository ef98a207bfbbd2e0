package org.orrery.validation.clustering.internal;

import org.orrery.mesh.Parallel;
import java.util.List;
import org.orrery.data.ArraySpec;
import org.orrery.data.Box;
import org.orrery.plugin.OrreryPlugin;
import org.orrery.validation.Series;
import org.orrery.validation.Statistic;
import org.osgi.service.component.annotations.Component;

/** v₁₂(r) with its standard error, periodic, the same bins as {@code xi}; velocities in the input unit. */
@Component(service = Statistic.class)
@OrreryPlugin(id = PairwiseVelocityStatistic.PLUGIN_ID,
        name = "Pairwise mean radial velocity",
        description = "v12(r): mean over pairs of the relative radial velocity, negative for infall")
public final class PairwiseVelocityStatistic implements Statistic {

    /** The plugin id, stated once: the service property and {@link #id()} both use it. */
    public static final String PLUGIN_ID = "pairwise_velocity";

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
        double[] pos = Inputs.points3d(values, spec, box, "pairwise_velocity");
        if (velocities == null) {
            throw new IllegalArgumentException("pairwise_velocity needs velocities for " + spec.name());
        }
        double[] edges = Inputs.defaultSeparationEdges(box.length());
        PairCounter.Velocity v = PairCounter.pairwiseVelocity(pos, velocities, edges, box.length(), Parallel.defaultThreads());
        double[] lo = new double[v.v12().length];
        double[] hi = new double[v.v12().length];
        for (int i = 0; i < lo.length; i++) {
            lo[i] = v.v12()[i] - v.error()[i];
            hi[i] = v.v12()[i] + v.error()[i];
        }
        return List.of(new Series("v12", "r [Mpc/h]", "v12(r)", CorrelationFunction.centres(edges), v.v12(), lo, hi).withEdges(edges));
    }
}
