package org.orrery.workflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.parameter.ParameterSpace;
import org.orrery.prior.Prior;
import org.orrery.simulator.Simulator;

/**
 * A simulator whose prior pins some parameters to fixed values
 * (a delta prior in those components) and draws the rest from the plugin's own prior. Held-out sets
 * at a fiducial cosmology, or two banks that differ only in σ8, need exactly this.
 */
final class FixedParameters {

    private FixedParameters() {
    }

    /** Pins by parameter name, checked against the simulator's parameters; bad input is a one-line error. */
    static Map<Integer, Double> resolve(Map<String, Double> fixed, ParameterSpace space) {
        Map<Integer, Double> out = new LinkedHashMap<>();
        for (var e : fixed.entrySet()) {
            String name = e.getKey();
            double value = e.getValue();
            int i = space.names().indexOf(name);
            if (i < 0) {
                throw new RefusedValueException("fix", ": no parameter '" + name + "'; the parameters are "
                        + String.join(", ", space.names()), null);
            }
            if (!space.get(i).contains(value)) {
                throw new RefusedValueException("fix", name + "=" + value + " lies outside the parameter's range ["
                        + space.get(i).lower() + ", " + space.get(i).upper() + "]", null);
            }
            out.put(i, value);
        }
        return out;
    }

    /** The simulator with its prior pinned at {@code fixed}; the simulator itself is not touched. */
    static Simulator pin(Simulator simulator, Map<Integer, Double> fixed) {
        if (fixed.isEmpty()) {
            return simulator;
        }
        Prior base = simulator.prior();
        Prior pinned = new Prior() {
            @Override
            public ParameterSpace space() {
                return base.space();
            }

            @Override
            public double[] sample(UniformRandomProvider rng) {
                double[] theta = base.sample(rng);
                fixed.forEach((i, v) -> theta[i] = v);
                return theta;
            }

            @Override
            public double logDensity(double[] theta) {
                for (var e : fixed.entrySet()) {
                    if (theta[e.getKey()] != e.getValue()) {
                        return Double.NEGATIVE_INFINITY;
                    }
                }
                // density of the free components: the base prior's conditional up to a constant
                return base.logDensity(theta);
            }

            @Override
            public String describe() {
                List<String> pins = new ArrayList<>();
                fixed.forEach((i, v) -> pins.add(base.space().get(i).name() + "=" + v));
                return base.describe() + " with " + String.join(", ", pins) + " fixed";
            }
        };
        return new SimulatorWithPrior(simulator, pinned);
    }
}
