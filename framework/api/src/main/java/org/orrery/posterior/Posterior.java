package org.orrery.posterior;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.ArraySpec;
import org.orrery.parameter.ParameterSpace;
import org.osgi.annotation.versioning.ConsumerType;

/** An amortised posterior q(θ | x): samples and log-densities for any observation x. */
@ConsumerType
public interface Posterior {

    ParameterSpace parameters();

    ArraySpec observable();

    /** n draws θ ~ q(θ | x) inside the prior support, rows of length dim θ. */
    double[][] sample(double[] x, int n, UniformRandomProvider rng);

    /** log q(θ | x). */
    double logProb(double[] theta, double[] x);

    /** Batched log q(θ_i | x); override when the network can do it faster. */
    default double[] logProb(double[][] theta, double[] x) {
        double[] out = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            out[i] = logProb(theta[i], x);
        }
        return out;
    }

    /** Writes the estimator-specific payload (weights, normalisation) that its estimator can load. */
    void write(OutputStream out) throws IOException;
}
