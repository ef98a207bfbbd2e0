package org.orrery.validation.clustering.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.orrery.validation.Series;

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

    @Test
    void collectsNamedSeriesAndRejectsMismatchedBins() {
        Series s1 = new Series("P0", "k", "P", new double[] {1, 2}, new double[] {3, 4}, null, null);
        Series s2 = new Series("P0", "k", "P", new double[] {1, 2}, new double[] {5, 6}, null, null);
        double[][] y = EnsembleComparison.collect(List.of(List.of(s1), List.of(s2)), "P0");
        assertArrayEquals(new double[] {5, 6}, y[1]);
        Series bad = new Series("P0", "k", "P", new double[] {1, 3}, new double[] {5, 6}, null, null);
        assertThrows(IllegalArgumentException.class, () -> EnsembleComparison.collect(List.of(List.of(s1), List.of(bad)), "P0"));
        assertThrows(IllegalArgumentException.class, () -> EnsembleComparison.compare(new double[] {1}, new double[][] {{1}}, new double[][] {{1}, {2}}));
    }
}
