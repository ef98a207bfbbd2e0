package org.orrery.external.internal;

import java.util.Arrays;
import org.orrery.data.ArraySpec;

/** Checks one output a program produced against the manifest. */
final class Outputs {

    private Outputs() {
    }

    /**
     * Returns {@code data} if its shape is the declared one; a scalar or a flat vector of the right
     * length is accepted for a declared vector. Throws a one-line failure naming both shapes otherwise.
     */
    static double[] check(ArraySpec spec, int[] shape, double[] data, String source) {
        int[] want = spec.shape();
        boolean ok = Arrays.equals(shape, want)
                || (want.length == 1 && want[0] == 1 && shape.length == 0 && data.length == 1);
        if (!ok || data.length != spec.size()) {
            throw new SimulationFailedException("wrong shape: " + source + " holds " + spec.name() + " with shape "
                    + Arrays.toString(shape) + ", the manifest declares " + Arrays.toString(want));
        }
        return data;
    }
}
