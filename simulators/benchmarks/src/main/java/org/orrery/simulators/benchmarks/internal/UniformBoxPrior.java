package org.orrery.simulators.benchmarks.internal;

import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.parameter.ParameterSpace;
import org.orrery.prior.Prior;

/** U(lower, upper)^dim: independent uniform components on the same interval. */
final class UniformBoxPrior implements Prior {

    private final ParameterSpace space;
    private final int dim;
    private final double lower;
    private final double upper;
    private final double logDensity;

    UniformBoxPrior(int dim, double lower, double upper) {
        if (!(Double.isFinite(lower) && Double.isFinite(upper) && lower < upper)) {
            throw new IllegalArgumentException("uniform prior needs finite lower < upper, got [" + lower + ", " + upper + "]");
        }
        this.space = Thetas.space(dim, lower, upper);
        this.dim = dim;
        this.lower = lower;
        this.upper = upper;
        this.logDensity = -dim * Math.log(upper - lower);
    }

    double lower() {
        return lower;
    }

    double upper() {
        return upper;
    }

    @Override
    public ParameterSpace space() {
        return space;
    }

    @Override
    public double[] sample(UniformRandomProvider rng) {
        double[] theta = new double[dim];
        for (int i = 0; i < dim; i++) {
            theta[i] = lower + (upper - lower) * rng.nextDouble();
        }
        return theta;
    }

    @Override
    public double logDensity(double[] theta) {
        return space.contains(theta) ? logDensity : Double.NEGATIVE_INFINITY;
    }

    @Override
    public String describe() {
        return "Uniform(" + Thetas.fmt(lower) + ", " + Thetas.fmt(upper) + ")^" + dim;
    }
}
