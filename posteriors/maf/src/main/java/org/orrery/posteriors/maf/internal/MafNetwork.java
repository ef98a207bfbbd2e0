package org.orrery.posteriors.maf.internal;

import java.util.Arrays;

/**
 * A conditional masked autoregressive flow on primitive arrays: the fused hot path for training and
 * sampling. The architecture is nflows'/sbi's MAF: {@code k} MADE blocks, each mapping the
 * (standardised) parameters y and context c to z = softplus(raw)·y + shift, where (shift, raw) for
 * dimension i depend on y_{<i} only; the order is reversed between blocks; the base is N(0, I).
 *
 * <p>One MADE block: h1 = tanh(M1∘W1 y + Wc c + b1), h2 = tanh(M2∘W2 h1 + b2),
 * (shift, raw) = Mo∘Wo h2 + bo. This is nflows' MADE with two tanh blocks (its extra linear
 * input layer folded into W1 and Wc). Input degrees are 1..d, hidden degrees
 * {@code j mod max(1,d-1) + min(1,d-1)} as in nflows; the context enters unmasked. Masks are applied
 * once: masked weights are stored as zero and their gradients are zeroed, so they stay zero.
 *
 * <p>Speed: the h×h products (over 80 % of the work at h = 50) run in a register-blocked kernel
 * ({@link #gemmNT}), the small layers as contiguous axpy/dot loops; all buffers live in a
 * {@link Workspace} reused across steps, so a training step allocates nothing.
 *
 * <p>Parameter layout per block (all blocks concatenated in one flat array):
 * W1[d][h], Wc[c][h], b1[h], W2[h][h], b2[h], Wo[h][2d] (columns: d shifts, then d raw scales), bo[2d].
 */
final class MafNetwork {

    /** Lower bound on the scale, as nflows' MaskedAffineAutoregressiveTransform. */
    static final double SCALE_EPS = 1e-3;
    static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    final int d;
    final int c;
    final int h;
    final int k;
    final int[] hiddenDegrees;
    /** perm[b][i]: input i of block b+1 is output perm[b][i] of block b. */
    final int[][] perm;
    final int blockSize;
    final int oW1;
    final int oWc;
    final int oB1;
    final int oW2;
    final int oB2;
    final int oWo;
    final int oBo;
    /** 1 where a parameter is free, 0 where a MADE mask removes it. */
    final double[] mask;

