package org.orrery.host.testplugins.missingimport;

import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.ArraySpec;
import org.orrery.prior.Prior;
import org.orrery.simulator.Simulator;
import org.osgi.service.component.annotations.Component;

/** Packaged with an import of a package nobody exports, so its bundle cannot resolve. */
@Component(property = {"orrery.id=test_unresolvable"})
public class UnresolvableSimulator implements Simulator {

    @Override
    public String id() {
        return "test_unresolvable";
    }

    @Override
    public Prior prior() {
        throw new UnsupportedOperationException();
    }

    @Override
    public ArraySpec observable() {
        return ArraySpec.vector("x", 1);
    }

    @Override
    public double[] simulate(double[] theta, UniformRandomProvider rng) {
        return new double[1];
    }
}
