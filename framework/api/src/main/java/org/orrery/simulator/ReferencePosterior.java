package org.orrery.simulator;

import org.apache.commons.rng.UniformRandomProvider;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Implemented by benchmark simulators whose true posterior can be sampled (analytically, by
 * rejection or by MCMC on the known likelihood), so that estimators can be scored by C2ST.
 */
@ConsumerType
public interface ReferencePosterior {

    /** n draws from p(θ | x), each of length dim θ. */
    double[][] sampleReferencePosterior(double[] x, int n, UniformRandomProvider rng);
}
