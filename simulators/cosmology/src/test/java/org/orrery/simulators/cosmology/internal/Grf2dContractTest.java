package org.orrery.simulators.cosmology.internal;

import java.util.Map;
import org.orrery.simulator.Simulator;
import org.orrery.testkit.SimulatorContract;

/** The testkit contract: grf, 2-D 64². */
class Grf2dContractTest extends SimulatorContract {
    @Override
    protected Simulator simulator() {
        return new Grf(Settings.grfDefaults().with(Map.of("dims", 2)));
    }

    @Override
    protected int draws() {
        return 4;
    }
}
