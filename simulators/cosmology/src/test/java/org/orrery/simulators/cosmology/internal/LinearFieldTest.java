package org.orrery.simulators.cosmology.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.orrery.mesh.Mesh;
import org.orrery.plugin.SettingValues;

/**
 * The linear Gaussian field problem against its analytic truth. Over M independent simulations at a
 * fixed A, the residual δ_k − m_k of the Wiener mean must have mean square v_k = S·N/(D²K²S + N) and
 * be uncorrelated with the observed mode o_k (the orthogonality that makes m_k the posterior mean);
 * the observed modes must have power D²K²S + N. Tolerances are 5 standard errors of the Monte-Carlo
 * estimate (a k-bin average of M·modes exponential variables has relative error 1/√(M·modes)).
 */
class LinearFieldTest {

    @Test
    void wienerResidualsHaveThePosteriorVarianceAndAreOrthogonalToTheData() {
        LinearField sim = new LinearField(SettingValues.resolve(LinearField.PLUGIN_ID, LinearField.declared(),
                Map.of("grid", 16, "noise", 2.0)));
        WienerFilter w = sim.wiener();
        Mesh mesh = w.mesh();
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(7L);
        double a = 1.0;
        int m = 400;
        int bins = 8;
        double[] resid = new double[bins];
        double[] expect = new double[bins];
        double[] obsPow = new double[bins];
        double[] obsExpect = new double[bins];
        double[] cross = new double[bins];
        double[] crossNorm = new double[bins];
        int[] count = new int[bins];
        double[] v = w.varianceSpectrum(a);
        double[] s = w.signalSpectrum(a);
        int n = mesh.n();
        for (int r = 0; r < m; r++) {
            Map<String, double[]> out = sim.simulateAll(new double[] {a}, rng);
            double[] truth = mesh.spectrum(out.get("delta_initial"));
            double[] mean = w.meanSpectrum(out.get("delta"), a);
            double[] obs = mesh.spectrum(out.get("delta"));
            for (int i1 = 0; i1 < n; i1++) {
                for (int i2 = 0; i2 < n; i2++) {
                    int p = i1 * n + i2;
                    if (p == 0) {
                        continue;
                    }
                    int b = bin(w.k(0, mesh.signed(i1), mesh.signed(i2)), mesh, bins);
                    double dr = truth[2 * p] - mean[2 * p];
                    double di = truth[2 * p + 1] - mean[2 * p + 1];
                    resid[b] += dr * dr + di * di;
                    expect[b] += v[p];
                    obsPow[b] += obs[2 * p] * obs[2 * p] + obs[2 * p + 1] * obs[2 * p + 1];
                    double dk = w.kernel(0, mesh.signed(i1), mesh.signed(i2));
                    obsExpect[b] += dk * dk * s[p] + w.noiseVariance();
                    // Re(residual · conj(obs)) has zero mean for the posterior mean
                    cross[b] += dr * obs[2 * p] + di * obs[2 * p + 1];
                    crossNorm[b] += Math.sqrt(v[p] * (dk * dk * s[p] + w.noiseVariance()));
                    count[b]++;
                }
            }
        }
        for (int b = 0; b < bins; b++) {
            if (count[b] == 0) {
                continue;
            }
            // modes of a bin come in ±k pairs, so only half are independent
            double tol = 5 / Math.sqrt(count[b] / 2.0);
            assertEquals(1, resid[b] / expect[b], tol, "residual variance in bin " + b);
            assertEquals(1, obsPow[b] / obsExpect[b], tol, "observed power in bin " + b);
            assertEquals(0, cross[b] / crossNorm[b], tol, "residual-data correlation in bin " + b);
        }
        // the problem is informative at low k and noise-dominated at high k
        assertTrue(v[1] < 0.5 * s[1], "the lowest mode is measured");
        assertTrue(v[n / 2] > 0.9 * s[n / 2], "the Nyquist mode is mostly prior");
    }

    @Test
    void aBadAmplitudeOrPriorIsRefusedInOneLine() {
        LinearField sim = new LinearField();
        var e = assertThrows(IllegalArgumentException.class, () -> sim.simulate(new double[] {-1}, RandomSource.JDK.create(1L)));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> new LinearField(SettingValues.resolve(LinearField.PLUGIN_ID,
                LinearField.declared(), Map.of("amplitude_min", 2.0, "amplitude_max", 1.0))));
        assertTrue(e2.getMessage().contains("amplitude_min"), e2.getMessage());
    }

    static int bin(double k, Mesh mesh, int bins) {
        double kmax = mesh.kF() * mesh.n() / 2 * Math.sqrt(mesh.dims());
        return Math.min(bins - 1, (int) (k / kmax * bins));
    }
}
