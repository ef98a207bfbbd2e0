package org.orrery.validation;

import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.SimulationSet;
import org.orrery.posterior.Posterior;
import org.osgi.annotation.versioning.ConsumerType;

/** A posterior check over held-out simulations: SBC, TARP, coverage, C2ST, predictive checks. */
@ConsumerType
public interface Validator {

    String id();

    ValidationResult validate(Posterior posterior, SimulationSet heldOut, UniformRandomProvider rng);
}
