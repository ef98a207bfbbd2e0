package org.orrery.validation;

import java.util.List;
import java.util.Optional;
import org.orrery.simulator.Simulator;

/**
 * What a validator may reach beyond the posterior and the held-out simulations: the simulator the
 * posterior was trained for (configured as it was for the bank), and observations the posterior is
 * applied to. A posterior predictive check needs both; calibration checks need neither.
 *
 * @param simulator    the simulator, when the caller has it installed
 * @param observations observed data vectors, each with a label (e.g. the file's name)
 */
public record ValidationContext(Optional<Simulator> simulator, List<Observed> observations) {

    /**
     * One observation.
     *
     * @param label  how reports name it
     * @param values flat row-major, the posterior's observable
     */
    public record Observed(String label, double[] values) {
        public Observed {
            if (label == null || label.isBlank()) {
                throw new IllegalArgumentException("an observation needs a label");
            }
            if (values == null || values.length == 0) {
                throw new IllegalArgumentException("observation " + label + " has no values");
            }
            values = values.clone();
        }

        @Override
        public double[] values() {
            return values.clone();
        }
    }

    public ValidationContext {
        simulator = simulator == null ? Optional.empty() : simulator;
        observations = observations == null ? List.of() : List.copyOf(observations);
    }

    /** Nothing beyond the posterior and the held-out set. */
    public static ValidationContext none() {
        return new ValidationContext(Optional.empty(), List.of());
    }
}
