package org.orrery.posterior;

import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.ArraySpec;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A posterior over parameters and fields together, p(θ, δ_initial | x), as learned by stochastic
 * interpolants from (initial field, θ, observed field) triples.
 */
@ConsumerType
public interface JointPosterior extends Posterior {

    /** The latent fields it samples beside θ. */
    List<ArraySpec> latents();

    /** One joint draw: θ under the key {@code theta}, each latent under its name. */
    Map<String, double[]> sampleJoint(double[] x, UniformRandomProvider rng);
}
