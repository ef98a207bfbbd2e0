package org.orrery.simulators.cosmology.internal;

import java.util.Map;
import org.orrery.simulator.Simulator;
import org.orrery.testkit.SimulatorContract;

/** The testkit contract: grf, 3-D 32³. */
class GrfContractTest extends SimulatorContract {
    @Override
    protected Simulator simulator() {
        return new Grf(Settings.grfDefaults().with(Map.of("grid", 32)));
    }

    @Override
    protected int draws() {
        return 4;
    }
}
