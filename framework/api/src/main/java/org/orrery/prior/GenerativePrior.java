package org.orrery.prior;

import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.ArraySpec;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A learned prior over a field or image (e.g. a diffusion model of galaxy images for EHT-style
 * plug-and-play reconstruction): draws fields and gives the score of its noise-smoothed density.
 */
@ConsumerType
public interface GenerativePrior {

    String id();

    /** Shape of the fields it models. */
    ArraySpec field();

    /** One draw from the prior, flat row-major. */
    double[] sample(UniformRandomProvider rng);

    /** ∇ log p_σ(field): the score of the prior convolved with Gaussian noise of std {@code sigma}. */
    double[] score(double[] field, double sigma);

    /** log p(field) when the model can evaluate it, NaN otherwise. */
    default double logDensity(double[] field) {
        return Double.NaN;
    }
}
