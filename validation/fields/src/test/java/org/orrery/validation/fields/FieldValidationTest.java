package org.orrery.validation.fields;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.orrery.plugin.SettingValues;
import org.orrery.simulators.cosmology.internal.LinearField;
import org.orrery.simulators.cosmology.internal.WienerFilter;

/**
 * The diagnostics on exact posterior draws of the linear Gaussian field problem (2-D 32², A = 1):
 * draw i = Wiener mean of the observation + (δ'_i − Wiener mean of δ'_i's own observation), δ'_i an
 * independent prior draw (the Wiener residual is independent of the data, with the posterior
 * covariance). Calibrated draws must cover the truth's Fourier components at 68 % per shell within
 * 4 binomial sd (√(0.68·0.32/K), K components) plus 0.04 for the M = 200 draws' quantile noise, and
 * T(k) of the draws must be 1 within 4√(2/modes) (the truth's own cosmic variance). Draws with 0.3×
 * the spread (coverage ≈ 0.24) fail the coverage check in most shells of ≥ 40 components, so it can fail.
 */
class FieldValidationTest {

    @Test
    void exactWienerDrawsAreCalibratedAndUnderDispersedOnesAreNot() {
        LinearField sim = new LinearField(SettingValues.resolve(LinearField.PLUGIN_ID, LinearField.declared(), Map.of("grid", 32)));
        WienerFilter w = sim.wiener();
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(21L);
        Map<String, double[]> truth = sim.simulateAll(new double[] {1.0}, rng);
        double[] mean = w.meanField(truth.get("delta"), 1.0);
        int m = 200;
        double[][] draws = new double[m][];
        double[][] narrow = new double[m][];
        for (int i = 0; i < m; i++) {
            Map<String, double[]> other = sim.simulateAll(new double[] {1.0}, rng);
            double[] om = w.meanField(other.get("delta"), 1.0);
            draws[i] = new double[mean.length];
            narrow[i] = new double[mean.length];
            for (int c = 0; c < mean.length; c++) {
                double resid = other.get("delta_initial")[c] - om[c];
                draws[i][c] = mean[c] + resid;
                narrow[i][c] = mean[c] + 0.3 * resid;
            }
        }
        FieldValidation.Report r = FieldValidation.of(draws, truth.get("delta_initial"), 32, 2, 250, 0.68);
        System.out.print(r.table());
        int badNarrow = 0;
        int wellSampled = 0;
        FieldValidation.Report n = FieldValidation.of(narrow, truth.get("delta_initial"), 32, 2, 250, 0.68);
        for (int b = 0; b < r.k().length; b++) {
            double tol = 4 * Math.sqrt(0.68 * 0.32 / r.components()[b]) + 0.04;
            assertEquals(0.68, r.coverage()[b], tol, "coverage in shell " + b + "\n" + r.table());
            if (r.components()[b] >= 40) {
                wellSampled++;
                if (Math.abs(n.coverage()[b] - 0.68) > tol) {
                    badNarrow++;
                }
            }
            if (r.modes()[b] >= 20) {
                assertEquals(1, r.tDraws()[b], 4 * Math.sqrt(2.0 / r.modes()[b]), "T(k) of draws in shell " + b + "\n" + r.table());
            }
            assertTrue(r.rMean()[b] > -1 && r.rMean()[b] <= 1 + 1e-12);
        }
        assertTrue(wellSampled >= 10 && badNarrow >= wellSampled * 3 / 4, "under-dispersed draws must fail coverage in most shells:\n" + n.table());
        // the informative large scales: the mean correlates with the truth nearly perfectly
        assertTrue(r.rMean()[0] > 0.95, r.table());
    }

    @Test
    void badInputIsRefusedInOneLine() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> FieldValidation.of(new double[][] {new double[16], new double[15]}, new double[16], 4, 2, 10, 0.68));
        assertTrue(e.getMessage().contains("draw 1 has 15 values"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> FieldValidation.of(new double[][] {new double[16], new double[16]}, new double[16], 4, 2, 10, 1.5));
        assertTrue(e2.getMessage().contains("1.5"), e2.getMessage());
    }
}
