package org.orrery.posteriors.maf.internal;

import java.util.Arrays;

/**
 * The monotone rational-quadratic spline of neural spline flows (Durkan et al. 2019), as nflows'
 * {@code unconstrained_rational_quadratic_spline} with linear tails: on [−B, B] a spline of K bins
 * whose widths, heights and interior knot derivatives come from 3K − 1 unconstrained network
 * outputs; outside it the identity. Widths and heights are softmaxes of their outputs scaled by
 * {@code rawScale} (nflows divides them by √hidden), floored at {@link #MIN_BIN}; derivatives are
 * {@link #MIN_DERIVATIVE} + softplus, and 1 at ±B so the spline joins the identity smoothly.
 *
 * <p>All methods work on one dimension over rows [0, n): the m-th parameter of row r is
 * {@code prm[off + m·stride][r]} (widths m < K, heights K ≤ m < 2K, derivatives 2K ≤ m < 3K − 1), so
 * the flow's unit-major MADE outputs are read in place. The backward pass is derived by hand and
 * checked against finite differences in the tests.
 */
final class RationalQuadratic {

    static final double MIN_BIN = 1e-3;
    static final double MIN_DERIVATIVE = 1e-3;
    /** The raw derivative output whose derivative is 1: the bias that starts a block at the identity. */
    static final double IDENTITY_DERIVATIVE = Math.log(Math.expm1(1 - MIN_DERIVATIVE));

    final int bins;
    final double bound;
    final double rawScale;

    RationalQuadratic(int bins, double bound, double rawScale) {
        if (bins < 2 || bins > 1000) {
            throw new IllegalArgumentException("spline bins must lie in [2, 1000], got " + bins);
        }
        if (!(bound > 0) || Double.isInfinite(bound)) {
            throw new IllegalArgumentException("spline tail bound must be positive and finite, got " + bound);
        }
        if (!(rawScale > 0) || Double.isInfinite(rawScale)) {
            throw new IllegalArgumentException("spline raw scale must be positive and finite, got " + rawScale);
        }
        if (MIN_BIN * bins >= 1) {
            throw new IllegalArgumentException("too many spline bins for the minimal bin size: " + bins);
        }
        this.bins = bins;
        this.bound = bound;
        this.rawScale = rawScale;
    }

    int paramsPerDim() {
        return 3 * bins - 1;
    }

    /** Doubles per row that {@link #forward} keeps for {@link #backward}: both softmaxes and the bin. */
    int savedPerRow() {
        return 2 * bins + 7;
    }

    /** Per-call scratch: knots and softmax probabilities of the row at hand. */
    final class Knots {
        final double[] cw = new double[bins + 1];
        final double[] ch = new double[bins + 1];
        final double[] dv = new double[bins + 1];
        final double[] pw = new double[bins];
        final double[] ph = new double[bins];
        final double[] gcw = new double[bins + 1];
        final double[] gch = new double[bins + 1];
        /** The bin that {@link #locate} found: its index, left knot (xk, yk), width, height, end derivatives, slope hk/wk. */
        int k;
        double xk;
        double yk;
        double wk;
        double hk;
        double dk;
        double dk1;
        double s;

        /** Knots of row r, then the bin holding v: on the input side, or the output side when {@code output}. */
        void locate(double[][] prm, int off, int stride, int r, double v, boolean output) {
            of(prm, off, stride, r);
            k = bin(output ? ch : cw, v);
            xk = cw[k];
            wk = cw[k + 1] - xk;
            yk = ch[k];
            hk = ch[k + 1] - yk;
            dk = dv[k];
            dk1 = dv[k + 1];
            s = hk / wk;
        }

        /** Keeps what {@link #backward} needs of the located row at save[at, at + savedPerRow()). */
        void save(double[] save, int at) {
            System.arraycopy(pw, 0, save, at, bins);
            System.arraycopy(ph, 0, save, at + bins, bins);
            int q = at + 2 * bins;
            save[q] = k;
            save[q + 1] = xk;
            save[q + 2] = wk;
            save[q + 3] = yk;
            save[q + 4] = hk;
            save[q + 5] = dk;
            save[q + 6] = dk1;
        }

