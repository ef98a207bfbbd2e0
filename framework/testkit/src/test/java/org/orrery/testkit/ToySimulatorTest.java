package org.orrery.testkit;

import org.orrery.simulator.Simulator;

/** A correct simulator passes every check of the contract. */
class ToySimulatorTest extends SimulatorContract {
    @Override
    protected Simulator simulator() {
        return new Toy();
    }
}
