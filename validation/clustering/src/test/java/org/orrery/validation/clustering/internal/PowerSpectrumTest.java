package org.orrery.validation.clustering.internal;

import org.orrery.mesh.MassAssignment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.jtransforms.fft.DoubleFFT_3D;
import org.junit.jupiter.api.Test;

class PowerSpectrumTest {

    private static final double L = 200.0;

    /** δ = A cos(2π m·x/n): |δ_k| = A/2 at ±m, so P·N_modes/V = A²/2 in the bin of |m| and 0 elsewhere. */
    @Test
    void planeWaveHasAllPowerInOneBinWithTheRightAmplitude() {
        int n = 32;
        double amp = 0.7;
        int[] m = {2, 1, 3}; // |m| = √14 ≈ 3.74 → bin [3, 4)
        double[] d = new double[n * n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    d[(i * n + j) * n + k] = amp * Math.cos(2 * Math.PI * (m[0] * i + m[1] * j + m[2] * k) / n);
                }
            }
        }
        PowerSpectrum.Result r = PowerSpectrum.ofField(d, n, 3, L, 0, 2);
        double kf = 2 * Math.PI / L;
        double v = L * L * L;
        for (int b = 0; b < r.k().length; b++) {
            double power = r.p0()[b] * r.modes()[b] / v;
            if (r.k()[b] >= 3 * kf && r.k()[b] < 4 * kf) {
                assertEquals(amp * amp / 2, power, 1e-12, "power in the wave's bin");
            } else {
                assertEquals(0, power, 1e-20, "leak into bin at k=" + r.k()[b]);
            }
        }
    }

    /** A wave along the multipole axis has μ² = 1 (P2 = 5 P0, P4 = 9 P0); across it μ = 0 (−5/2, 27/8). */
    @Test
    void multipolesOfWavesAlongAndAcrossTheAxis() {
        int n = 16;
        double[] along = new double[n * n * n];
        double[] across = new double[n * n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    along[(i * n + j) * n + k] = Math.cos(2 * Math.PI * 4 * i / n);
                    across[(i * n + j) * n + k] = Math.sin(2 * Math.PI * 4 * k / n);
                }
            }
        }
        int b = binOf(PowerSpectrum.ofField(along, n, 3, L, 0, 1), 4);
        PowerSpectrum.Result a = PowerSpectrum.ofField(along, n, 3, L, 0, 1);
        assertEquals(5 * a.p0()[b], a.p2()[b], 1e-9 * a.p0()[b]);
        assertEquals(9 * a.p0()[b], a.p4()[b], 1e-9 * a.p0()[b]);
        PowerSpectrum.Result c = PowerSpectrum.ofField(across, n, 3, L, 0, 1);
        assertEquals(-2.5 * c.p0()[b], c.p2()[b], 1e-9 * c.p0()[b]);
        assertEquals(27.0 / 8 * c.p0()[b], c.p4()[b], 1e-9 * c.p0()[b]);
    }

    @Test
    void planeWaveIn2d() {
        int n = 64;
        double amp = 1.3;
        double[] d = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                d[i * n + j] = amp * Math.cos(2 * Math.PI * (5 * i - 2 * j) / n); // |m| = √29 ≈ 5.39
            }
        }
        PowerSpectrum.Result r = PowerSpectrum.ofField(d, n, 2, L, 1, 2);
        double kf = 2 * Math.PI / L;
        double total = 0;
        for (int b = 0; b < r.k().length; b++) {
            double power = r.p0()[b] * r.modes()[b] / (L * L);
            total += power;
            if (r.k()[b] >= 5 * kf && r.k()[b] < 6 * kf) {
                assertEquals(amp * amp / 2, power, 1e-12);
            }
        }
        assertEquals(amp * amp / 2, total, 1e-12, "no power outside the wave's bin");
    }

    /**
     * Gaussian field with P(k) = A k^-2 drawn with an independent FFT (JTransforms' full complex 3-D
     * transform); each bin must match the mode-averaged input within cosmic variance P·√(2/N_modes).
     */
    @Test
    void gaussianFieldRecoversItsInputSpectrumWithinCosmicVariance() {
        int n = 48;
        double amp = 50.0;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(11L);
        org.apache.commons.rng.sampling.distribution.ZigguratSampler.NormalizedGaussian g =
                org.apache.commons.rng.sampling.distribution.ZigguratSampler.NormalizedGaussian.of(rng);
        int cells = n * n * n;
        double[] c = new double[2 * cells];
        for (int i = 0; i < cells; i++) {
            c[2 * i] = g.sample();
        }
        DoubleFFT_3D fft = new DoubleFFT_3D(n, n, n);
        fft.complexForward(c);
        double v = L * L * L;
        double kf = 2 * Math.PI / L;
        double[] expectSum = new double[n];
        double[] expectCount = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    int mi = i <= n / 2 ? i : i - n;
                    int mj = j <= n / 2 ? j : j - n;
                    int mk = k <= n / 2 ? k : k - n;
                    double m = Math.sqrt(mi * mi + mj * mj + mk * mk);
                    int o = 2 * ((i * n + j) * n + k);
                    if (m == 0) {
                        c[o] = 0;
                        c[o + 1] = 0;
                        continue;
                    }
                    double p = amp / Math.pow(m * kf, 2);
                    // ⟨|FFT(δ)|²⟩ must be P·N_c²/V; white noise gives N_c
                    double f = Math.sqrt(p * cells / v);
                    c[o] *= f;
                    c[o + 1] *= f;
                    int b = (int) m;
                    if (b < n) {
                        expectSum[b] += p;
                        expectCount[b]++;
                    }
                }
            }
        }
        fft.complexInverse(c, true);
        double[] delta = new double[cells];
        for (int i = 0; i < cells; i++) {
            delta[i] = c[2 * i];
        }
        PowerSpectrum.Result r = PowerSpectrum.ofField(delta, n, 3, L, 0, 2);
        double chi2 = 0;
        int dof = 0;
        double maxZ = 0;
        for (int b = 0; b < r.k().length; b++) {
            int bin = (int) Math.floor(r.k()[b] / kf); // mean |m| lies inside [bin, bin+1)
            if (bin > n / 2) {
                continue; // corner shells: few modes and incomplete
            }
            assertEquals(expectCount[bin], r.modes()[b], "modes in bin " + bin);
            double expected = expectSum[bin] / expectCount[bin];
            double z = (r.p0()[b] - expected) / (expected * Math.sqrt(2.0 / r.modes()[b]));
            chi2 += z * z;
            dof++;
            maxZ = Math.max(maxZ, Math.abs(z));
        }
        assertTrue(dof >= 20, "bins compared: " + dof);
        // 24 bins: χ²/dof within [0.4, 1.8] is a ≈ 99 % interval; max |z| < 4 for Gaussian bins
        assertTrue(chi2 / dof > 0.4 && chi2 / dof < 1.8, "chi2/dof = " + chi2 / dof);
        assertTrue(maxZ < 4, "max |z| = " + maxZ);
    }

    /**
     * Poisson points, CIC without interlacing: the compensated estimator sees the aliased shot noise
     * (V/N)·Π_i[1 − ⅔ sin²(πm_i/2n)]/W²(k) (Jing 2005). With interlacing the odd images cancel and
     * the low-k power is V/N. Both are averaged over all modes below k_Nyquist/2.
     */
    @Test
    void shotNoiseOfPoissonPointsIsVOverN() {
        int np = 200_000;
        int n = 32;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(5L);
        double[] pos = KnnCdf.randomQueries(np, L, rng);
        PowerSpectrum.Result plain = PowerSpectrum.ofPoints(pos, 3, L, n, MassAssignment.CIC, false, 0, 2);
        PowerSpectrum.Result inter = PowerSpectrum.ofPoints(pos, 3, L, n, MassAssignment.CIC, true, 0, 2);
        double vn = L * L * L / np;
        assertEquals(vn, plain.shotNoise(), 1e-9 * vn);
        // expected aliased shot noise per bin, averaged over its modes
        double kf = 2 * Math.PI / L;
        double sumMeasured = 0;
        double sumExpected = 0;
        long modesAll = 0;
        double sumInter = 0;
        long modesLow = 0;
        double[] expectedPerBin = jingShotNoise(n, vn);
        for (int b = 0; b < plain.k().length; b++) {
            int bin = (int) Math.floor(plain.k()[b] / kf);
            if (bin >= n / 2) {
                continue;
            }
            // up to Nyquist, where the aliased CIC shot noise differs most from V/N
            sumMeasured += plain.p0()[b] * plain.modes()[b];
            sumExpected += expectedPerBin[bin] * plain.modes()[b];
            modesAll += plain.modes()[b];
            if (bin < n / 4) {
                sumInter += inter.p0()[b] * inter.modes()[b];
                modesLow += inter.modes()[b];
            }
        }
        // relative error of a mean over N modes (N/2 independent exponentials) is 1/√(N/2)
        double tolAll = 4 / Math.sqrt(modesAll / 2.0);
        double tolLow = 4 / Math.sqrt(modesLow / 2.0);
        assertEquals(1.0, sumMeasured / sumExpected, tolAll, "CIC, no interlacing, vs Jing's aliased shot noise");
        assertEquals(1.0, sumInter / modesLow / vn, tolLow + 0.01, "CIC interlaced vs V/N below k_N/2 (even images leave < 1 %)");
        // the Jing factor matters at these k: comparing the plain estimate with V/N would fail
        assertTrue(Math.abs(sumMeasured / modesAll / vn - 1) > 2 * tolAll, "aliasing visible without interlacing");
    }

    private static double[] jingShotNoise(int n, double vn) {
        double[] sum = new double[n];
        double[] cnt = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    int[] m = {i <= n / 2 ? i : i - n, j <= n / 2 ? j : j - n, k <= n / 2 ? k : k - n};
                    double mag = Math.sqrt(m[0] * m[0] + m[1] * m[1] + m[2] * m[2]);
                    if (mag == 0 || mag >= n) {
                        continue;
                    }
                    double f = 1;
                    for (int a : m) {
                        double s = Math.sin(Math.PI * a / n); // sin(πk/2k_N), k_N = (n/2)k_F
                        double w = MassAssignment.CIC.window(a, n);
                        f *= (1 - 2.0 / 3 * s * s) / (w * w);
                    }
                    sum[(int) mag] += vn * f;
                    cnt[(int) mag]++;
                }
            }
        }
        for (int b = 0; b < n; b++) {
            sum[b] = cnt[b] > 0 ? sum[b] / cnt[b] : 0;
        }
        return sum;
    }

    @Test
    void crossSpectrumOfScaledCopyHasUnitCorrelationAndTransferOfTheScale() {
        int n = 16;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(3L);
        double[] a = new double[n * n * n];
        double[] b = new double[a.length];
        double[] u = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextDouble() - 0.5;
            b[i] = 3 * a[i];
            u[i] = rng.nextDouble() - 0.5;
        }
        PowerSpectrum.Cross x = PowerSpectrum.cross(b, a, n, 3, L, 1);
        for (int i = 0; i < x.k().length; i++) {
            assertEquals(1.0, x.r()[i], 1e-12);
            assertEquals(3.0, x.transfer()[i], 1e-12);
            assertEquals(3 * x.pB()[i], x.pAB()[i], 1e-12 * x.pAB()[i]);
        }
        PowerSpectrum.Cross y = PowerSpectrum.cross(a, u, n, 3, L, 1);
        for (int i = 0; i < y.k().length; i++) {
            // independent fields: r ≈ N(0, 1/N_indep)
            assertTrue(Math.abs(y.r()[i]) < 5 / Math.sqrt(y.modes()[i] / 2.0) + 1e-12, "r = " + y.r()[i] + " at bin " + i);
        }
    }

    @Test
    void rejectsOddGridsAndBadAxes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PowerSpectrum.ofField(new double[27], 3, 3, L, 0, 1));
        assertTrue(e.getMessage().contains("3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PowerSpectrum.ofField(new double[64], 4, 3, L, 3, 1));
    }

    private static int binOf(PowerSpectrum.Result r, int m) {
        double kf = 2 * Math.PI / L;
        for (int b = 0; b < r.k().length; b++) {
            if (r.k()[b] >= m * kf && r.k()[b] < (m + 1) * kf) {
                return b;
            }
        }
        throw new AssertionError("no bin for |m| = " + m);
    }

    /**
     * Every bit of P(k) is independent of the thread count and of which worker took which plane (per-plane
     * sums added in plane order), so a member's spectrum on a Spark executor is the local one.
     */
    @Test
    void theSpectrumDoesNotDependOnTheThreads() {
        int n = 64; // planes big enough that the workers share them
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(5L);
        double[] d = new double[n * n * n];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextDouble() - 0.5;
        }
        PowerSpectrum.Result one = PowerSpectrum.ofField(d, n, 3, 100.0, 0, 1);
        for (int threads : new int[] {3, 7}) {
            for (int repeat = 0; repeat < 3; repeat++) {
                PowerSpectrum.Result many = PowerSpectrum.ofField(d, n, 3, 100.0, 0, threads);
                org.junit.jupiter.api.Assertions.assertArrayEquals(one.p0(), many.p0(), 0.0, threads + " threads");
                org.junit.jupiter.api.Assertions.assertArrayEquals(one.p2(), many.p2(), 0.0, threads + " threads");
                org.junit.jupiter.api.Assertions.assertArrayEquals(one.p4(), many.p4(), 0.0, threads + " threads");
                org.junit.jupiter.api.Assertions.assertArrayEquals(one.k(), many.k(), 0.0, threads + " threads");
            }
        }
    }
}