        /** The state of {@link #locate} as {@link #save} kept it: the same values, without recomputing the knots. */
        void restore(double[] saved, int at) {
            System.arraycopy(saved, at, pw, 0, bins);
            System.arraycopy(saved, at + bins, ph, 0, bins);
            int q = at + 2 * bins;
            k = (int) saved[q];
            xk = saved[q + 1];
            wk = saved[q + 2];
            yk = saved[q + 3];
            hk = saved[q + 4];
            dk = saved[q + 5];
            dk1 = saved[q + 6];
            s = hk / wk;
        }

        /** Knots of row r: cumulative widths cw and heights ch (−B … B) and derivatives dv. */
        void of(double[][] prm, int off, int stride, int r) {
            softmax(prm, off, stride, r, pw);
            softmax(prm, off + bins * stride, stride, r, ph);
            cumulate(pw, cw);
            cumulate(ph, ch);
            dv[0] = 1;
            dv[bins] = 1;
            for (int j = 1; j < bins; j++) {
                dv[j] = MIN_DERIVATIVE + MafNetwork.softplus(prm[off + (2 * bins + j - 1) * stride][r]);
            }
        }

        private void softmax(double[][] prm, int off, int stride, int r, double[] p) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < bins; j++) {
                max = Math.max(max, prm[off + j * stride][r] * rawScale);
            }
            double sum = 0;
            for (int j = 0; j < bins; j++) {
                double e = Math.exp(prm[off + j * stride][r] * rawScale - max);
                p[j] = e;
                sum += e;
            }
            for (int j = 0; j < bins; j++) {
                p[j] /= sum;
            }
        }

        private void cumulate(double[] p, double[] knots) {
            double scale = 1 - MIN_BIN * bins;
            double acc = 0;
            knots[0] = -bound;
            for (int j = 1; j < bins; j++) {
                acc += MIN_BIN + scale * p[j - 1];
                knots[j] = 2 * bound * acc - bound;
            }
            knots[bins] = bound;
        }
    }

    Knots knots() {
        return new Knots();
    }

    /** Largest j < K with knots[j] ≤ v (v inside [−B, B]). */
    private int bin(double[] knots, double v) {
        int lo = 0;
        int hi = bins - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (knots[mid] <= v) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /**
     * y = f(x) and ld += log f′(x) for rows [0, n); with {@code save} non-null (n·savedPerRow()
     * doubles) it keeps what {@link #backward} needs, so training computes each row's knots once.
     */
    void forward(double[][] prm, int off, int stride, double[] x, int n, double[] y, double[] ld, Knots kn, double[] save) {
        for (int r = 0; r < n; r++) {
            double v = x[r];
            if (!(v > -bound && v < bound)) {
                y[r] = v;
                continue;
            }
            kn.locate(prm, off, stride, r, v, false);
            if (save != null) {
                kn.save(save, r * savedPerRow());
            }
            double s = kn.s;
            double dk = kn.dk;
            double dk1 = kn.dk1;
            double t = (v - kn.xk) / kn.wk;
            double tau = t * (1 - t);
            double den = s + (dk + dk1 - 2 * s) * tau;
            y[r] = kn.yk + kn.hk * (s * t * t + dk * tau) / den;
            double u = 1 - t;
            double bq = dk1 * t * t + 2 * s * tau + dk * u * u;
            ld[r] += Math.log(s * s * bq / (den * den));
        }
    }

    /** x = f⁻¹(y) for rows [0, n): the root in [0, 1] of the bin's quadratic, in its stable form. */
    void inverse(double[][] prm, int off, int stride, double[] y, int n, double[] x, Knots kn) {
        for (int r = 0; r < n; r++) {
            double v = y[r];
            if (!(v > -bound && v < bound)) {
                x[r] = v;
                continue;
            }
            kn.locate(prm, off, stride, r, v, true);
            double s = kn.s;
            double dk = kn.dk;
            double hk = kn.hk;
            double dy = v - kn.yk;
            double e = dk + kn.dk1 - 2 * s;
            double a = dy * e + hk * (s - dk);
            double b = hk * dk - dy * e;
            double c = -s * dy;
            double disc = Math.max(b * b - 4 * a * c, 0);
            double t = 2 * c / (-b - Math.sqrt(disc));
            x[r] = t * kn.wk + kn.xk;
        }
    }

    /**
     * Backward of the loss term Σ_r (gy[r]·f(x_r) − invN·log f′(x_r)): writes the gradient of every
     * raw parameter into {@code gPrm[off + m·stride][r]} and ∂/∂x into gx[r]. {@code saved} is what
     * {@link #forward} kept for the same rows and parameters.
     */
    void backward(double[][] prm, int off, int stride, double[] x, double[] gy, double invN, int n,
            double[][] gPrm, double[] gx, Knots kn, double[] saved) {
        int np = paramsPerDim();
        for (int r = 0; r < n; r++) {
            double v = x[r];
            double g = gy[r];
            if (!(v > -bound && v < bound)) {
                for (int m = 0; m < np; m++) {
                    gPrm[off + m * stride][r] = 0;
                }
                gx[r] = g;
                continue;
            }
            kn.restore(saved, r * savedPerRow());
            int k = kn.k;
            double wk = kn.wk;
            double hk = kn.hk;
            double dk = kn.dk;
            double dk1 = kn.dk1;
            double s = kn.s;
            double t = (v - kn.xk) / wk;
            double u = 1 - t;
            double tau = t * u;
            double e = dk + dk1 - 2 * s;
            double den = s + e * tau;
            double a = s * t * t + dk * tau;
            double bq = dk1 * t * t + 2 * s * tau + dk * u * u;
            double den2 = den * den;
            // y = ch_k + hk·a/den; ld = 2 log s + log bq − 2 log den; G = g·y − invN·ld
            double aT = 2 * s * t + dk * (1 - 2 * t);
            double denT = e * (1 - 2 * t);
            double bT = 2 * dk1 * t + 2 * s * (1 - 2 * t) - 2 * dk * u;
            double gT = g * hk * (aT * den - a * denT) / den2 - invN * (bT / bq - 2 * denT / den);
            double denS = 1 - 2 * tau;
            double gS = g * hk * (t * t * den - a * denS) / den2 - invN * (2 / s + 2 * tau / bq - 2 * denS / den);
            double gDk = g * hk * tau * (den - a) / den2 - invN * (u * u / bq - 2 * tau / den);
            double gDk1 = -g * hk * a * tau / den2 - invN * (t * t / bq - 2 * tau / den);
            double gHk = g * a / den + gS / wk;
            double gWk = -(gT * t + gS * s) / wk;
            gx[r] = gT / wk;
            // knots: x_k = cw[k], w_k = cw[k+1] − cw[k]; ch likewise with ∂G/∂ch_k = g
            Arrays.fill(kn.gcw, 0);
            Arrays.fill(kn.gch, 0);
            kn.gcw[k] += -gT / wk - gWk;
            kn.gcw[k + 1] += gWk;
            kn.gch[k] += g - gHk;
            kn.gch[k + 1] += gHk;
            softmaxBackward(kn.gcw, kn.pw, gPrm, off, stride, r);
            softmaxBackward(kn.gch, kn.ph, gPrm, off + bins * stride, stride, r);
            for (int j = 1; j < bins; j++) {
                gPrm[off + (2 * bins + j - 1) * stride][r] = 0;
            }
            // only the bin's two end derivatives move the loss; the outer ones are fixed at 1
            if (k > 0) {
                int m = off + (2 * bins + k - 1) * stride;
                gPrm[m][r] = gDk * MafNetwork.sigmoid(prm[m][r]);
            }
            if (k + 1 < bins) {
                int m = off + (2 * bins + k) * stride;
                gPrm[m][r] = gDk1 * MafNetwork.sigmoid(prm[m][r]);
            }
        }
    }

    /**
     * From ∂G/∂knots[j] (j = 1..K−1 depend on the probabilities; the ends are fixed) to the raw
     * outputs: knots[j] = 2B·Σ_{q<j}(MIN_BIN + scale·p_q) − B, p = softmax(rawScale·raw).
     */
    private void softmaxBackward(double[] gKnots, double[] p, double[][] gPrm, int off, int stride, int r) {
        double scale = (1 - MIN_BIN * bins) * 2 * bound;
        // gp[q] = scale·Σ_{j>q, j<K} gKnots[j], accumulated from the top
        double tail = 0;
        double dot = 0;
        for (int q = bins - 1; q >= 0; q--) {
            double gp = scale * tail;
            gPrm[off + q * stride][r] = gp;
            dot += p[q] * gp;
            if (q > 0) {
                tail += gKnots[q];
            }
        }
        for (int q = 0; q < bins; q++) {
            int m = off + q * stride;
            gPrm[m][r] = rawScale * p[q] * (gPrm[m][r] - dot);
        }
    }
}
