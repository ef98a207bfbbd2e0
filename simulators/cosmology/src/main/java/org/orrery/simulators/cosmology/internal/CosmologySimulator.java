package org.orrery.simulators.cosmology.internal;

import java.util.Arrays;
import java.util.Optional;
import org.orrery.data.ArraySpec;
import org.orrery.data.Box;
import org.orrery.prior.Prior;
import org.orrery.simulator.Simulator;

/** What the cosmology simulators share: settings, the (Ω_m, σ8) prior and the box. */
abstract class CosmologySimulator implements Simulator {

    private static final Prior PRIOR = new CosmologyPrior();

    final Settings settings;

    CosmologySimulator(Settings settings) {
        if (settings == null) {
            throw new IllegalArgumentException(id() + ": settings must not be null");
        }
        this.settings = settings;
    }

    /** The mesh, cosmology and tracer settings this instance runs with. */
    public Settings current() {
        return settings;
    }

    @Override
    public final Prior prior() {
        return PRIOR;
    }

    @Override
    public Optional<Box> box() {
        return Optional.of(new Box(settings.boxLength(), settings.grid(), settings.dims(), settings.redshift()));
    }

    /** The cosmology at θ; a θ with a wrong length or an unphysical value fails with a clear message. */
    Cosmology cosmology(double[] theta) {
        if (theta == null || theta.length != 2) {
            throw new IllegalArgumentException(id() + ": θ must be (Omega_m, sigma_8), got: " + Arrays.toString(theta));
        }
        return settings.cosmology(theta[0], theta[1]);
    }

    int[] gridShape() {
        int n = settings.grid();
        return settings.dims() == 3 ? new int[] {n, n, n} : new int[] {n, n};
    }

    /** A float32 field on the mesh (an observable or a latent), dimensionless. */
    ArraySpec gridField(String name) {
        return new ArraySpec(name, gridShape(), "", ArraySpec.Kind.GRID, ArraySpec.DType.FLOAT32);
    }
}
