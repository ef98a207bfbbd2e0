package org.orrery.posteriors.maf.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The degree-sorted sampling and log-prob paths against the textbook ones of {@link MafNetwork}
 * (d full MADE passes per block for inversion; the dense forward for log-prob), which the SameDiff
 * and finite-difference tests of {@link MafNetworkTest} tie to the model's definition.
 */
class MafInferenceTest {

    /** Summation order differs (sorted units, skipped zeros): agreement to rounding, not bits. */
    private static final double TOL = 1e-12;

    /** nflows' degrees, or random ones in [0, max(1, d−1)] (degree 0 and unreachable units included). */
    private static MafNetwork network(int d, int c, int h, int k, int bins, boolean randomDegrees, UniformRandomProvider rng) {
        if (!randomDegrees) {
            return MafNetwork.standard(d, c, h, k, bins, 2.5);
        }
        int[] deg = new int[h];
        for (int j = 0; j < h; j++) {
            deg[j] = rng.nextInt(Math.max(1, d - 1) + 1);
        }
        int[][] perm = new int[k - 1][];
        for (int b = 0; b < k - 1; b++) {
            perm[b] = new int[d];
            for (int i = 0; i < d; i++) {
                perm[b][i] = i;
            }
            for (int i = d - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = perm[b][i];
                perm[b][i] = perm[b][j];
                perm[b][j] = t;
            }
        }
        return new MafNetwork(d, c, h, k, deg, perm, MafNetwork.spline(bins, 2.5, h));
    }

    private static double maxRelDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
        }
        return m;
    }

    // 300 rows: two full tiles and a partial one
    @ParameterizedTest(name = "d={0} random degrees={1} bins={2}")
    @CsvSource({"1,false,0", "2,false,0", "5,false,0", "10,false,0", "1,true,0", "2,true,0", "5,true,0", "10,true,0",
        "1,false,5", "5,false,8", "2,true,4", "10,true,3"})
    void inverseAndLogProbMatchTheTextbookPaths(int d, boolean randomDegrees, int bins) {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(100L + d + (randomDegrees ? 50 : 0));
        int c = 3;
        int n = 2 * MafInference.TILE + 44;
        MafNetwork net = network(d, c, 20, 4, bins, randomDegrees, rng);
        double[] p = MafTestData.randomParams(net, rng);
        double[][] shared = net.sharedContext(p, MafTestData.normals(c, rng));
        MafInference inf = new MafInference(net, p);
        double[][] sorted = inf.sortShared(shared);
        double[] z = MafTestData.normals(n * d, rng);
        double[] zKeep = z.clone();

        double[] uRef = new double[n * d];
        net.inverse(p, z.clone(), shared, n, net.workspace(n), uRef);
        double[] u = new double[n * d];
        inf.inverse(z, sorted, n, inf.buffers(), u);
        assertArrayEquals(zKeep, z, "inverse leaves z alone");
        double du = maxRelDiff(u, uRef);
        assertTrue(du < TOL, "inverse differs from the textbook inversion by " + du);

        double[] lpRef = new double[n];
        net.forward(p, uRef, null, shared, n, net.workspace(n), lpRef);
        double[] lp = new double[n];
        inf.logProb(uRef, sorted, n, inf.buffers(), lp);
        double dl = maxRelDiff(lp, lpRef);
        assertTrue(dl < TOL, "log-prob differs from the dense forward by " + dl);
    }

    @ParameterizedTest(name = "d={0} bins={1}")
    @CsvSource({"2,0", "5,0", "3,6"})
    void everyRowDependsOnItselfOnly(int d, int bins) {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(9L + d);
        int c = 2;
        int n = MafInference.TILE + 37;
        MafNetwork net = MafNetwork.standard(d, c, 16, 3, bins, 2.5);
        double[] p = MafTestData.randomParams(net, rng);
        MafInference inf = new MafInference(net, p);
        double[][] sorted = inf.sortShared(net.sharedContext(p, MafTestData.normals(c, rng)));
        double[] z = MafTestData.normals(n * d, rng);
        double[] all = new double[n * d];
        inf.inverse(z, sorted, n, inf.buffers(), all);
        double[] lpAll = new double[n];
        inf.logProb(all, sorted, n, inf.buffers(), lpAll);
        // any split of the rows (tiles, chunks, threads) must give the same bits
        int split = 53;
        double[] head = new double[split * d];
        double[] tail = new double[(n - split) * d];
        inf.inverse(Arrays.copyOf(z, split * d), sorted, split, inf.buffers(), head);
        inf.inverse(Arrays.copyOfRange(z, split * d, n * d), sorted, n - split, inf.buffers(), tail);
        assertArrayEquals(Arrays.copyOf(all, split * d), head);
        assertArrayEquals(Arrays.copyOfRange(all, split * d, n * d), tail);
        // small buffers (7-row tiles, as a short call gets) and a range that starts mid-array
        double[] small = new double[n * d];
        inf.inverse(z, sorted, 0, split, inf.buffers(7), small);
        inf.inverse(z, sorted, split, n, inf.buffers(7), small);
        assertArrayEquals(all, small);
        double[] lpSmall = new double[n];
        inf.logProb(all, sorted, 0, n, inf.buffers(7), lpSmall);
        assertArrayEquals(lpAll, lpSmall, 0.0);
        MafInference.Buffers one = inf.buffers();
        double[] lp1 = new double[1];
        for (int r = 0; r < n; r++) {
            inf.logProb(Arrays.copyOfRange(all, r * d, (r + 1) * d), sorted, 1, one, lp1);
            assertEquals(lpAll[r], lp1[0], 0.0, "row " + r + " alone");
        }
    }
}
