package org.orrery.simulators.cosmology.internal;

import org.orrery.simulator.Simulator;
import org.orrery.testkit.SimulatorContract;

/** The testkit contract: lpt with the defaults its DS component uses (32³). */
class LptDefaultsContractTest extends SimulatorContract {
    @Override
    protected Simulator simulator() {
        return new LptSimulator();
    }

    @Override
    protected int draws() {
        return 2;
    }
}
