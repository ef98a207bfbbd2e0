package org.orrery.validation.clustering.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class PairStatisticsTest {

    private static final double L = 100.0;

    private static double[] uniform(int n, double lo, double hi, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double[] p = new double[3 * n];
        for (int i = 0; i < p.length; i++) {
            p[i] = lo + (hi - lo) * rng.nextDouble();
        }
        return p;
    }

    /** Reference: every pair, minimum image when periodic, bins [r_i, r_{i+1}) by linear search. */
    private static long[] brute(double[] a, double[] b, double[] edges, double box) {
        long[] c = new long[edges.length - 1];
        boolean auto = b == null;
        double[] q = auto ? a : b;
        for (int i = 0; i < a.length / 3; i++) {
            for (int j = auto ? i + 1 : 0; j < q.length / 3; j++) {
                double d2 = 0;
                for (int k = 0; k < 3; k++) {
                    double d = a[3 * i + k] - q[3 * j + k];
                    if (!Double.isNaN(box)) {
                        d = d > box / 2 ? d - box : d < -box / 2 ? d + box : d;
                    }
                    d2 += d * d;
                }
                for (int e = 0; e < c.length; e++) {
                    if (d2 >= edges[e] * edges[e] && d2 < edges[e + 1] * edges[e + 1]) {
                        c[e]++;
                    }
                }
            }
        }
        return c;
    }

    @Test
    void periodicAutoAndCrossCountsEqualBruteForce() {
        double[] a = uniform(3000, 0, L, 1);
        double[] b = uniform(1500, 0, L, 2);
        double[] edges = Inputs.logEdges(0.5, 30, 12);
        assertArrayEquals(brute(a, null, edges, L), PairCounter.auto(a, edges, L, 2).counts());
        assertArrayEquals(brute(a, b, edges, L), PairCounter.cross(a, b, edges, L, 2).counts());
        // small r_max: the 5-cell stencil; r_max near L/2: the single-cell minimum-image path
        double[] fine = {0, 1, 2, 4, 6};
        assertArrayEquals(brute(a, null, fine, L), PairCounter.auto(a, fine, L, 2).counts());
        double[] wide = {0, 10, 25, 49};
        assertArrayEquals(brute(a, null, wide, L), PairCounter.auto(a, wide, L, 2).counts());
    }

    @Test
    void openBoxCountsEqualBruteForce() {
        double[] a = uniform(2500, -20, 60, 3);
        double[] b = uniform(2000, 0, 90, 4);
        double[] edges = {0.0, 2, 5, 10, 17};
        assertArrayEquals(brute(a, null, edges, Double.NaN), PairCounter.auto(a, edges, Double.NaN, 2).counts());
        assertArrayEquals(brute(a, b, edges, Double.NaN), PairCounter.cross(a, b, edges, Double.NaN, 2).counts());
        // thread count does not change integers
        assertArrayEquals(PairCounter.auto(a, edges, Double.NaN, 1).counts(), PairCounter.auto(a, edges, Double.NaN, 3).counts());
    }

    /** Bins are [r_i, r_{i+1}): a pair exactly on an inner edge goes up, one on the last edge is dropped. */
    @Test
    void binsIncludeTheirLowerEdgeOnly() {
        // separations: 0.5 (p0-p3, on edge r_0), 1 (p0-p1, on edge r_1), 2 (p0-p2, on the last edge),
        // √1.25 (p1-p3), √5 and √4.25 (beyond); all squares are exact in binary
        double[] pts = {10, 10, 10, 11, 10, 10, 10, 12, 10, 10, 10, 10.5};
        double[] edges = {0.5, 1.0, 2.0};
        assertArrayEquals(new long[] {1, 2}, PairCounter.auto(pts, edges, Double.NaN, 1).counts());
        assertArrayEquals(new long[] {1, 2}, PairCounter.auto(pts, edges, L, 1).counts());
    }

    @Test
    void rejectsBadInput() {
        double[] pts = uniform(10, 0, L, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PairCounter.auto(pts, new double[] {0, 60}, L, 1));
        assertTrue(e.getMessage().contains("60"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PairCounter.auto(pts, new double[] {1, 1}, L, 1));
        double[] outside = {1, 2, 101};
        e = assertThrows(IllegalArgumentException.class, () -> PairCounter.auto(outside, new double[] {0, 5}, L, 1));
        assertTrue(e.getMessage().contains("101"), e.getMessage());
    }

    /** Poisson points: ξ = 0 in every bin within its Poisson error (|z| < 4, χ²/dof plausible). */
    @Test
    void xiOfPoissonPointsIsConsistentWithZero() {
        double[] p = uniform(40_000, 0, L, 6);
        CorrelationFunction.Xi xi = CorrelationFunction.periodic(p, L, Inputs.logEdges(1, 20, 15), 2);
        double chi2 = 0;
        for (int i = 0; i < xi.xi().length; i++) {
            double z = xi.xi()[i] / xi.error()[i];
            assertTrue(Math.abs(z) < 4, "bin " + i + ": xi = " + xi.xi()[i] + " ± " + xi.error()[i]);
            chi2 += z * z;
        }
        assertTrue(chi2 / xi.xi().length < 2.5, "chi2/dof = " + chi2 / xi.xi().length);
    }

    @Test
    void landySzalayOfPoissonPointsInAnOpenVolumeIsConsistentWithZero() {
        double[] d = uniform(8000, 0, L, 7);
        double[] r = uniform(24000, 0, L, 8);
        CorrelationFunction.Xi xi = CorrelationFunction.landySzalay(d, r, Inputs.logEdges(2, 20, 8), 2);
        for (int i = 0; i < xi.xi().length; i++) {
            // LS variance ≈ Poisson for uncorrelated points; allow 4σ plus the randoms' own noise
            assertTrue(Math.abs(xi.xi()[i]) < 4 * xi.error()[i] * Math.sqrt(1 + 8000.0 / 24000), "bin " + i + ": " + xi.xi()[i] + " ± " + xi.error()[i]);
        }
    }

    /** Isotropic points: monopole ≈ 0 and ξ₂ = ξ₄ ≈ 0; a squashed set (z compressed) has ξ₂ clearly ≠ 0. */
    @Test
    void xiMultipolesSeeAnisotropyOnlyWhenItIsThere() {
        double[] p = uniform(30_000, 0, L, 9);
        double[] edges = Inputs.logEdges(2, 15, 6);
        CorrelationFunction.Multipoles iso = CorrelationFunction.periodicMultipoles(p, L, edges, 10, 2, 2);
        CorrelationFunction.Xi ref = CorrelationFunction.periodic(p, L, edges, 2);
        for (int i = 0; i < edges.length - 1; i++) {
            assertEquals(ref.xi()[i], iso.xi0()[i], 1e-9, "monopole equals the angle-averaged xi");
            assertTrue(Math.abs(iso.xi2()[i]) < 5 * 5 * ref.error()[i], "xi2 = " + iso.xi2()[i]);
        }
        // pairs placed along z only: μ = 1, so ξ₂/ξ₀ → 5·L₂(1)… with ξ(s, μ) = 10·ξ_bin in the last μ bin
        double[] line = new double[3 * 200];
        for (int i = 0; i < 200; i++) {
            line[3 * i] = 50;
            line[3 * i + 1] = 50;
            line[3 * i + 2] = 0.37 * i;
        }
        CorrelationFunction.Multipoles los = CorrelationFunction.periodicMultipoles(line, L, new double[] {0.3, 3}, 10, 2, 1);
        assertTrue(los.xi2()[0] > 1.5 * los.xi0()[0] && los.xi0()[0] > 0, "line-of-sight pairs: xi2 = " + los.xi2()[0] + ", xi0 = " + los.xi0()[0]);
    }

    /** Hubble flow v = −H(r − c) inside a ball: every pair has (Δr·Δv)/|Δr| = −H|Δr| exactly. */
    @Test
    void pairwiseVelocityOfAnInfallFieldIsMinusHTimesSeparation() {
        int n = 3000;
        double h = 0.8;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(10L);
        double[] pos = new double[3 * n];
        double[] vel = new double[3 * n];
        for (int i = 0; i < n; i++) {
            double x;
            double y;
            double z;
            do {
                x = rng.nextDouble() * 40 - 20;
                y = rng.nextDouble() * 40 - 20;
                z = rng.nextDouble() * 40 - 20;
            } while (x * x + y * y + z * z > 400);
            pos[3 * i] = 50 + x;
            pos[3 * i + 1] = 50 + y;
            pos[3 * i + 2] = 50 + z;
            vel[3 * i] = -h * x;
            vel[3 * i + 1] = -h * y;
            vel[3 * i + 2] = -h * z;
        }
        double[] edges = Inputs.logEdges(0.5, 30, 10);
        PairCounter.Velocity v = PairCounter.pairwiseVelocity(pos, vel, edges, L, 2);
        // expected: −H × the mean separation of the pairs in each bin, from brute force
        double[] sum = new double[edges.length - 1];
        long[] cnt = new long[edges.length - 1];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dx = pos[3 * j] - pos[3 * i];
                double dy = pos[3 * j + 1] - pos[3 * i + 1];
                double dz = pos[3 * j + 2] - pos[3 * i + 2];
                double d = Math.sqrt(dx * dx + dy * dy + dz * dz);
                for (int b = 0; b < sum.length; b++) {
                    if (d * d >= edges[b] * edges[b] && d * d < edges[b + 1] * edges[b + 1]) {
                        sum[b] += d;
                        cnt[b]++;
                    }
                }
            }
        }
        assertArrayEquals(cnt, v.pairs());
        for (int b = 0; b < sum.length; b++) {
            assertEquals(-h * sum[b] / cnt[b], v.v12()[b], 1e-9 * h * edges[b + 1], "bin " + b);
            assertTrue(v.v12()[b] < 0, "infall is negative");
        }
        // random velocities, independent of position: v12 consistent with 0
        double[] noise = uniform(n, -1, 1, 11);
        PairCounter.Velocity r = PairCounter.pairwiseVelocity(pos, noise, edges, L, 2);
        // the same bits whatever the thread count (a member's v12 on a Spark executor is the local one)
        for (int threads : new int[] {1, 3, 5}) {
            PairCounter.Velocity again = PairCounter.pairwiseVelocity(pos, noise, edges, L, threads);
            assertArrayEquals(r.v12(), again.v12(), 0.0, threads + " threads");
            assertArrayEquals(r.error(), again.error(), 0.0, threads + " threads");
        }
        for (int b = 2; b < sum.length; b++) {
            assertTrue(Math.abs(r.v12()[b]) < 5 * r.error()[b], "bin " + b + ": " + r.v12()[b] + " ± " + r.error()[b]);
        }
    }
}
