package org.orrery.posteriors.maf.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
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

    /** Affine blocks (bins 0) and spline blocks; bound 2 puts some N(0, 1) inputs in the linear tails. */
    @ParameterizedTest(name = "d={0} c={1} bins={2}")
    @CsvSource({"1,2,0", "3,2,0", "6,3,0", "1,2,4", "3,2,5", "6,3,3"})
    void gradientMatchesCentralDifferences(int d, int c, int bins) {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(99L + d);
        MafNetwork net = MafNetwork.standard(d, c, 7, 3, bins, 2.0);
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

    @ParameterizedTest(name = "d={0} bins={1}")
    @CsvSource({"1,0", "2,0", "7,0", "1,6", "2,6", "7,4"})
    void inverseUndoesForwardAndSharedContextMatchesPerRow(int d, int bins) {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(7L + d);
        int c = 3;
        MafNetwork net = MafNetwork.standard(d, c, 9, 4, bins, 2.5);
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

    /**
     * The vectorisable tanh against Math.tanh (itself within 2.5 ulps of the truth) on a dense grid
     * over [−25, 25] (past the clamp), on a log grid of small |x| where relative error shows, and
     * at the edges. Bound: 1e-15 absolute and 4e-15 relative, about 8 ulps of 1; the Padé
     * remainder alone is < 1e-17, the rest is rounding in the doublings.
     */
    @Test
    void fastTanhMatchesMathTanh() {
        int n = 1_000_001;
        double[] grid = new double[n];
        for (int i = 0; i < n; i++) {
            grid[i] = -25 + 50.0 * i / (n - 1);
        }
        double[] a = grid.clone();
        MafNetwork.tanh(a, 0, n);
        for (int i = 0; i < n; i++) {
            double ref = Math.tanh(grid[i]);
            assertEquals(ref, a[i], 1e-15, "tanh(" + grid[i] + ")");
            assertTrue(Math.abs(a[i]) <= 1 + 0x1p-52, "|tanh(" + grid[i] + ")| <= 1 + 1 ulp");
        }
        double[] small = new double[2 * 600];
        for (int i = 0; i < 600; i++) {
            small[2 * i] = Math.pow(10, -300 + 0.5 * i);
            small[2 * i + 1] = -small[2 * i];
        }
        double[] b = small.clone();
        MafNetwork.tanh(b, 0, b.length);
        for (int i = 0; i < b.length; i++) {
            double ref = Math.tanh(small[i]);
            assertEquals(ref, b[i], 4e-15 * Math.abs(ref), "tanh(" + small[i] + ")");
        }
        double[] edge = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 19.5, -19.5, 20, 1e300, -1e300,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
        double[] e = edge.clone();
        MafNetwork.tanh(e, 0, e.length);
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(e[0]), "tanh(+0) = +0");
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(e[1]), "tanh(-0) = -0");
        // subnormal inputs: x/16 may flush to a zero of the same sign; absolute error stays below 1e-320
        assertEquals(Double.MIN_VALUE, e[2], 1e-320);
        assertEquals(-Double.MIN_VALUE, e[3], 1e-320);
        assertTrue(e[2] >= 0 && e[3] <= 0 && 1 / e[3] < 0, "sign kept");
        for (int i = 4; i < 11; i++) {
            assertEquals(Math.signum(edge[i]), e[i], 2.3e-16, "tanh(" + edge[i] + ")");
        }
        assertTrue(Double.isNaN(e[11]), "NaN propagates");
    }

    /** Values must not depend on the offset or on whether C2 ran the vector or the scalar loop. */
    @Test
    void fastTanhIsOddAndIndependentOfTheSplit() {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(3L);
        int n = 20_011;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (2 * rng.nextDouble() - 1) * 8;
        }
        double[] all = x.clone();
        MafNetwork.tanh(all, 0, n);
        double[] neg = new double[n];
        double[] one = new double[1];
        for (int i = 0; i < n; i++) {
            neg[i] = -x[i];
            one[0] = x[i];
            MafNetwork.tanh(one, 0, 1);
            assertEquals(all[i], one[0], 0.0, "element " + i + " alone");
        }
        MafNetwork.tanh(neg, 0, n);
        for (int i = 0; i < n; i++) {
            assertEquals(-all[i], neg[i], 0.0, "tanh(-x) = -tanh(x) at " + x[i]);
        }
        double[] shifted = new double[n + 3];
        System.arraycopy(x, 0, shifted, 3, n);
        MafNetwork.tanh(shifted, 3, n);
        assertArrayEquals(all, java.util.Arrays.copyOfRange(shifted, 3, n + 3), 0.0);
    }

    /** softplus against the log1p form on a dense grid (absolute error ≤ 3e-16) and at the edges. */
    @Test
    void softplusMatchesTheLog1pForm() {
        for (int i = -400_000; i <= 400_000; i++) {
            double x = i * 1e-4;
            double ref = x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
            assertEquals(ref, MafNetwork.softplus(x), 3e-16 * Math.max(1, Math.abs(ref)), "softplus(" + x + ")");
        }
        assertEquals(Math.log(2), MafNetwork.softplus(0), 1e-16);
        assertEquals(0.0, MafNetwork.softplus(Double.NEGATIVE_INFINITY), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, MafNetwork.softplus(Double.POSITIVE_INFINITY), 0.0);
        assertEquals(800.0, MafNetwork.softplus(800), 0.0);
        assertTrue(Double.isNaN(MafNetwork.softplus(Double.NaN)));
    }
}
