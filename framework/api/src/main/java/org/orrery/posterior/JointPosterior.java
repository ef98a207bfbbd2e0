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

    /**
     * n joint draws (since 1.1); implementations that integrate many draws at once override it. The
     * default calls {@link #sampleJoint(double[], UniformRandomProvider)} n times.
     */
    default List<Map<String, double[]>> sampleJoint(double[] x, int n, UniformRandomProvider rng) {
        if (n < 1) {
            throw new IllegalArgumentException("number of joint draws must be >= 1, got " + n);
        }
        List<Map<String, double[]>> out = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(sampleJoint(x, rng));
        }
        return out;
    }
}
