package org.orrery.simulators.cosmology.internal;

import org.orrery.mesh.Mesh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.commons.rng.simple.RandomSource;
import org.jtransforms.fft.DoubleFFT_2D;
import org.jtransforms.fft.DoubleFFT_3D;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The measured P(k) of grf fields against the input spectrum, within cosmic variance. */
class GrfTest {

    /**
     * Estimator written here, independent of Mesh: δ_k = FFT(δ)/N^d (JTransforms directly), P̂ = V |δ_k|²
     * averaged over the modes of each bin |n| ∈ [b − ½, b + ½) (width k_F, DC dropped, b ≤ N/2) and
     * over realisations. Expected value: the input P averaged over the same modes. Its standard
     * error is P sqrt(2/N_modes)/sqrt(N_real) (±k pairs are one independent complex mode), and
     * every bin must lie within 4 σ: for ~30 bins a false alarm has probability ~1e-3, and the
     * seeds are fixed.
     */
    @ParameterizedTest(name = "dims = {0}, N = {1}, wiggles = {2}")
    @CsvSource({"3, 32, true, 12", "3, 32, false, 12", "2, 64, true, 40"})
    void measuredPowerMatchesTheInputWithinCosmicVariance(int dims, int n, boolean wiggles, int realisations) {
        double length = 250;
        Settings s = Settings.grfDefaults().with(Map.of("grid", n, "dims", dims, "wiggles", wiggles));
        Grf grf = new Grf(s);
        double[] theta = {0.3, 0.85};
        LinearPower p = grf.power(theta);
        int bins = n / 2 + 1;
        double[] measured = new double[bins];
        double[] expected = new double[bins];
        long[] modes = new long[bins];
        var rng = RandomSource.XO_RO_SHI_RO_128_PP.create(42L);
        double volume = Math.pow(length, dims);
        int cells = (int) Math.pow(n, dims);
        for (int r = 0; r < realisations; r++) {
            double[] field = grf.simulate(theta, rng);
            double[] c = new double[2 * cells];
            for (int i = 0; i < cells; i++) {
                c[2 * i] = field[i];
            }
            if (dims == 3) {
                new DoubleFFT_3D(n, n, n).complexForward(c);
            } else {
                new DoubleFFT_2D(n, n).complexForward(c);
            }
            int slices = dims == 3 ? n : 1;
            for (int i0 = 0; i0 < slices; i0++) {
                for (int i1 = 0; i1 < n; i1++) {
                    for (int i2 = 0; i2 < n; i2++) {
                        int a = dims == 3 ? fold(i0, n) : 0;
                        int b = fold(i1, n);
                        int d = fold(i2, n);
                        double kn = Math.sqrt(a * a + b * b + d * d);
                        int bin = (int) Math.floor(kn + 0.5);
                        if (bin == 0 || bin >= bins) {
                            continue;
                        }
                        int idx = 2 * ((i0 * n + i1) * n + i2);
                        double re = c[idx] / cells;
                        double im = c[idx + 1] / cells;
                        measured[bin] += volume * (re * re + im * im);
                        expected[bin] += p.at(2 * Math.PI / length * kn);
                        modes[bin]++;
                    }
                }
            }
        }
        int checked = 0;
        for (int bin = 1; bin < bins; bin++) {
            double pm = measured[bin] / modes[bin];
            double pe = expected[bin] / modes[bin];
            long perRealisation = modes[bin] / realisations;
            double sigma = pe * Math.sqrt(2.0 / perRealisation) / Math.sqrt(realisations);
            assertTrue(Math.abs(pm - pe) < 4 * sigma, String.format(
                    "bin %d (k = %.4f h/Mpc, %d modes): measured %.3f, input %.3f, (P̂−P)/σ = %.2f",
                    bin, 2 * Math.PI / length * bin, perRealisation, pm, pe, (pm - pe) / sigma));
            checked++;
        }
        assertEquals(n / 2, checked);
    }

    private static int fold(int i, int n) {
        return i <= n / 2 ? i : i - n;
    }

    @Test
    void theFieldIsRealAndHermitianExactly() {
        Mesh mesh = new Mesh(16, 100, 3);
        LinearPower p = new LinearPower(new Cosmology(0.3, 0.8, 0.6711, 0.049, 0.9624), true);
        double[] spec = mesh.gaussianSpectrum(p::at, RandomSource.XO_RO_SHI_RO_128_PP.create(3L), false);
        int n = 16;
        double maxRe = 0;
        for (int i0 = 0; i0 < n; i0++) {
            for (int i1 = 0; i1 < n; i1++) {
                for (int i2 = 0; i2 < n; i2++) {
                    int a = 2 * ((i0 * n + i1) * n + i2);
                    int b = 2 * ((((n - i0) % n) * n + (n - i1) % n) * n + (n - i2) % n);
                    assertEquals(spec[a], spec[b], 0.0, "Re δ_k vs Re δ_-k");
                    assertEquals(spec[a + 1], -spec[b + 1], 0.0, "Im δ_k vs −Im δ_-k");
                    maxRe = Math.max(maxRe, Math.abs(spec[a]));
                }
            }
        }
        assertEquals(0, spec[0], 0.0, "DC mode");
        double[] c = spec.clone();
        mesh.inverse(c);
        double maxIm = 0;
        double rms = 0;
        for (int i = 0; i < c.length / 2; i++) {
            maxIm = Math.max(maxIm, Math.abs(c[2 * i + 1]));
            rms += c[2 * i] * c[2 * i];
        }
        rms = Math.sqrt(rms / (c.length / 2));
        assertTrue(maxRe > 0 && maxIm < 1e-13 * rms, "imaginary residue " + maxIm + " vs rms " + rms);
    }
}
