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

/** ξ(r) of a periodic 3-D point set with analytic randoms, 20 log bins up to min(L/4, 50 Mpc/h). */
@Component(service = Statistic.class, property = {
    ID + "=xi",
    NAME + "=Two-point correlation function",
    DESCRIPTION + "=xi(r) of a periodic point set, natural estimator with analytic randoms and Poisson errors"})
public final class XiStatistic implements Statistic {

    @Override
    public String id() {
        return "xi";
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
