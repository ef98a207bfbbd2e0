package org.orrery.validation.clustering.internal;

import org.orrery.mesh.Parallel;
import java.util.List;
import org.orrery.data.ArraySpec;
import org.orrery.data.Box;
import org.orrery.plugin.OrreryPlugin;
import org.orrery.validation.Series;
import org.orrery.validation.Statistic;
import org.osgi.service.component.annotations.Component;

/** ξ(r) of a periodic 3-D point set with analytic randoms, 20 log bins up to min(L/4, 50 Mpc/h). */
@Component(service = Statistic.class)
@OrreryPlugin(id = XiStatistic.PLUGIN_ID,
        name = "Two-point correlation function",
        description = "xi(r) of a periodic point set, natural estimator with analytic randoms and Poisson errors")
public final class XiStatistic implements Statistic {

    /** The plugin id, stated once: the service property and {@link #id()} both use it. */
    public static final String PLUGIN_ID = "xi";

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
        double[] pos = Inputs.points3d(values, spec, box, "xi");
        CorrelationFunction.Xi xi = CorrelationFunction.periodic(pos, box.length(),
                Inputs.defaultSeparationEdges(box.length()), Parallel.defaultThreads());
        double[] lo = new double[xi.xi().length];
        double[] hi = new double[xi.xi().length];
        for (int i = 0; i < lo.length; i++) {
            lo[i] = xi.xi()[i] - xi.error()[i];
            hi[i] = xi.xi()[i] + xi.error()[i];
        }
        return List.of(new Series("xi", "r [Mpc/h]", "xi(r)", xi.r(), xi.xi(), lo, hi).withEdges(xi.edges()));
    }
}
