package org.orrery.simulators.cosmology.internal;

import org.orrery.mesh.Mesh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class TracersTest {

    private static final double L = 250;
    private static final int N = 32;
    private static final double[] THETA = {0.3, 0.8};

    /**
     * Unbiased (b = 0): every cell is Poisson(λ = n̄ Δ³ = 2). Over 32³ cells the sample mean has
     * standard error sqrt(λ/M) and the sample variance sqrt((λ + 2λ²)/M) (Poisson μ4 − σ⁴); both
     * within 4 of those.
     */
    @Test
    void unbiasedCountsInCellsArePoissonWithTheRequestedDensity() {
        double cell = L / N;
        double lambda = 2;
        Settings s = Settings.lptDefaults().with(Map.of("grid", N, "box_length", L, "bias", 0.0,
                "number_density", lambda / (cell * cell * cell)));
        double[] pos = new Tracers(s).simulate(THETA, RandomSource.XO_RO_SHI_RO_128_PP.create(1L));
        int cells = N * N * N;
        int[] counts = new int[cells];
        for (int p = 0; p < pos.length / 3; p++) {
            // the cell of node i is [(i − ½)Δ, (i + ½)Δ)
            int ix = Math.floorMod((int) Math.floor(pos[3 * p] / cell + 0.5), N);
            int iy = Math.floorMod((int) Math.floor(pos[3 * p + 1] / cell + 0.5), N);
            int iz = Math.floorMod((int) Math.floor(pos[3 * p + 2] / cell + 0.5), N);
            counts[(iz * N + iy) * N + ix]++;
        }
        double mean = 0;
        for (int c : counts) {
            mean += c;
        }
        mean /= cells;
        double var = 0;
        for (int c : counts) {
            var += (c - mean) * (c - mean);
        }
        var /= cells - 1;
        assertEquals(lambda, mean, 4 * Math.sqrt(lambda / cells), "mean count per cell");
        assertEquals(lambda, var, 4 * Math.sqrt((lambda + 2 * lambda * lambda) / cells), "count variance per cell");
    }

    /**
     * Biased (b = 1.5): intensities are normalised so that Σ λ = n̄ V exactly; the total count of
     * each realisation is Poisson(n̄ V). Mean over R realisations within 4 σ = 4 sqrt(n̄V/R); the
     * index of dispersion (variance/mean) within the 99.9% band of χ²_{R−1}/(R−1).
     */
    @Test
    void biasedTotalCountsArePoissonWithMeanNbarV() {
        Settings s = Settings.lptDefaults().with(Map.of("grid", N, "box_length", L, "bias", 1.5, "number_density", 2e-4));
        Tracers t = new Tracers(s);
        double expected = 2e-4 * L * L * L;
        int r = 24;
        double[] totals = new double[r];
        var rng = RandomSource.XO_RO_SHI_RO_128_PP.create(2L);
        for (int i = 0; i < r; i++) {
            totals[i] = t.simulate(THETA, rng).length / 3.0;
        }
        double mean = 0;
        for (double v : totals) {
            mean += v / r;
        }
        double var = 0;
        for (double v : totals) {
            var += (v - mean) * (v - mean) / (r - 1);
        }
        assertEquals(expected, mean, 4 * Math.sqrt(expected / r), "mean total count");
        double dispersion = var / expected;
        // χ²_23/23 lies in [0.34, 2.05] with probability 0.999
        assertTrue(dispersion > 0.34 && dispersion < 2.05, "index of dispersion " + dispersion);
    }

    /** Intensities sum to n̄ V, and with b > 0 are higher where δ is higher. */
    @Test
    void intensitiesFollowTheDensityAndSumToNbarV() {
        Mesh mesh = new Mesh(4, 10, 3);
        double[] delta = new double[64];
        for (int i = 0; i < 64; i++) {
            delta[i] = (i % 7) * 0.5 - 1;
        }
        double[] lambda = Tracers.intensities(mesh, delta, 2.0, 0.3);
        double sum = 0;
        for (double l : lambda) {
            sum += l;
        }
        assertEquals(0.3 * 1000, sum, 1e-9);
        assertEquals(Math.exp(2.0 * (delta[5] - delta[1])), lambda[5] / lambda[1], 1e-12);
    }

    /** Redshift space moves only z, by v_z/(aH), periodically; x, y and the velocities are unchanged. */
    @Test
    void redshiftSpaceShiftsZByVzOverAH() {
        Settings real = Settings.lptDefaults().with(Map.of("grid", N, "box_length", L));
        Settings rsd = Settings.lptDefaults().with(Map.of("grid", N, "box_length", L, "redshift_space", true));
        Map<String, double[]> a = new Tracers(real).simulateAll(THETA, RandomSource.XO_RO_SHI_RO_128_PP.create(4L));
        Map<String, double[]> b = new Tracers(rsd).simulateAll(THETA, RandomSource.XO_RO_SHI_RO_128_PP.create(4L));
        double[] pa = a.get("positions");
        double[] pb = b.get("positions");
        double[] v = b.get("velocities");
        assertEquals(pa.length, pb.length);
        assertTrue(pa.length > 3000, "tracers: " + pa.length / 3);
        Cosmology c = real.cosmology(THETA[0], THETA[1]);
        double scale = 1 / 1.5;
        double aH = scale * c.hubble(scale);
        double maxShift = 0;
        for (int p = 0; p < pa.length / 3; p++) {
            assertEquals(pa[3 * p], pb[3 * p], 0.0);
            assertEquals(pa[3 * p + 1], pb[3 * p + 1], 0.0);
            double shift = pb[3 * p + 2] - pa[3 * p + 2];
            shift -= L * Math.rint(shift / L);
            assertEquals(v[3 * p + 2] / aH, shift, 1e-9);
            assertTrue(pb[3 * p + 2] >= 0 && pb[3 * p + 2] < L);
            maxShift = Math.max(maxShift, Math.abs(shift));
        }
        assertTrue(maxShift > 1, "largest RSD shift " + maxShift + " Mpc/h");
        // velocities are LPT velocities: a few hundred km/s rms
        double rmsV = 0;
        for (double x : v) {
            rmsV += x * x / v.length;
        }
        rmsV = Math.sqrt(rmsV);
        assertTrue(rmsV > 50 && rmsV < 1000, "rms velocity component " + rmsV + " km/s");
    }
}
