package org.orrery.posteriors.interpolant.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.ArraySpec;
import org.orrery.data.SimulationSet;
import org.orrery.parameter.ParameterSpace;
import org.orrery.simulator.Simulator;

/**
 * An in-memory bank of a simulator with latents: θ, the observable and every latent per row (the tests' and
 * the field benches'; rows may hold further outputs, which are not listed).
 */
public record FieldBank(ParameterSpace parameters, ArraySpec observable, List<ArraySpec> latents, List<double[]> thetas,
        List<Map<String, double[]>> rows) implements SimulationSet {

    /** n simulations of {@code sim} with θ from its prior. */
    public static FieldBank of(Simulator sim, int n, UniformRandomProvider rng) {
        List<double[]> th = new ArrayList<>();
        List<Map<String, double[]>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] t = sim.prior().sample(rng);
            th.add(t);
            rows.add(sim.simulateAll(t, rng));
        }
        return of(sim, th, rows);
    }

    /** The given θ and rows of {@code sim} (each row: the observable and every latent by name). */
    public static FieldBank of(Simulator sim, List<double[]> thetas, List<Map<String, double[]>> rows) {
        return new FieldBank(sim.parameters(), sim.observable(), sim.latents(), thetas, rows);
    }

    @Override
    public int size() {
        return rows.size();
    }

    @Override
    public double[] theta(int i) {
        return thetas.get(i).clone();
    }

    @Override
    public double[] x(int i) {
        return rows.get(i).get(observable.name()).clone();
    }

    @Override
    public List<ArraySpec> outputs() {
        List<ArraySpec> out = new ArrayList<>();
        out.add(observable);
        out.addAll(latents);
        return out;
    }

    @Override
    public double[] values(String name, int i) {
        double[] v = rows.get(i).get(name);
        if (v == null) {
            throw new IllegalArgumentException("no output " + name);
        }
        return v.clone();
    }
}
