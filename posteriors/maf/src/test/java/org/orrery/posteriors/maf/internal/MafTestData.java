package org.orrery.posteriors.maf.internal;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/** Random inputs shared by the network and inference tests. */
final class MafTestData {

    private MafTestData() {
    }

    /** Weights of order one, far from the near-identity initialisation so every unit matters; masked. */
    static double[] randomParams(MafNetwork net, UniformRandomProvider rng) {
        double[] p = new double[net.numParams()];
        for (int i = 0; i < p.length; i++) {
            p[i] = (2 * rng.nextDouble() - 1) * 0.7 * net.mask[i];
        }
        return p;
    }

    static double[] normals(int n, UniformRandomProvider rng) {
        var g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = g.sample();
        }
        return a;
    }
}
