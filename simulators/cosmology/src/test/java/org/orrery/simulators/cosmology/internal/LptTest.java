package org.orrery.simulators.cosmology.internal;

import org.orrery.mesh.Mesh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class LptTest {

    private static final double L = 200;
    private static final int N = 32;

    private static double rms(double[] f) {
        double s = 0;
        for (double v : f) {
            s += v * v;
        }
        return Math.sqrt(s / f.length);
    }

    private static double maxAbsDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /** Minimal-image displacement x − q of the particle grid (rows in grid order). */
    private static double[][] displacement(double[] pos, int n, double length) {
        double dq = length / n;
        double[][] d = new double[3][n * n * n];
        for (int i0 = 0, p = 0; i0 < n; i0++) {
            for (int i1 = 0; i1 < n; i1++) {
                for (int i2 = 0; i2 < n; i2++, p++) {
                    double[] q = {i2 * dq, i1 * dq, i0 * dq};
                    for (int c = 0; c < 3; c++) {
                        double s = pos[3 * p + c] - q[c];
                        d[c][p] = s - length * Math.rint(s / length);
                    }
                }
            }
        }
        return d;
    }

    /**
     * 1LPT end to end: the simulator's particle displacements Ψ = D1 ψ1 satisfy −∇·Ψ = D1 δ_L, the
     * delta_initial latent, to round-off; velocities are a H f1 Ψ.
     */
    @Test
    void zeldovichDisplacementDivergenceIsTheScaledInitialField() {
        Settings s = Settings.lptDefaults().with(Map.of("grid", N, "box_length", L, "lpt_order", 1,
                "keep_particles", true, "redshift", 1.0));
        LptSimulator lpt = new LptSimulator(s);
        double[] theta = {0.3, 0.8};
        Map<String, double[]> out = lpt.simulateAll(theta, RandomSource.XO_RO_SHI_RO_128_PP.create(5L));
        double[][] psi = displacement(out.get("positions"), N, L);
        Mesh mesh = new Mesh(N, L, 3);
        double[] div = Lpt.minusDivergence(mesh, psi);
        double[] initial = out.get("delta_initial");
        double scale = rms(initial);
        assertTrue(scale > 0.01, "initial field rms " + scale);
        assertTrue(maxAbsDiff(div, initial) < 1e-10 * scale, "−∇·Ψ vs D δ: " + maxAbsDiff(div, initial) + " (rms " + scale + ")");

        Cosmology c = s.cosmology(0.3, 0.8);
        Growth g = new Growth(c);
        double a = 0.5;
        double expectedD = g.d1(a);
        // D1 from the delta_initial latent, as a check that it is scaled: compare against an a = 1 run
        Settings today = Settings.lptDefaults().with(Map.of("grid", N, "box_length", L, "lpt_order", 1, "redshift", 0.0));
        double[] initialToday = new LptSimulator(today).simulateAll(theta, RandomSource.XO_RO_SHI_RO_128_PP.create(5L))
                .get("delta_initial");
        assertEquals(expectedD, rms(initial) / rms(initialToday), 1e-12);
        double[] v = out.get("velocities");
        double factor = a * c.hubble(a) * g.f1(a);
        for (int p = 0; p < N * N * N; p += 997) {
            for (int comp = 0; comp < 3; comp++) {
                assertEquals(factor * psi[comp][p], v[3 * p + comp], 1e-9 * Math.abs(factor) * L, "v = aHfΨ");
            }
        }
    }

    /** A single plane wave has no second-order source: its Hessian has one non-zero entry. */
    @Test
    void planeWaveHasNoSecondOrderSource() {
        Mesh mesh = new Mesh(N, L, 3);
        double k = 2 * Math.PI * 3 / L;
        double[] delta = new double[mesh.cells()];
        double dq = L / N;
        for (int i0 = 0, p = 0; i0 < N; i0++) {
            for (int i1 = 0; i1 < N; i1++) {
                for (int i2 = 0; i2 < N; i2++, p++) {
                    delta[p] = 0.7 * Math.cos(k * (i1 * dq) + 0.3);
                }
            }
        }
        double[] src = Lpt.secondOrderSource(mesh, mesh.spectrum(delta));
        assertTrue(rms(src) < 1e-14, "S of a plane wave: rms " + rms(src));
    }

    /**
     * δ = A cos(k1 x) + B cos(k2 y): φ,xx = A cos(k1 x), φ,yy = B cos(k2 y), off-diagonals 0, so
     * S = A B cos(k1 x) cos(k2 y); then φ2 = −S/(k1² + k2²) and ψ2 = ∇φ2.
     */
    @Test
    void twoOrthogonalWavesGiveTheAnalyticSourceAndDisplacement() {
        Mesh mesh = new Mesh(N, L, 3);
        double a = 0.4;
        double b = -0.9;
        double k1 = 2 * Math.PI * 2 / L;
        double k2 = 2 * Math.PI * 5 / L;
        double dq = L / N;
        int cells = mesh.cells();
        double[] delta = new double[cells];
        double[] s = new double[cells];
        double[][] psi2 = new double[3][cells];
        for (int i0 = 0, p = 0; i0 < N; i0++) {
            for (int i1 = 0; i1 < N; i1++) {
                for (int i2 = 0; i2 < N; i2++, p++) {
                    double x = i2 * dq;
                    double y = i1 * dq;
                    delta[p] = a * Math.cos(k1 * x) + b * Math.cos(k2 * y);
                    s[p] = a * b * Math.cos(k1 * x) * Math.cos(k2 * y);
                    double k12 = k1 * k1 + k2 * k2;
                    psi2[0][p] = a * b * k1 * Math.sin(k1 * x) * Math.cos(k2 * y) / k12;
                    psi2[1][p] = a * b * k2 * Math.cos(k1 * x) * Math.sin(k2 * y) / k12;
                }
            }
        }
        double[] dk = mesh.spectrum(delta);
        double[] src = Lpt.secondOrderSource(mesh, dk);
        assertTrue(maxAbsDiff(src, s) < 1e-13, "S vs A B cos cos: " + maxAbsDiff(src, s));
        double[][] got = Lpt.secondOrder(mesh, dk);
        for (int c = 0; c < 3; c++) {
            assertTrue(maxAbsDiff(got[c], psi2[c]) < 1e-12, "ψ2 component " + c + ": " + maxAbsDiff(got[c], psi2[c]));
        }
    }

    @Test
    void cicConservesMassAndAnUnperturbedGridIsUniform() {
        Mesh mesh = new Mesh(8, 10, 3);
        double[] pos = new double[3 * 512];
        var rng = RandomSource.XO_RO_SHI_RO_128_PP.create(9L);
        for (int i = 0; i < pos.length; i++) {
            pos[i] = 10 * rng.nextDouble();
        }
        double total = 0;
        for (double m : Lpt.paint(mesh, pos, null)) {
            total += m;
        }
        assertEquals(512, total, 1e-10);
        // particles on the nodes: δ = 0 exactly
        for (int i0 = 0, p = 0; i0 < 8; i0++) {
            for (int i1 = 0; i1 < 8; i1++) {
                for (int i2 = 0; i2 < 8; i2++, p++) {
                    pos[3 * p] = i2 * 1.25;
                    pos[3 * p + 1] = i1 * 1.25;
                    pos[3 * p + 2] = i0 * 1.25;
                }
            }
        }
        for (double d : Lpt.overdensity(mesh, pos)) {
            assertEquals(0, d, 1e-12);
        }
        // CIC interpolation is exact for a field linear between nodes along x
        double[] f = new double[512];
        for (int p = 0; p < 512; p++) {
            f[p] = p % 8;
        }
        assertEquals(3.4, Lpt.interpolate(mesh, f, 3.4 * 1.25, 2.0, 7.0), 1e-12);
    }

    /** 2LPT moves mass further than 1LPT in the same direction on large scales: its evolved field has more variance. */
    @Test
    void secondOrderEvolvedFieldIsNonLinearButCloseToFirstOrder() {
        double[] theta = {0.3, 0.8};
        Settings s2 = Settings.lptDefaults().with(Map.of("grid", N, "box_length", L));
        Settings s1 = Settings.lptDefaults().with(Map.of("grid", N, "box_length", L, "lpt_order", 1));
        double[] d2 = new LptSimulator(s2).simulate(theta, RandomSource.XO_RO_SHI_RO_128_PP.create(8L));
        double[] d1 = new LptSimulator(s1).simulate(theta, RandomSource.XO_RO_SHI_RO_128_PP.create(8L));
        double min = Double.POSITIVE_INFINITY;
        double mean = 0;
        for (double v : d2) {
            min = Math.min(min, v);
            mean += v / d2.length;
        }
        assertEquals(0, mean, 1e-12, "CIC overdensity has zero mean");
        assertTrue(min >= -1, "δ ≥ −1");
        double diff = maxAbsDiff(d1, d2);
        assertTrue(diff > 0 && rms(subtract(d1, d2)) < 0.3 * rms(d1), "1LPT vs 2LPT rms difference " + rms(subtract(d1, d2)));
    }

    private static double[] subtract(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    /**
     * 2-D: the Zel'dovich displacements of the particles satisfy −∇·Ψ = D1 δ_L, to round-off. The 3-D
     * P(k) used as an area spectrum makes a 2-D field of this box far more non-linear than a 3-D one,
     * so the check runs at z = 9, where displacements stay well below half the box.
     */
    @Test
    void zeldovichIn2dDisplacementDivergenceIsTheScaledInitialField() {
        Settings s = Settings.lptDefaults().with(Map.of("grid", N, "box_length", L, "lpt_order", 1, "dims", 2,
                "keep_particles", true, "redshift", 9.0));
        Map<String, double[]> out = new LptSimulator(s).simulateAll(new double[] {0.3, 0.8},
                RandomSource.XO_RO_SHI_RO_128_PP.create(5L));
        double[] pos = out.get("positions");
        double dq = L / N;
        double[][] psi = new double[3][N * N];
        for (int i1 = 0, p = 0; i1 < N; i1++) {
            for (int i2 = 0; i2 < N; i2++, p++) {
                double[] q = {i2 * dq, i1 * dq};
                for (int c = 0; c < 2; c++) {
                    double d = pos[2 * p + c] - q[c];
                    psi[c][p] = d - L * Math.rint(d / L);
                }
            }
        }
        Mesh mesh = new Mesh(N, L, 2);
        double[] div = Lpt.minusDivergence(mesh, psi);
        double[] initial = out.get("delta_initial");
        double scale = rms(initial);
        assertTrue(scale > 0.01, "initial field rms " + scale);
        assertTrue(maxAbsDiff(div, initial) < 1e-10 * scale, "−∇·Ψ vs D δ in 2-D: " + maxAbsDiff(div, initial));
    }

    /** 2-D: δ = A cos(k1 x) + B cos(k2 y) gives S = φ,xx φ,yy − φ,xy² = A B cos(k1 x) cos(k2 y). */
    @Test
    void twoOrthogonalWavesIn2dGiveTheAnalyticSource() {
        Mesh mesh = new Mesh(N, L, 2);
        double k1 = 2 * Math.PI * 2 / L;
        double k2 = 2 * Math.PI * 3 / L;
        double a = 0.4;
        double b = -0.7;
        double dq = L / N;
        double[] delta = new double[mesh.cells()];
        double[] expected = new double[mesh.cells()];
        for (int i1 = 0, p = 0; i1 < N; i1++) {
            for (int i2 = 0; i2 < N; i2++, p++) {
                double x = i2 * dq;
                double y = i1 * dq;
                delta[p] = a * Math.cos(k1 * x) + b * Math.cos(k2 * y);
                expected[p] = a * b * Math.cos(k1 * x) * Math.cos(k2 * y);
            }
        }
        double[] src = Lpt.secondOrderSource(mesh, mesh.spectrum(delta));
        assertTrue(maxAbsDiff(src, expected) < 1e-12, "S in 2-D: " + maxAbsDiff(src, expected));
    }
}
