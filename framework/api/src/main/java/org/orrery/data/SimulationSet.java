package org.orrery.data;

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
}
