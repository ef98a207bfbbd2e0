package org.orrery.posteriors.interpolant.internal;

import org.orrery.data.ArraySpec;
import org.orrery.data.SimulationSet;
import org.orrery.parameter.ParameterSpace;

/** An in-memory bank of (θ, x) vectors, one row per simulation (the tests' and the fmpe bench's). */
public record VectorBank(ParameterSpace parameters, ArraySpec observable, double[][] thetas, double[][] xs) implements SimulationSet {

    @Override
    public int size() {
        return thetas.length;
    }

    @Override
    public double[] theta(int i) {
        return thetas[i].clone();
    }

    @Override
    public double[] x(int i) {
        return xs[i].clone();
    }
}
