package org.orrery.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.parameter.ParameterSpace;
import org.orrery.prior.Prior;
import org.orrery.simulator.Simulator;

/**
 * {@code simulate --fix sigma_8=0.8}: a simulator whose prior pins some parameters to fixed values
 * (a delta prior in those components) and draws the rest from the plugin's own prior. Held-out sets
 * at a fiducial cosmology, or two banks that differ only in σ8, need exactly this.
 */
final class FixedParameters {

    private FixedParameters() {
    }

    /** Parses {@code NAME=VALUE} pairs against the simulator's parameter names; bad input is a one-line error. */
    static Map<Integer, Double> parse(List<String> fixes, ParameterSpace space) {
        Map<Integer, Double> out = new LinkedHashMap<>();
        for (String fix : fixes) {
            int eq = fix.indexOf('=');
            if (eq <= 0 || eq == fix.length() - 1) {
                throw new CliException("--fix wants NAME=VALUE, got: " + fix);
            }
            String name = fix.substring(0, eq).trim();
            int i = space.names().indexOf(name);
            if (i < 0) {
                throw new CliException("--fix: no parameter '" + name + "'; the parameters are " + String.join(", ", space.names()));
            }
            double value;
            try {
                value = Double.parseDouble(fix.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                throw new CliException("--fix " + name + ": not a number: " + fix.substring(eq + 1));
            }
            if (!space.get(i).contains(value)) {
                throw new CliException("--fix " + name + "=" + value + " lies outside the parameter's range ["
                        + space.get(i).lower() + ", " + space.get(i).upper() + "]");
            }
            if (out.put(i, value) != null) {
                throw new CliException("--fix names " + name + " twice");
            }
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
