package org.orrery.simulators.cosmology.internal;

import org.orrery.simulator.Simulator;
import org.orrery.testkit.SimulatorContract;

/** The testkit contract: linear_field with its defaults (2-D 32²). */
class LinearFieldContractTest extends SimulatorContract {
    @Override
    protected Simulator simulator() {
        return new LinearField();
    }

    @Override
    protected int draws() {
        return 4;
    }
}
