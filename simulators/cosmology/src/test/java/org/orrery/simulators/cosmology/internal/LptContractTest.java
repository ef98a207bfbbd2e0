package org.orrery.simulators.cosmology.internal;

import java.util.Map;
import org.orrery.simulator.Simulator;
import org.orrery.testkit.SimulatorContract;

/** The testkit contract: lpt, 16³ with particle outputs. */
class LptContractTest extends SimulatorContract {
    @Override
    protected Simulator simulator() {
        return new LptSimulator(Settings.lptDefaults().with(Map.of("grid", 16, "keep_particles", true)));
    }

    @Override
    protected int draws() {
        return 4;
    }
}
