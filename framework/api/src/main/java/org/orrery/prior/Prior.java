package org.orrery.prior;

import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.parameter.ParameterSpace;
import org.osgi.annotation.versioning.ConsumerType;

/** A prior distribution over a parameter space: draws θ and evaluates log p(θ). */
@ConsumerType
public interface Prior {

    ParameterSpace space();

    /** One draw θ ~ p(θ), using only {@code rng} so that draws are reproducible. */
    double[] sample(UniformRandomProvider rng);

    /** log p(θ), {@code Double.NEGATIVE_INFINITY} outside the support. */
    double logDensity(double[] theta);

    /** A short human-readable form stored in bank attributes, e.g. {@code Uniform(-1, 1)^2}. */
    default String describe() {
        return getClass().getSimpleName();
    }

    default boolean inSupport(double[] theta) {
        return space().contains(theta) && logDensity(theta) > Double.NEGATIVE_INFINITY;
    }

    default double[][] sample(UniformRandomProvider rng, int n) {
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = sample(rng);
        }
        return out;
    }
}
