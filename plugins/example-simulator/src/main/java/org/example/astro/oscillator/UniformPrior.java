package org.example.astro.oscillator;

import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.prior.Prior;

/** Independent uniform distributions on each parameter's finite bounds. */
final class UniformPrior implements Prior {

    private final ParameterSpace space;
    private final double logDensity;

    UniformPrior(ParameterSpace space) {
        double log = 0;
        for (Parameter p : space.parameters()) {
            if (Double.isInfinite(p.lower()) || Double.isInfinite(p.upper())) {
                throw new IllegalArgumentException("a uniform prior needs finite bounds, " + p.name()
                        + " has [" + p.lower() + ", " + p.upper() + "]");
            }
            log -= Math.log(p.upper() - p.lower());
        }
        this.space = space;
        this.logDensity = log;
    }

    @Override
    public ParameterSpace space() {
        return space;
    }

    @Override
    public double[] sample(UniformRandomProvider rng) {
        double[] theta = new double[space.dimension()];
        for (int i = 0; i < theta.length; i++) {
            Parameter p = space.get(i);
            theta[i] = p.lower() + (p.upper() - p.lower()) * rng.nextDouble();
        }
        return theta;
    }

    @Override
    public double logDensity(double[] theta) {
        return space.contains(theta) ? logDensity : Double.NEGATIVE_INFINITY;
    }

    @Override
    public String describe() {
        return space.parameters().stream()
                .map(p -> String.format(Locale.ROOT, "%s ~ Uniform(%s, %s)", p.name(), p.lower(), p.upper()))
                .collect(Collectors.joining(", "));
    }
}
