package org.orrery.data;

import java.util.List;
import org.orrery.parameter.ParameterSpace;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Read access to (θ, x) pairs from a bank: training data for estimators and held-out pairs for
 * validators. The host implements it over bank files; plugins only read.
 */
@ProviderType
public interface SimulationSet {

    ParameterSpace parameters();

    ArraySpec observable();

    /** Number of successful simulations. */
    int size();

    /** θ of simulation i (a fresh array the caller may keep). */
    double[] theta(int i);

    /** Flat observable of simulation i (a fresh array the caller may keep). */
    double[] x(int i);

    /**
     * The observable and the latent fields this set holds, observable first (since 1.2: estimators
     * of joint posteriors, e.g. {@code interpolant}, train on a latent such as {@code delta_initial}).
     * The default holds the observable only.
     */
    default List<ArraySpec> outputs() {
        return List.of(observable());
    }

    /**
     * Flat values of output {@code name} for simulation i (a fresh array); the default knows only
     * the observable and names the outputs it has otherwise.
     */
    default double[] values(String name, int i) {
        if (observable().name().equals(name)) {
            return x(i);
        }
        throw new IllegalArgumentException("this simulation set has no output " + name + "; it has "
                + outputs().stream().map(ArraySpec::name).toList());
    }
}
