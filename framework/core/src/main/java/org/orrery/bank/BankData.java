package org.orrery.bank;

import java.util.List;
import java.util.Optional;
import org.orrery.data.ArraySpec;
import org.orrery.data.Box;
import org.orrery.data.SimulationSet;
import org.orrery.parameter.ParameterSpace;

/**
 * Random access to the rows of a bank: θ, the campaign index and every named output (the
 * observable first, then the latents) of each successful simulation, plus the failures. Training,
 * statistics and validation read banks through it. {@link BankView} reads a bank file row by row on
 * demand (a bank larger than the heap is fine); {@link Bank} holds one in memory.
 */
public interface BankData extends SimulationSet {

    BankMetadata metadata();

    @Override
    default ParameterSpace parameters() {
        return metadata().parameters();
    }

    @Override
    default ArraySpec observable() {
        return metadata().observable();
    }

    /** The observable and the latents, observable first. */
    default List<ArraySpec> outputs() {
        return metadata().outputs();
    }

    /** The simulated volume, when the simulator has one. */
    default Optional<Box> box() {
        return metadata().box();
    }

    /** Campaign index of row i. */
    long index(int i);

    /**
     * Flat row-major values of output {@code name} for row i (a fresh array); for a point set of
     * varying size, {@code count × width} values. Float32 outputs are widened.
     */
    double[] values(String name, int i);

    List<Failure> failures();

    /** The output called {@code name}, or a one-line error listing the outputs the bank has. */
    default ArraySpec output(String name) {
        for (ArraySpec a : outputs()) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("bank of " + metadata().simulatorId() + " has no output " + name
                + "; it has " + outputs().stream().map(ArraySpec::name).toList());
    }
}
