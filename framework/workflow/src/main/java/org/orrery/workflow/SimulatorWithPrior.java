package org.orrery.workflow;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.ArraySpec;
import org.orrery.data.Box;
import org.orrery.prior.Prior;
import org.orrery.simulator.SimulationContext;
import org.orrery.simulator.Simulator;

/** A simulator plugin run under another prior (a pipeline's prior plugin, or --fix pins); the plugin is untouched. */
record SimulatorWithPrior(Simulator simulator, Prior prior) implements Simulator {
    SimulatorWithPrior {
        if (!prior.space().names().equals(simulator.parameters().names())) {
            throw new WorkflowException("prior " + prior.describe() + " is over " + prior.space().names() + ", but simulator "
                    + simulator.id() + " takes " + simulator.parameters().names());
        }
    }

    @Override
    public String id() {
        return simulator.id();
    }

    @Override
    public String displayName() {
        return simulator.displayName();
    }

    @Override
    public ArraySpec observable() {
        return simulator.observable();
    }

    @Override
    public List<ArraySpec> latents() {
        return simulator.latents();
    }

    @Override
    public Optional<Box> box() {
        return simulator.box();
    }

    @Override
    public double[] simulate(double[] theta, UniformRandomProvider rng) {
        return simulator.simulate(theta, rng);
    }

    @Override
    public Map<String, double[]> simulateAll(double[] theta, UniformRandomProvider rng) {
        return simulator.simulateAll(theta, rng);
    }

    @Override
    public double[] simulate(double[] theta, UniformRandomProvider rng, SimulationContext context) {
        return simulator.simulate(theta, rng, context);
    }

    @Override
    public Map<String, double[]> simulateAll(double[] theta, UniformRandomProvider rng, SimulationContext context) {
        return simulator.simulateAll(theta, rng, context);
    }
}
