package org.orrery.posteriors.maf.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fused network against independent references: SameDiff's log-probabilities and autodiff
 * gradients, central finite differences, and exact invertibility of the sampling path.
 */
class MafNetworkTest {

    @ParameterizedTest(name = "d={0} c={1} h={2} k={3}")
    @CsvSource({"1,1,6,2", "2,3,8,3", "5,4,10,4", "10,10,12,5"})
    void logProbAndGradientMatchSameDiff(int d, int c, int h, int k) {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(1234L + d);
        MafNetwork net = MafNetwork.standard(d, c, h, k);
        double[] p = MafTestData.randomParams(net, rng);
        int n = 17;
        double[] u = MafTestData.normals(n * d, rng);
        double[] ctx = MafTestData.normals(n * c, rng);
        MafNetwork.Workspace w = net.workspace(n);
        double[] lp = new double[n];
        net.forward(p, u, ctx, null, n, w, lp);
        double[] g = new double[p.length];
        net.backward(p, ctx, n, w, g);

        var ref = new SameDiffMafReference(net, p);
        double[] lpRef = ref.logProb(u, ctx, n);
        for (int r = 0; r < n; r++) {
            assertEquals(lpRef[r], lp[r], 1e-9 * Math.max(1, Math.abs(lpRef[r])), "log q of row " + r);
        }
        double[] gRef = ref.gradient(u, ctx, n);
        double scale = 0;
        for (double v : gRef) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 1e-3, "reference gradient is not trivially zero");
        for (int i = 0; i < p.length; i++) {
            assertEquals(gRef[i], g[i], 1e-9 * scale, "gradient of parameter " + i);
            if (net.mask[i] == 0) {
                assertEquals(0.0, g[i], 0.0, "masked parameter " + i + " must get no gradient");
            }
        }
    }

    @ParameterizedTest(name = "d={0} c={1}")
    @CsvSource({"1,2", "3,2", "6,3"})
    void gradientMatchesCentralDifferences(int d, int c) {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(99L + d);
        MafNetwork net = MafNetwork.standard(d, c, 7, 3);
        double[] p = MafTestData.randomParams(net, rng);
        int n = 9;
        double[] u = MafTestData.normals(n * d, rng);
        double[] ctx = MafTestData.normals(n * c, rng);
        MafNetwork.Workspace w = net.workspace(n);
        double[] g = new double[p.length];
        double[] lp = new double[n];
        net.forward(p, u, ctx, null, n, w, lp);
        net.backward(p, ctx, n, w, g);
        double eps = 1e-6;
        int checked = 0;
        for (int i = 0; i < p.length; i++) {
            if (net.mask[i] == 0) {
                continue;
            }
            double keep = p[i];
            p[i] = keep + eps;
            double lPlus = loss(net, p, u, ctx, n, w, lp);
            p[i] = keep - eps;
            double lMinus = loss(net, p, u, ctx, n, w, lp);
            p[i] = keep;
            double fd = (lPlus - lMinus) / (2 * eps);
            assertEquals(fd, g[i], 1e-6 * Math.max(1, Math.abs(fd)), "parameter " + i);
            checked++;
        }
        assertTrue(checked > 50, "checked " + checked + " parameters");
    }

    private static double loss(MafNetwork net, double[] p, double[] u, double[] ctx, int n, MafNetwork.Workspace w, double[] lp) {
        net.forward(p, u, ctx, null, n, w, lp);
        double s = 0;
        for (int r = 0; r < n; r++) {
            s -= lp[r];
        }
        return s / n;
    }

    @ParameterizedTest(name = "d={0}")
    @CsvSource({"1", "2", "7"})
    void inverseUndoesForwardAndSharedContextMatchesPerRow(int d) {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(7L + d);
        int c = 3;
        MafNetwork net = MafNetwork.standard(d, c, 9, 4);
        double[] p = MafTestData.randomParams(net, rng);
        int n = 31;
        double[] z = MafTestData.normals(n * d, rng);
        double[] zKeep = z.clone();
        double[] cvec = MafTestData.normals(c, rng);
        double[][] shared = net.sharedContext(p, cvec);
        MafNetwork.Workspace w = net.workspace(n);
        double[] u = new double[n * d];
        net.inverse(p, z, shared, n, w, u);
        double[] ctx = new double[n * c];
        for (int r = 0; r < n; r++) {
            System.arraycopy(cvec, 0, ctx, r * c, c);
        }
        double[] lpShared = new double[n];
        double[] lpRows = new double[n];
        net.forward(p, u, null, shared, n, w, lpShared);
        assertArrayEquals(zKeep, java.util.Arrays.copyOf(w.z, n * d), 1e-9,
                "T(T⁻¹(z)) = z");
        net.forward(p, u, ctx, null, n, w, lpRows);
        assertArrayEquals(lpRows, lpShared, 1e-12);
    }
}
