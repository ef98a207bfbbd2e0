package org.orrery.simulators.cosmology.internal;

import java.util.Map;
import org.orrery.simulator.Simulator;
import org.orrery.testkit.SimulatorContract;

/** The testkit contract: tracers, 16³ in redshift space. */
class TracersContractTest extends SimulatorContract {
    @Override
    protected Simulator simulator() {
        return new Tracers(Settings.lptDefaults().with(Map.of("grid", 16, "redshift_space", true)));
    }

    @Override
    protected int draws() {
        return 4;
    }
}
