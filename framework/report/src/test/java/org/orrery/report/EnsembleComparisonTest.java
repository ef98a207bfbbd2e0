package org.orrery.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.orrery.validation.Series;

/** Moved here from the clustering bundle so that the command line and plugins share one copy. */
class EnsembleComparisonTest {

    @Test
    void smallCaseByHand() {
        double[][] g = {{1, 10}, {3, 10}};
        double[][] r = {{0, 9}, {2, 11}, {4, 10}};
        EnsembleComparison c = EnsembleComparison.compare(new double[] {0.1, 0.2}, g, r);
        assertArrayEquals(new double[] {2, 10}, c.meanGenerated(), 1e-15);
        assertArrayEquals(new double[] {Math.sqrt(2), 0}, c.sigmaGenerated(), 1e-15);
        assertArrayEquals(new double[] {2, 10}, c.meanReference(), 1e-15);
        assertArrayEquals(new double[] {2, 1}, c.sigmaReference(), 1e-15);
        // bin 1: Δ = 0, σ = √(0/2 + 1/3)
        assertEquals(0, c.residual()[1], 0);
        assertEquals(2, c.dof());
        assertEquals(0, c.chi2(), 0);
        double[][] shifted = {{5, 10}, {7, 10}};
        EnsembleComparison d = EnsembleComparison.compare(new double[] {0.1, 0.2}, shifted, r);
        assertEquals(4 / Math.sqrt(2.0 / 2 + 4.0 / 3), d.residual()[0], 1e-12);
        assertEquals(d.residual()[0] * d.residual()[0], d.chi2(), 1e-12);
        assertEquals(Math.abs(d.residual()[0]), d.maxAbsResidual(), 0);
        // one informative bin, Welch ν = (1 + 4/3)² / (1 + (4/3)²/2) = 49/17; χ²₂ (bin 1 adds z = 0) has survival exp(−z²/2)
        double z0 = EnsembleComparison.normalDeviate(Math.abs(d.residual()[0]), 49.0 / 17);
        assertEquals(Math.exp(-z0 * z0 / 2), d.pValue(), 1e-12);
        assertTrue(z0 < Math.abs(d.residual()[0]), "a t deviate maps to a smaller normal deviate");
        assertArrayEquals(new double[] {Math.sqrt(2) / Math.sqrt(2), 0}, d.standardErrorGenerated(), 1e-15);
        assertArrayEquals(new double[] {2 / Math.sqrt(3), 1 / Math.sqrt(3)}, d.standardErrorReference(), 1e-15);
    }

    /** Same model: χ²/dof ≈ 1 (200 bins → ±0.3 is > 3σ); a 1σ-per-member shift is flagged. */
    @Test
    void sameModelAgreesAndAShiftedModelDoesNot() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(31L);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        int bins = 200;
        double[] x = new double[bins];
        double[][] a = new double[40][bins];
        double[][] b = new double[60][bins];
        double[][] s = new double[40][bins];
        for (int i = 0; i < bins; i++) {
            x[i] = i;
        }
        for (double[][] e : new double[][][] {a, b, s}) {
            for (double[] row : e) {
                for (int i = 0; i < bins; i++) {
                    row[i] = 100 + i + 3 * g.sample() + (e == s ? 3 : 0);
                }
            }
        }
        EnsembleComparison same = EnsembleComparison.compare(x, a, b);
        assertTrue(Math.abs(same.chi2PerDof() - 1) < 0.3, "same model chi2/dof = " + same.chi2PerDof());
        assertTrue(same.maxAbsResidual() < 4.5, "max |Δ/σ| = " + same.maxAbsResidual());
        EnsembleComparison diff = EnsembleComparison.compare(x, s, b);
        assertTrue(diff.chi2PerDof() > 10, "shifted model chi2/dof = " + diff.chi2PerDof());
    }

    /** Student's t with ν = 2 has the closed-form CDF F(−t) = ½ − t/(2√(t² + 2)); ν → ∞ is the normal. */
    @Test
    void normalDeviateMatchesClosedForms() {
        NormalDistribution normal = new NormalDistribution(null, 0, 1);
        for (double t : new double[] {0.3, 1, 2, 5, 30}) {
            double tail = 0.5 - t / (2 * Math.sqrt(t * t + 2));
            assertEquals(-normal.inverseCumulativeProbability(tail), EnsembleComparison.normalDeviate(t, 2), 1e-7, "t = " + t);
            if (t <= 5) {
                assertEquals(t, EnsembleComparison.normalDeviate(t, 1e9), 1e-6 * t, "t = " + t);
            }
        }
        assertEquals(Double.POSITIVE_INFINITY, EnsembleComparison.normalDeviate(1e6, 1e9));
    }

    /**
     * Calibration with few members (4 vs 4, Welch ν ≈ 6): Σ(Δ/σ)²/dof is biased high (E[t²] = ν/(ν−2) ≈ 1.5),
     * but the p-value is uniform under one model: 400 comparisons of 20 bins give p < 0.05 in 5 % ± 3.3 % (3σ).
     */
    @Test
    void pValueIsCalibratedForSmallEnsembles() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(8L);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        int trials = 400;
        int bins = 20;
        int small = 0;
        double chi2PerDof = 0;
        double[] x = new double[bins];
        for (int t = 0; t < trials; t++) {
            double[][] a = new double[4][bins];
            double[][] b = new double[4][bins];
            for (double[][] e : new double[][][] {a, b}) {
                for (double[] row : e) {
                    for (int i = 0; i < bins; i++) {
                        row[i] = 10 + g.sample();
                    }
                }
            }
            EnsembleComparison c = EnsembleComparison.compare(x, a, b);
            small += c.pValue() < 0.05 ? 1 : 0;
            chi2PerDof += c.chi2PerDof() / trials;
        }
        assertTrue(chi2PerDof > 1.25, "raw chi2/dof is biased high with 4 members: " + chi2PerDof);
        assertEquals(0.05, (double) small / trials, 3 * Math.sqrt(0.05 * 0.95 / trials), "fraction of p < 0.05");
    }

    @Test
    void collectsNamedSeriesAndRejectsMismatchedBins() {
        Series s1 = new Series("P0", "k", "P", new double[] {1, 2}, new double[] {3, 4}, null, null);
        Series s2 = new Series("P0", "k", "P", new double[] {1, 2}, new double[] {5, 6}, null, null);
        double[][] y = EnsembleComparison.collect(List.of(List.of(s1), List.of(s2)), "P0");
        assertArrayEquals(new double[] {5, 6}, y[1]);
        // summation-order noise in bin centres is tolerated, a different bin is not
        Series ulp = new Series("P0", "k", "P", new double[] {1, Math.nextUp(2.0)}, new double[] {5, 6}, null, null);
        assertArrayEquals(new double[] {5, 6}, EnsembleComparison.collect(List.of(List.of(s1), List.of(ulp)), "P0")[1]);
        Series bad = new Series("P0", "k", "P", new double[] {1, 2.001}, new double[] {5, 6}, null, null);
        assertThrows(IllegalArgumentException.class, () -> EnsembleComparison.collect(List.of(List.of(s1), List.of(bad)), "P0"));
        assertThrows(IllegalArgumentException.class, () -> EnsembleComparison.compare(new double[] {1}, new double[][] {{1}}, new double[][] {{1}, {2}}));
    }
}
