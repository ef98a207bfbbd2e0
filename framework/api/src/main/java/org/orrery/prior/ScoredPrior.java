package org.orrery.prior;

import org.osgi.annotation.versioning.ConsumerType;

/** A prior that also gives its score ∇θ log p(θ), for gradient-based samplers. */
@ConsumerType
public interface ScoredPrior extends Prior {

    /** ∇θ log p(θ) at θ inside the support. */
    double[] score(double[] theta);
}
