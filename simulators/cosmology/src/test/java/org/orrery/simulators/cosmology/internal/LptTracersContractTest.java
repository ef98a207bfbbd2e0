package org.orrery.simulators.cosmology.internal;

import java.util.Map;
import org.orrery.simulator.Simulator;
import org.orrery.testkit.SimulatorContract;

/** The testkit contract: lpt_tracers, 2-D 16². */
class LptTracersContractTest extends SimulatorContract {
    @Override
    protected Simulator simulator() {
        return new LptTracers(Settings.tracerFieldDefaults().with(Map.of("grid", 16, "dims", 2)));
    }

    @Override
    protected int draws() {
        return 4;
    }
}
