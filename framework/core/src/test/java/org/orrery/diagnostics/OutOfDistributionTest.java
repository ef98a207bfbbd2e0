package org.orrery.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class OutOfDistributionTest {

    /** n draws of a correlated 2-D Gaussian: x1 = g1, x2 = 0.9 g1 + sqrt(1 - 0.81) g2, scaled to span about ±1.5. */
    static double[][] training(int n) {
        UniformRandomProvider r = RandomSource.XO_RO_SHI_RO_128_PP.create(7L);
        var g = ZigguratSampler.NormalizedGaussian.of(r);
        double[][] x = new double[n][2];
        for (int i = 0; i < n; i++) {
            double a = g.sample();
            double b = g.sample();
            x[i][0] = 0.5 * a;
            x[i][1] = 0.5 * (0.9 * a + Math.sqrt(0.19) * b);
        }
        return x;
    }

    @Test
    void theIssuesObservationFarOutsideTrainingIsFlagged() {
        // issue 18: x = (50, 50) where training x spans about ±1.5
        var s = OutOfDistribution.score(training(5000), new double[] {50, 50});
        assertTrue(s.warn(), s.summary());
        assertEquals(0.0, s.fractionFarther());
        assertEquals(100, s.maxAbsZ(), 5, "z = 50 / 0.5");
        assertTrue(s.fullCovariance());
        assertTrue(s.summary().contains("OUTSIDE the training distribution"), s.summary());
        var huge = OutOfDistribution.score(training(5000), new double[] {1e308, 1e308});
        assertTrue(huge.warn(), huge.summary());
    }

    @Test
    void aTypicalObservationIsNot() {
        var s = OutOfDistribution.score(training(5000), new double[] {0.2, 0.15});
        assertFalse(s.warn(), s.summary());
        assertTrue(s.fractionFarther() > 0.5, s.summary());
    }

    @Test
    void mahalanobisSeesCorrelationThatZScoresMiss() {
        // (0.5, -0.5): each coordinate only 1σ out, but against a correlation of 0.9 it is far out
        var s = OutOfDistribution.score(training(20000), new double[] {0.5, -0.5});
        assertTrue(s.maxAbsZ() < 1.1, s.summary());
        // exact distance for correlation 0.9 and z = (1, -1): sqrt(z' R^-1 z) = sqrt(2 / (1 - 0.9)) = 4.47
        assertEquals(Math.sqrt(2 / 0.1), s.mahalanobis(), 0.15);
        // chi2 with 2 dof: P(D > 4.47) = exp(-20/2) = 4.5e-5
        assertTrue(s.fractionFarther() < 1e-3, s.summary());
        assertTrue(s.warn());
    }

    @Test
    void fractionFartherIsCalibratedForDrawsFromTheTrainingDistribution() {
        // for a chi2(2) distance the fraction farther than D is exp(-D^2/2): check at D^2 = 2 (z = (1, 1) / sqrt(1.9) * ...)
        double[][] t = training(20000);
        var s = OutOfDistribution.score(t, new double[] {0.5, 0.5 * 0.9}); // along the major axis, 1σ in x1
        double expected = Math.exp(-s.mahalanobis() * s.mahalanobis() / 2);
        assertEquals(expected, s.fractionFarther(), 0.02, s.summary());
    }
}