    MafNetwork(int d, int c, int h, int k, int[] hiddenDegrees, int[][] perm) {
        if (d < 1 || c < 1 || h < 1 || k < 1) {
            throw new IllegalArgumentException("MAF sizes must be >= 1, got d=" + d + ", c=" + c + ", h=" + h + ", k=" + k);
        }
        if (hiddenDegrees.length != h) {
            throw new IllegalArgumentException("expected " + h + " hidden degrees, got " + hiddenDegrees.length);
        }
        int maxDeg = Math.max(1, d - 1);
        for (int deg : hiddenDegrees) {
            if (deg < 0 || deg > maxDeg) {
                throw new IllegalArgumentException("hidden degree " + deg + " outside [0, " + maxDeg + "]");
            }
        }
        if (perm.length != k - 1) {
            throw new IllegalArgumentException("expected " + (k - 1) + " permutations, got " + perm.length);
        }
        for (int[] p : perm) {
            checkPermutation(p, d);
        }
        this.d = d;
        this.c = c;
        this.h = h;
        this.k = k;
        this.hiddenDegrees = hiddenDegrees.clone();
        this.perm = Arrays.stream(perm).map(int[]::clone).toArray(int[][]::new);
        oW1 = 0;
        oWc = oW1 + d * h;
        oB1 = oWc + c * h;
        oW2 = oB1 + h;
        oB2 = oW2 + h * h;
        oWo = oB2 + h;
        oBo = oWo + h * 2 * d;
        blockSize = oBo + 2 * d;
        mask = new double[Math.multiplyExact(blockSize, k)];
        for (int b = 0; b < k; b++) {
            int base = b * blockSize;
            Arrays.fill(mask, base, base + blockSize, 1.0);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < h; j++) {
                    mask[base + oW1 + i * h + j] = hiddenDegrees[j] >= i + 1 ? 1 : 0;
                }
            }
            for (int jin = 0; jin < h; jin++) {
                for (int j = 0; j < h; j++) {
                    mask[base + oW2 + jin * h + j] = hiddenDegrees[j] >= hiddenDegrees[jin] ? 1 : 0;
                }
            }
            for (int j = 0; j < h; j++) {
                for (int o = 0; o < 2 * d; o++) {
                    mask[base + oWo + j * 2 * d + o] = (o % d) + 1 > hiddenDegrees[j] ? 1 : 0;
                }
            }
        }
    }

    /** nflows' deterministic hidden degrees and reversed orders between blocks. */
    static MafNetwork standard(int d, int c, int h, int k) {
        int max = Math.max(1, d - 1);
        int min = Math.min(1, d - 1);
        int[] deg = new int[h];
        for (int j = 0; j < h; j++) {
            deg[j] = j % max + min;
        }
        int[][] perm = new int[k - 1][d];
        for (int[] p : perm) {
            for (int i = 0; i < d; i++) {
                p[i] = d - 1 - i;
            }
        }
        return new MafNetwork(d, c, h, k, deg, perm);
    }

    static void checkPermutation(int[] p, int d) {
        if (p.length != d) {
            throw new IllegalArgumentException("permutation of length " + p.length + ", expected " + d);
        }
        boolean[] seen = new boolean[d];
        for (int v : p) {
            if (v < 0 || v >= d || seen[v]) {
                throw new IllegalArgumentException("not a permutation of 0.." + (d - 1) + ": " + Arrays.toString(p));
            }
            seen[v] = true;
        }
    }

    int numParams() {
        return mask.length;
    }

    /**
     * PyTorch's default Linear initialisation (uniform ±1/√fan_in); the output layer is scaled down
     * and the raw-scale bias set so that every block starts near the identity.
     */
    double[] initialParams(org.apache.commons.rng.UniformRandomProvider rng) {
        double[] p = new double[numParams()];
        double rawIdentity = Math.log(Math.expm1(1 - SCALE_EPS));
        for (int b = 0; b < k; b++) {
            int base = b * blockSize;
            fill(p, rng, base + oW1, d * h, 1 / Math.sqrt(d));
            fill(p, rng, base + oWc, c * h, 1 / Math.sqrt(c));
            fill(p, rng, base + oB1, h, 1 / Math.sqrt(d));
            fill(p, rng, base + oW2, h * h, 1 / Math.sqrt(h));
            fill(p, rng, base + oB2, h, 1 / Math.sqrt(h));
            fill(p, rng, base + oWo, h * 2 * d, 0.01 / Math.sqrt(h));
            for (int i = 0; i < d; i++) {
                p[base + oBo + i] = 0;
                p[base + oBo + d + i] = rawIdentity;
            }
        }
        for (int i = 0; i < p.length; i++) {
            p[i] *= mask[i];
        }
        return p;
    }

    private static void fill(double[] p, org.apache.commons.rng.UniformRandomProvider rng, int from, int n, double bound) {
        for (int i = from; i < from + n; i++) {
            p[i] = (2 * rng.nextDouble() - 1) * bound;
        }
    }

    /** Buffers for batches of up to {@code rows} rows, reused across steps (one per thread). */
    final class Workspace {
        final int rows;
        final double[][] yin;
        final double[][] h1;
        final double[][] h2;
        final double[][] raw;
        final double[][] scale;
        final double[] z;
        final double[] out;
        final double[] tmp;
        final double[] gz;
        final double[] gy;
        final double[] gOut;
        final double[] ga2;
        final double[] ga1;
        /** Output-major (transposed) weight copies per block, refreshed by {@link #transposeWeights}. */
        final double[][] w1t;
        final double[][] wct;
        final double[][] w2t;
        final double[][] wot;
        /** Transposed activations and gradients for the weight-gradient products over the batch. */
        final double[] tA;
        final double[] tB;
        final double[] tC;

        Workspace(int rows) {
            this.rows = rows;
            yin = new double[k][rows * d];
            h1 = new double[k][rows * h];
            h2 = new double[k][rows * h];
            raw = new double[k][rows * d];
            scale = new double[k][rows * d];
            z = new double[rows * d];
            out = new double[rows * 2 * d];
            tmp = new double[d];
            gz = new double[rows * d];
            gy = new double[rows * d];
            gOut = new double[rows * 2 * d];
            ga2 = new double[rows * h];
            ga1 = new double[rows * h];
            w1t = new double[k][h * d];
            wct = new double[k][h * c];
            w2t = new double[k][h * h];
            wot = new double[k][2 * d * h];
            tA = new double[rows * Math.max(h, 2 * d)];
            tB = new double[rows * Math.max(h, 2 * d)];
            tC = new double[rows * c];
        }
    }

    Workspace workspace(int rows) {
        return new Workspace(rows);
    }

    /**
     * Hidden layers and outputs of MADE block {@code b} for rows [0, n) of {@code y}; the context is
     * either per row ({@code ctx}, n×c) or shared ({@code shared}: b1 + Wc·c precomputed, length h).
     * Writes h1, h2 (n×h) and the 2d outputs per row, shifts then raw scales, into {@code out}.
     * Reads the transposed weights that {@link #transposeWeights} left in {@code w}.
     */
    void made(double[] p, int b, double[] y, double[] ctx, double[] shared, int n,
            double[] h1, double[] h2, double[] out, Workspace w) {
        int base = b * blockSize;
        int b1 = base + oB1;
        int b2 = base + oB2;
        int bo = base + oBo;
        int d2 = 2 * d;
        for (int r = 0; r < n; r++) {
            System.arraycopy(shared != null ? shared : p, shared != null ? 0 : b1, h1, r * h, h);
            System.arraycopy(p, b2, h2, r * h, h);
            System.arraycopy(p, bo, out, r * d2, d2);
        }
        if (shared == null) {
            gemmNT(ctx, 0, c, w.wct[b], 0, c, h1, 0, h, n, h, c);
        }
        gemmNT(y, 0, d, w.w1t[b], 0, d, h1, 0, h, n, h, d);
        tanh(h1, 0, n * h);
        gemmNT(h1, 0, h, w.w2t[b], 0, h, h2, 0, h, n, h, h);
        tanh(h2, 0, n * h);
        gemmNT(h2, 0, h, w.wot[b], 0, h, out, 0, d2, n, d2, h);
    }

    /** b1 + Wc·c for one standardised context vector, per block: shared by all rows. */
    double[][] sharedContext(double[] p, double[] cvec) {
        if (cvec.length != c) {
            throw new IllegalArgumentException("context of length " + cvec.length + ", expected " + c);
        }
        double[][] s = new double[k][h];
        for (int b = 0; b < k; b++) {
            int base = b * blockSize;
            System.arraycopy(p, base + oB1, s[b], 0, h);
            for (int q = 0; q < c; q++) {
                axpy(cvec[q], p, base + oWc + q * h, s[b], 0, h);
            }
        }
        return s;
    }

    /**
     * log q(u | c) for rows [0, n) of u (n×d, standardised parameters), context per row
     * ({@code ctx}) or shared ({@code shared}, from {@link #sharedContext}). Keeps the activations in
     * {@code w} for {@link #backward}.
     */
    void forward(double[] p, double[] u, double[] ctx, double[][] shared, int n, Workspace w, double[] logProb) {
        transposeWeights(p, w);
        System.arraycopy(u, 0, w.yin[0], 0, n * d);
        Arrays.fill(logProb, 0, n, 0.0);
        double[] out = w.out;
        double[] tmp = w.tmp;
        for (int b = 0; b < k; b++) {
            double[] y = w.yin[b];
            made(p, b, y, ctx, shared == null ? null : shared[b], n, w.h1[b], w.h2[b], out, w);
            double[] raw = w.raw[b];
            double[] sc = w.scale[b];
            double[] next = b == k - 1 ? w.z : w.yin[b + 1];
            int[] pb = b == k - 1 ? null : perm[b];
            for (int r = 0; r < n; r++) {
                double ld = 0;
                int or = r * 2 * d;
                int rd = r * d;
                for (int i = 0; i < d; i++) {
                    double a = out[or + d + i];
                    double s = softplus(a) + SCALE_EPS;
                    raw[rd + i] = a;
                    sc[rd + i] = s;
                    ld += Math.log(s);
                    tmp[i] = s * y[rd + i] + out[or + i];
                }
                for (int i = 0; i < d; i++) {
                    next[rd + i] = pb == null ? tmp[i] : tmp[pb[i]];
                }
                logProb[r] += ld;
            }
        }
        double[] z = w.z;
        for (int r = 0; r < n; r++) {
            double s = 0;
            for (int i = 0; i < d; i++) {
                double v = z[r * d + i];
                s += v * v;
            }
            logProb[r] += -0.5 * s - d * HALF_LOG_2PI;
        }
    }

    /**
     * Adds to {@code g} the gradient of the loss −(1/n)·Σ_r log q(u_r | c_r) after a
     * {@link #forward} of the same rows with per-row context {@code ctx}; masked entries of
     * {@code g} receive zero.
     */
    void backward(double[] p, double[] ctx, int n, Workspace w, double[] g) {
        double invN = 1.0 / n;
        double[] gz = w.gz;
        for (int t = 0; t < n * d; t++) {
            gz[t] = w.z[t] * invN;
        }
        int d2 = 2 * d;
        double[] gOut = w.gOut;
        double[] ga2 = w.ga2;
        double[] ga1 = w.ga1;
        double[] gy = w.gy;
        if (c > 0) {
            transpose(ctx, 0, n, c, w.tC);
        }
        for (int b = k - 1; b >= 0; b--) {
            int base = b * blockSize;
            int w1 = base + oW1;
            int wc = base + oWc;
            int b1 = base + oB1;
            int w2 = base + oW2;
            int b2 = base + oB2;
            int wo = base + oWo;
            int bo = base + oBo;
            double[] y = w.yin[b];
            double[] h1 = w.h1[b];
            double[] h2 = w.h2[b];
            double[] raw = w.raw[b];
            double[] sc = w.scale[b];
            // z = s·y + shift, loss carries −(1/n)·Σ log s: gradients of (shift, raw) and the direct part of ∂/∂y
            for (int r = 0; r < n; r++) {
                int rd = r * d;
                int ro = r * d2;
                for (int i = 0; i < d; i++) {
                    double gzi = gz[rd + i];
                    double s = sc[rd + i];
                    double gr = (gzi * y[rd + i] - invN / s) * sigmoid(raw[rd + i]);
                    gOut[ro + i] = gzi;
                    gOut[ro + d + i] = gr;
                    g[bo + i] += gzi;
                    g[bo + d + i] += gr;
                    gy[rd + i] = gzi * s;
                }
            }
            // output layer: gWo += h2ᵀ·gOut, ga2 = (gOut·Woᵀ) ⊙ (1 − h2²)
            transpose(h2, 0, n, h, w.tA);
            transpose(gOut, 0, n, d2, w.tB);
            gemmNT(w.tA, 0, n, w.tB, 0, n, g, wo, d2, h, d2, n);
            Arrays.fill(ga2, 0, n * h, 0.0);
            gemmNT(gOut, 0, d2, p, wo, d2, ga2, 0, h, n, h, d2);
            tanhBackward(ga2, h2, g, b2, n);
            // second layer: gW2 += h1ᵀ·ga2, ga1 = (ga2·W2ᵀ) ⊙ (1 − h1²)
            transpose(h1, 0, n, h, w.tA);
            transpose(ga2, 0, n, h, w.tB);
            gemmNT(w.tA, 0, n, w.tB, 0, n, g, w2, h, h, h, n);
            Arrays.fill(ga1, 0, n * h, 0.0);
            gemmNT(ga2, 0, h, p, w2, h, ga1, 0, h, n, h, h);
            tanhBackward(ga1, h1, g, b1, n);
            // first layer: gW1 += yᵀ·ga1, gWc += cᵀ·ga1, ∂/∂y += ga1·W1ᵀ
            transpose(ga1, 0, n, h, w.tB);
            transpose(y, 0, n, d, w.tA);
            gemmNT(w.tA, 0, n, w.tB, 0, n, g, w1, h, d, h, n);
            gemmNT(w.tC, 0, n, w.tB, 0, n, g, wc, h, c, h, n);
            gemmNT(ga1, 0, h, p, w1, h, gy, 0, d, n, d, h);
            if (b > 0) {
                // input i of block b is output perm[b−1][i] of block b−1
                int[] pPrev = perm[b - 1];
                for (int r = 0; r < n; r++) {
                    int rd = r * d;
                    for (int i = 0; i < d; i++) {
                        gz[rd + pPrev[i]] = gy[rd + i];
                    }
                }
            }
            for (int t = base; t < base + blockSize; t++) {
                g[t] *= mask[t];
            }
        }
    }

    /** ga ⊙= 1 − h² (tanh′) in place, and the bias gradient g[bias..] += Σ_rows ga. */
    private void tanhBackward(double[] ga, double[] act, double[] g, int bias, int n) {
        for (int r = 0; r < n; r++) {
            int hr = r * h;
            for (int j = 0; j < h; j++) {
                double a = act[hr + j];
                double v = ga[hr + j] * (1 - a * a);
                ga[hr + j] = v;
                g[bias + j] += v;
            }
        }
    }

    /**
     * u = T⁻¹(z) for rows [0, n) of z (n×d, base draws; overwritten), with a shared context: each
     * block is inverted dimension by dimension in its autoregressive order, batched over rows.
     * This is the textbook inversion (d full MADE passes per block), kept as the reference that
     * tests hold {@link MafInference#inverse}, the production path, against.
     */
    void inverse(double[] p, double[] z, double[][] shared, int n, Workspace w, double[] u) {
        transposeWeights(p, w);
        double[] cur = z;
        for (int b = k - 1; b >= 0; b--) {
            double[] y = w.yin[b];
            Arrays.fill(y, 0, n * d, 0.0);
            double[] out = w.out;
            for (int i = 0; i < d; i++) {
                made(p, b, y, null, shared[b], n, w.h1[b], w.h2[b], out, w);
                for (int r = 0; r < n; r++) {
                    int or = r * 2 * d;
                    double s = softplus(out[or + d + i]) + SCALE_EPS;
                    y[r * d + i] = (cur[r * d + i] - out[or + i]) / s;
                }
            }
            if (b > 0) {
                // input i of block b is output pPrev[i] of block b−1, the target of the next inversion
                int[] pPrev = perm[b - 1];
                for (int r = 0; r < n; r++) {
                    for (int i = 0; i < d; i++) {
                        w.z[r * d + pPrev[i]] = y[r * d + i];
                    }
                }
                cur = w.z;
            } else {
                System.arraycopy(y, 0, u, 0, n * d);
            }
        }
    }

    /** Refreshes the output-major copies of W2 and Wo that the inner loops read contiguously. */
    void transposeWeights(double[] p, Workspace w) {
        for (int b = 0; b < k; b++) {
            transpose(p, b * blockSize + oW1, d, h, w.w1t[b]);
            transpose(p, b * blockSize + oWc, c, h, w.wct[b]);
            transpose(p, b * blockSize + oW2, h, h, w.w2t[b]);
            transpose(p, b * blockSize + oWo, h, 2 * d, w.wot[b]);
        }
    }

    static void axpy(double a, double[] x, int xo, double[] y, int yo, int n) {
        if (a == 0) {
            return;
        }
        for (int t = 0; t < n; t++) {
            y[yo + t] += a * x[xo + t];
        }
    }

    /** Σ_t a[ao + t]·b[bo + t·stride]. */
    static double dot(double[] a, int ao, double[] b, int bo, int stride, int n) {
        double s0 = 0;
        double s1 = 0;
        int t = 0;
        for (; t + 1 < n; t += 2) {
            s0 += a[ao + t] * b[bo + t * stride];
            s1 += a[ao + t + 1] * b[bo + (t + 1) * stride];
        }
        if (t < n) {
            s0 += a[ao + t] * b[bo + t * stride];
        }
        return s0 + s1;
    }

    /**
     * C[i][j] += Σ_t A[i][t]·B[j][t] for i < m, j < p, t < q (row-major with leading dimensions
     * lda, ldb, ldc). Blocks of 4×4 outputs stay in registers, so each loaded value feeds four
     * multiply-adds: about twice the throughput of axpy loops for these small matrices.
     */
    static void gemmNT(double[] a, int ao, int lda, double[] bm, int bo, int ldb, double[] cm, int co, int ldc,
            int m, int p, int q) {
        int i = 0;
        for (; i + 3 < m; i += 4) {
            int a0 = ao + i * lda;
            int a1 = a0 + lda;
            int a2 = a1 + lda;
            int a3 = a2 + lda;
            int c0 = co + i * ldc;
            int j = 0;
            for (; j + 3 < p; j += 4) {
                int b0 = bo + j * ldb;
                int b1 = b0 + ldb;
                int b2 = b1 + ldb;
                int b3 = b2 + ldb;
                double s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
                double s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
                for (int t = 0; t < q; t++) {
                    double x0 = a[a0 + t];
                    double x1 = a[a1 + t];
                    double x2 = a[a2 + t];
                    double x3 = a[a3 + t];
                    double v0 = bm[b0 + t];
                    double v1 = bm[b1 + t];
                    double v2 = bm[b2 + t];
                    double v3 = bm[b3 + t];
                    s00 += x0 * v0; s01 += x0 * v1; s02 += x0 * v2; s03 += x0 * v3;
                    s10 += x1 * v0; s11 += x1 * v1; s12 += x1 * v2; s13 += x1 * v3;
                    s20 += x2 * v0; s21 += x2 * v1; s22 += x2 * v2; s23 += x2 * v3;
                    s30 += x3 * v0; s31 += x3 * v1; s32 += x3 * v2; s33 += x3 * v3;
                }
                int r0 = c0 + j;
                int r1 = r0 + ldc;
                int r2 = r1 + ldc;
                int r3 = r2 + ldc;
                cm[r0] += s00; cm[r0 + 1] += s01; cm[r0 + 2] += s02; cm[r0 + 3] += s03;
                cm[r1] += s10; cm[r1 + 1] += s11; cm[r1 + 2] += s12; cm[r1 + 3] += s13;
                cm[r2] += s20; cm[r2 + 1] += s21; cm[r2 + 2] += s22; cm[r2 + 3] += s23;
                cm[r3] += s30; cm[r3 + 1] += s31; cm[r3 + 2] += s32; cm[r3 + 3] += s33;
            }
            for (; j < p; j++) {
                int b0 = bo + j * ldb;
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int t = 0; t < q; t++) {
                    double v = bm[b0 + t];
                    s0 += a[a0 + t] * v;
                    s1 += a[a1 + t] * v;
                    s2 += a[a2 + t] * v;
                    s3 += a[a3 + t] * v;
                }
                cm[c0 + j] += s0;
                cm[c0 + ldc + j] += s1;
                cm[c0 + 2 * ldc + j] += s2;
                cm[c0 + 3 * ldc + j] += s3;
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < p; j++) {
                cm[co + i * ldc + j] += dot(a, ao + i * lda, bm, bo + j * ldb, 1, q);
            }
        }
    }

    static void transpose(double[] src, int off, int rows, int cols, double[] dst) {
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < cols; q++) {
                dst[q * rows + r] = src[off + r * cols + q];
            }
        }
    }

    /** tanh via one exp (Math.tanh is several times slower); absolute error ~1e-16. */
    static void tanh(double[] a, int off, int n) {
        for (int t = off; t < off + n; t++) {
            double x = a[t];
            double e = Math.exp(-2 * Math.abs(x));
            double v = (1 - e) / (1 + e);
            a[t] = x < 0 ? -v : v;
        }
    }

    static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }
}
