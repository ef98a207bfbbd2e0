package org.orrery.validation.calibration.internal;

import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.SimulationSet;

/** The (θ*, x) pairs a check uses: all of the held-out set, or a random subset of {@code max} of them. */
record HeldOut(double[][] theta, double[][] x) {

    /** Below this many pairs none of the tests has any power. */
    static final int MIN_PAIRS = 10;

    static HeldOut choose(SimulationSet set, int max, UniformRandomProvider rng, String check) {
        int size = set.size();
        if (size < MIN_PAIRS) {
            throw new IllegalArgumentException(check + " needs at least " + MIN_PAIRS + " held-out simulations, got " + size);
        }
        int n = Math.min(max, size);
        int[] order = size > n ? C2st.permutation(size, rng) : null;
        double[][] theta = new double[n][];
        double[][] x = new double[n][];
        int dim = set.parameters().dimension();
        for (int i = 0; i < n; i++) {
            int k = order == null ? i : order[i];
            theta[i] = set.theta(k);
            x[i] = set.x(k);
            if (theta[i].length != dim) {
                throw new IllegalArgumentException(check + ": held-out θ " + k + " has " + theta[i].length + " values, expected " + dim);
            }
        }
        return new HeldOut(theta, x);
    }

    int size() {
        return theta.length;
    }
}
