package org.orrery.validation;

import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.SimulationSet;
import org.orrery.posterior.Posterior;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A posterior check over held-out simulations (SBC, TARP, coverage, C2ST) or, through a
 * {@link ValidationContext}, against observations with the simulator (posterior predictive checks).
 */
@ConsumerType
public interface Validator {

    String id();

    ValidationResult validate(Posterior posterior, SimulationSet heldOut, UniformRandomProvider rng);

    /**
     * The check with access to the simulator and observations (a posterior predictive check uses
     * them); the default ignores the context.
     */
    default ValidationResult validate(Posterior posterior, SimulationSet heldOut, ValidationContext context,
            UniformRandomProvider rng) {
        return validate(posterior, heldOut, rng);
    }
}
