package org.orrery.host.testplugins.throwing;

import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.ArraySpec;
import org.orrery.prior.Prior;
import org.orrery.simulator.Simulator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Fails in activation, as a plugin with a missing resource or bad setup would. */
@Component(property = {"orrery.id=test_throwing", "orrery.name=Throws in activate"})
public class ThrowingSimulator implements Simulator {

    @Activate
    void activate() {
        throw new IllegalStateException("deliberate failure in activate");
    }

    @Override
    public String id() {
        return "test_throwing";
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
