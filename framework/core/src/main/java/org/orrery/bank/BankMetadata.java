package org.orrery.bank;

import java.time.Instant;
import org.orrery.data.ArraySpec;
import org.orrery.parameter.ParameterSpace;

/**
 * What a bank says about itself (HDF5 attributes of the root group).
 *
 * @param simulatorId      simulator plugin id
 * @param simulatorVersion bundle version of the simulator plugin that produced every row
 * @param parameters       names, units, LaTeX labels and bounds of θ, in column order
 * @param observable       name, shape and unit of x
 * @param prior            prior description, e.g. {@code Uniform(-1, 1)^2}
 * @param seed             master seed of the campaign
 * @param numRequested     simulations requested (ok + failed)
 * @param orreryVersion    version of Orrery that wrote it
 * @param created          when the bank was completed
 */
public record BankMetadata(String simulatorId, String simulatorVersion, ParameterSpace parameters,
        ArraySpec observable, String prior, long seed, long numRequested, String orreryVersion, Instant created) {

    public BankMetadata {
        if (simulatorId == null || simulatorId.isBlank()) {
            throw new IllegalArgumentException("bank needs a simulator id, got: " + simulatorId);
        }
        if (parameters == null || observable == null) {
            throw new IllegalArgumentException("bank needs a parameter space and an observable");
        }
        if (numRequested < 0) {
            throw new IllegalArgumentException("num requested must be >= 0, got: " + numRequested);
        }
        simulatorVersion = simulatorVersion == null ? "" : simulatorVersion;
        prior = prior == null ? "" : prior;
        orreryVersion = orreryVersion == null ? OrreryVersion.get() : orreryVersion;
        created = created == null ? Instant.now() : created;
    }
}
