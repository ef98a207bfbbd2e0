package org.orrery.simulators.imaging.internal;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.parameter.ParameterSpace;
import org.orrery.prior.Prior;

/** Independent uniform priors on the (finite) bounds of each parameter. */
final class BoxPrior implements Prior {

    private final ParameterSpace space;
    private final double logDensity;

    BoxPrior(ParameterSpace space) {
        this.space = space;
        double ld = 0;
        for (var p : space.parameters()) {
            if (!Double.isFinite(p.lower()) || !Double.isFinite(p.upper())) {
                throw new IllegalArgumentException("box prior needs finite bounds for " + p.name());
            }
            ld -= Math.log(p.upper() - p.lower());
        }
        logDensity = ld;
    }

    @Override
    public ParameterSpace space() {
        return space;
    }

    @Override
    public double[] sample(UniformRandomProvider rng) {
        double[] t = new double[space.dimension()];
        for (int i = 0; i < t.length; i++) {
            var p = space.get(i);
            t[i] = p.lower() + (p.upper() - p.lower()) * rng.nextDouble();
        }
        return t;
    }

    @Override
    public double logDensity(double[] theta) {
        return space.contains(theta) ? logDensity : Double.NEGATIVE_INFINITY;
    }

    @Override
    public String describe() {
        return "Uniform" + Arrays.toString(space.parameters().stream().map(p -> p.name() + "[" + p.lower() + ", " + p.upper() + "]").toArray());
    }
}
