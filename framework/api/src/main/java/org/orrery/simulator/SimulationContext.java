package org.orrery.simulator;

/**
 * Where one simulation sits in its campaign, handed to
 * {@link Simulator#simulate(double[], org.apache.commons.rng.UniformRandomProvider, SimulationContext)}.
 * A simulator must still draw all its randomness from the stream it is given; the index is for
 * bookkeeping (an external program naming its scratch files, a log line), and a bank stays the same
 * for any number of workers because row i always gets index i.
 *
 * @param index the simulation's index in the campaign, 0 … num−1 (the bank's {@code /index} value)
 */
public record SimulationContext(long index) {

    public SimulationContext {
        if (index < 0) {
            throw new IllegalArgumentException("simulation index must be >= 0, got: " + index);
        }
    }
}
