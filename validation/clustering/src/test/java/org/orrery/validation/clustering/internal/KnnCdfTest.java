package org.orrery.validation.clustering.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class KnnCdfTest {

    @Test
    void distancesEqualBruteForceMinimumImage() {
        double box = 50;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(21L);
        int[] ks = {1, 3, 8};
        for (int n : new int[] {9, 60, 4000}) { // tiny grids take the brute-force fallback
            double[] data = KnnCdf.randomQueries(n, box, rng);
            double[] q = KnnCdf.randomQueries(700, box, rng);
            double[][] d = KnnCdf.distances(data, q, box, ks, 2);
            for (int i = 0; i < 700; i++) {
                double[] all = new double[n];
                for (int p = 0; p < n; p++) {
                    double s = 0;
                    for (int c = 0; c < 3; c++) {
                        s += sq(PairCounter.minImage(q[3 * i + c] - data[3 * p + c], box / 2, box));
                    }
                    all[p] = s;
                }
                Arrays.sort(all);
                for (int j = 0; j < ks.length; j++) {
                    assertEquals(Math.sqrt(all[ks[j] - 1]), d[j][i], 1e-12, "n=" + n + " query " + i + " k=" + ks[j]);
                }
            }
        }
    }

    /**
     * Poisson points of density λ: CDF_k(r) = 1 − Σ_{j<k} e^{−λV}(λV)^j/j!, V = 4πr³/3. KS distance
     * over 400 radii below 0.015 (the 1-sample KS 99 % bound for 40 000 queries is 0.008; the data
     * realisation adds comparable noise because queries share the same points).
     */
    @Test
    void cdfOfPoissonPointsMatchesErlang() {
        double box = 100;
        int n = 40_000;
        double lambda = n / (box * box * box);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(22L);
        double[] data = KnnCdf.randomQueries(n, box, rng);
        int[] ks = {1, 2, 4, 8};
        double[] r = new double[400];
        for (int i = 0; i < r.length; i++) {
            r[i] = 0.02 * (i + 1);
        }
        KnnCdf.Cdf c = KnnCdf.cdf(data, box, ks, r, 0, rng, 2);
        assertEquals(n, c.queries());
        for (int j = 0; j < ks.length; j++) {
            double ks0 = 0;
            for (int i = 0; i < r.length; i++) {
                double lv = lambda * 4 * Math.PI * r[i] * r[i] * r[i] / 3;
                double term = Math.exp(-lv);
                double below = 0;
                for (int m = 0; m < ks[j]; m++) {
                    below += term;
                    term *= lv / (m + 1);
                }
                double erlang = 1 - below;
                ks0 = Math.max(ks0, Math.abs(c.cdf()[j][i] - erlang));
                assertEquals(Math.min(c.cdf()[j][i], 1 - c.cdf()[j][i]), c.peaked()[j][i], 0);
            }
            assertTrue(ks0 < 0.015, "k=" + ks[j] + ": KS distance " + ks0);
            assertTrue(c.cdf()[j][r.length - 1] > 0.99, "radii reach the top of the CDF");
        }
    }

    @Test
    void rejectsKAboveThePointCount() {
        double[] data = {1, 1, 1, 2, 2, 2};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KnnCdf.distances(data, data, 10, new int[] {3}, 1));
        assertTrue(e.getMessage().contains("3"), e.getMessage());
    }

    private static double sq(double v) {
        return v * v;
    }
}
