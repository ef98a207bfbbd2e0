package org.orrery.posteriors.maf.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/**
 * The spline against independent truths: its inverse, numerical derivatives of the map (for the
 * log-Jacobian) and of the loss (for the hand-derived backward pass), the identity at the
 * identity-start parameters, and the knots it must pass through.
 */
class RationalQuadraticTest {

    static final int K = 6;
    static final double B = 3;
    final RationalQuadratic spline = new RationalQuadratic(K, B, 0.7);
    final int np = spline.paramsPerDim();

    /** Random raw parameters for n rows, laid out as the flow stores them (stride 1). */
    double[][] params(int n, UniformRandomProvider rng) {
        double[][] prm = new double[np][n];
        for (double[] row : prm) {
            for (int r = 0; r < n; r++) {
                row[r] = 2 * rng.nextDouble() - 1;
            }
        }
        return prm;
    }

    double[] inputs(int n, UniformRandomProvider rng) {
        double[] x = new double[n];
        for (int r = 0; r < n; r++) {
            x[r] = (2 * rng.nextDouble() - 1) * (B + 1); // a quarter of them in the linear tails
        }
        return x;
    }

    @Test
    void inverseUndoesForwardInsideAndOutsideTheBound() {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(5);
        int n = 2000;
        double[][] prm = params(n, rng);
        double[] x = inputs(n, rng);
        double[] y = new double[n];
        double[] back = new double[n];
        spline.forward(prm, 0, 1, x, n, y, new double[n], spline.knots(), null);
        spline.inverse(prm, 0, 1, y, n, back, spline.knots());
        for (int r = 0; r < n; r++) {
            assertEquals(x[r], back[r], 1e-11, "row " + r + ": x=" + x[r] + " y=" + y[r]);
            if (Math.abs(x[r]) >= B) {
                assertEquals(x[r], y[r], 0.0, "identity outside the bound");
            } else {
                assertTrue(Math.abs(y[r]) < B, "the spline maps [−B, B] onto itself");
            }
        }
    }

    @Test
    void logJacobianIsTheLogOfTheNumericalDerivative() {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(6);
        int n = 500;
        double[][] prm = params(n, rng);
        double[] x = inputs(n, rng);
        double[] ld = new double[n];
        spline.forward(prm, 0, 1, x, n, new double[n], ld, spline.knots(), null);
        double eps = 1e-6;
        for (int r = 0; r < n; r++) {
            double[][] one = row(prm, r);
            double up = map(one, x[r] + eps);
            double down = map(one, x[r] - eps);
            double slope = (up - down) / (2 * eps);
            assertTrue(slope > 0, "monotone increasing");
            assertEquals(Math.log(slope), ld[r], 1e-6, "row " + r + " at x=" + x[r]);
        }
    }

    @Test
    void backwardMatchesCentralDifferencesOfTheLoss() {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(7);
        int n = 200;
        double[][] prm = params(n, rng);
        double[] x = inputs(n, rng);
        double[] gy = new double[n];
        for (int r = 0; r < n; r++) {
            gy[r] = 2 * rng.nextDouble() - 1;
        }
        double invN = 0.37;
        double[][] gPrm = new double[np][n];
        double[] gx = new double[n];
        double[] saved = new double[n * spline.savedPerRow()];
        spline.forward(prm, 0, 1, x, n, new double[n], new double[n], spline.knots(), saved);
        spline.backward(prm, 0, 1, x, gy, invN, n, gPrm, gx, spline.knots(), saved);
        double eps = 1e-6;
        int checked = 0;
        for (int r = 0; r < n; r++) {
            double[][] one = row(prm, r);
            double fx = (loss(one, x[r] + eps, gy[r], invN) - loss(one, x[r] - eps, gy[r], invN)) / (2 * eps);
            assertEquals(fx, gx[r], 1e-6 * Math.max(1, Math.abs(fx)), "∂/∂x of row " + r);
            for (int m = 0; m < np; m++) {
                double keep = one[m][0];
                one[m][0] = keep + eps;
                double up = loss(one, x[r], gy[r], invN);
                one[m][0] = keep - eps;
                double down = loss(one, x[r], gy[r], invN);
                one[m][0] = keep;
                double fd = (up - down) / (2 * eps);
                assertEquals(fd, gPrm[m][r], 1e-6 * Math.max(1, Math.abs(fd)), "∂/∂raw[" + m + "] of row " + r + " at x=" + x[r]);
                if (fd != 0) {
                    checked++;
                }
            }
        }
        assertTrue(checked > n * np / 2, "most parameters move the loss inside the bound: " + checked);
    }

    @Test
    void identityStartParametersGiveTheIdentity() {
        int n = 101;
        double[][] prm = new double[np][n];
        for (int m = 2 * K; m < np; m++) {
            java.util.Arrays.fill(prm[m], RationalQuadratic.IDENTITY_DERIVATIVE);
        }
        double[] x = new double[n];
        for (int r = 0; r < n; r++) {
            x[r] = -4 + 8.0 * r / (n - 1);
        }
        double[] y = new double[n];
        double[] ld = new double[n];
        spline.forward(prm, 0, 1, x, n, y, ld, spline.knots(), null);
        for (int r = 0; r < n; r++) {
            assertEquals(x[r], y[r], 1e-12, "identity at x=" + x[r]);
            assertEquals(0.0, ld[r], 1e-12, "zero log-Jacobian at x=" + x[r]);
        }
    }

    @Test
    void passesThroughItsKnots() {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(8);
        double[][] prm = params(1, rng);
        RationalQuadratic.Knots kn = spline.knots();
        kn.of(prm, 0, 1, 0);
        assertEquals(-B, kn.cw[0], 0.0);
        assertEquals(B, kn.cw[K], 0.0);
        for (int j = 1; j < K; j++) {
            assertTrue(kn.cw[j] - kn.cw[j - 1] >= 2 * B * RationalQuadratic.MIN_BIN * (1 - 1e-9), "bin " + j + " is at least the minimal width");
            assertEquals(kn.ch[j], map(prm, kn.cw[j] + 1e-13), 1e-9, "knot " + j);
        }
    }

    @Test
    void rejectsBadShapes() {
        assertThrows(IllegalArgumentException.class, () -> new RationalQuadratic(1, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> new RationalQuadratic(8, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new RationalQuadratic(8, Double.POSITIVE_INFINITY, 1));
        assertThrows(IllegalArgumentException.class, () -> new RationalQuadratic(8, 3, Double.NaN));
    }

    private static double[][] row(double[][] prm, int r) {
        double[][] one = new double[prm.length][1];
        for (int m = 0; m < prm.length; m++) {
            one[m][0] = prm[m][r];
        }
        return one;
    }

    private double map(double[][] one, double x) {
        double[] y = new double[1];
        spline.forward(one, 0, 1, new double[] {x}, 1, y, new double[1], spline.knots(), null);
        return y[0];
    }

    private double loss(double[][] one, double x, double gy, double invN) {
        double[] y = new double[1];
        double[] ld = new double[1];
        spline.forward(one, 0, 1, new double[] {x}, 1, y, ld, spline.knots(), null);
        return gy * y[0] - invN * ld[0];
    }
}
