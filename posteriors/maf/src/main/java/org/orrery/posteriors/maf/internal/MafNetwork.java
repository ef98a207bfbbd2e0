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
 * <p>Speed: activations are kept unit-major (one array per unit over the batch rows), so the layer
 * products and input gradients run as row loops that C2 vectorises ({@link #acc}) and the weight
 * gradients as register-blocked sums over rows ({@link #dotRows}); tanh is a vectorisable rational
 * ({@link #tanh}); all buffers live in a {@link Workspace} reused across steps, so a training step
 * allocates nothing.
 *
 * <p>Parameter layout per block (all blocks concatenated in one flat array):
 * W1[d][h], Wc[c][h], b1[h], W2[h][h], b2[h], Wo[h][2d] (columns: d shifts, then d raw scales), bo[2d];
 * for a spline flow Wo[h][np·d] and bo[np·d], column m·d + i holding spline parameter m of dimension i.
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
    /** The elementwise transform of a block: null for the affine MAF, else a rational-quadratic spline (NSF). */
    final RationalQuadratic spline;
    /** MADE outputs per dimension: 2 (shift, raw scale) or the spline's 3K − 1. */
    final int np;

    MafNetwork(int d, int c, int h, int k, int[] hiddenDegrees, int[][] perm) {
        this(d, c, h, k, hiddenDegrees, perm, null);
    }

    /**
     * With {@code spline} non-null, each block transforms dimension i by the spline whose 3K − 1
     * parameters the MADE outputs for it (output column m·d + i is parameter m of dimension i).
     */
    MafNetwork(int d, int c, int h, int k, int[] hiddenDegrees, int[][] perm, RationalQuadratic spline) {
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
        this.spline = spline;
        this.np = spline == null ? 2 : spline.paramsPerDim();
        oW1 = 0;
        oWc = oW1 + d * h;
        oB1 = oWc + c * h;
        oW2 = oB1 + h;
        oB2 = oW2 + h * h;
        oWo = oB2 + h;
        oBo = oWo + h * np * d;
        blockSize = oBo + np * d;
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
                for (int o = 0; o < np * d; o++) {
                    mask[base + oWo + j * np * d + o] = (o % d) + 1 > hiddenDegrees[j] ? 1 : 0;
                }
            }
        }
    }

    /** nflows' deterministic hidden degrees and reversed orders between blocks. */
    static MafNetwork standard(int d, int c, int h, int k) {
        return standard(d, c, h, k, 0, 0);
    }

    /**
     * As {@link #standard(int, int, int, int)}; {@code bins} > 0 makes every block a
     * rational-quadratic spline of that many bins on [−tailBound, tailBound] (nflows' autoregressive
     * NSF, whose width and height outputs are divided by √h).
     */
    static MafNetwork standard(int d, int c, int h, int k, int bins, double tailBound) {
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
        return new MafNetwork(d, c, h, k, deg, perm, spline(bins, tailBound, h));
    }

    /** The blocks' spline for {@code bins} > 0 (raw widths and heights scaled by 1/√h, as nflows), else null. */
    static RationalQuadratic spline(int bins, double tailBound, int h) {
        return bins == 0 ? null : new RationalQuadratic(bins, tailBound, 1 / Math.sqrt(h));
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
            fill(p, rng, base + oWo, h * np * d, 0.01 / Math.sqrt(h));
            if (spline == null) {
                for (int i = 0; i < d; i++) {
                    p[base + oBo + i] = 0;
                    p[base + oBo + d + i] = rawIdentity;
                }
            } else {
                // equal bins and unit derivatives: the identity on [−B, B]
                Arrays.fill(p, base + oBo, base + oBo + 2 * spline.bins * d, 0.0);
                Arrays.fill(p, base + oBo + 2 * spline.bins * d, base + oBo + np * d, RationalQuadratic.IDENTITY_DERIVATIVE);
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

    /**
     * Buffers for batches of up to {@code rows} rows, reused across steps (one per thread). Unit-major:
     * one array of {@code rows} values per hidden unit, per dimension and per context component, so
     * that the row loops of {@link #acc} vectorise (C2 assumes that loads and stores at different
     * unknown offsets of one flat array may alias, and then leaves the loop scalar).
     */
    final class Workspace {
        final int rows;
        /** yin[b][i]: input dimension i of block b over the rows. */
        final double[][][] yin;
        final double[][][] h1;
        final double[][][] h2;
        final double[][][] raw;
        final double[][][] scale;
        /** Outputs of the last {@link #made}: rows 0..d−1 shifts, d..2d−1 raw scales. */
        final double[][] out;
        final double[][] zT;
        /** z = T(u) of the last {@link #forward}, row-major n×d. */
        final double[] z;
        final double[][] ctxT;
        final double[][] gz;
        final double[][] gy;
        final double[][] gOut;
        final double[][] ga2;
        final double[][] ga1;
        /** Output-major (transposed) weight copies per block, refreshed by {@link #transposeWeights}. */
        final double[][] w1t;
        final double[][] wct;
        final double[][] w2t;
        final double[][] wot;
        /** Spline flows only: each block's MADE outputs (the backward pass reads them) and scratch. */
        final double[][][] outs;
        final double[][] tz;
        final RationalQuadratic.Knots knots;
        /** saved[b][i]: what block b's spline of dimension i kept in the forward pass for the backward one. */
        final double[][][] saved;

        Workspace(int rows) {
            this.rows = rows;
            yin = new double[k][d][rows];
            h1 = new double[k][h][rows];
            h2 = new double[k][h][rows];
            // the affine transform's per-block state; spline flows keep theirs in outs and saved
            raw = spline == null ? new double[k][d][rows] : null;
            scale = spline == null ? new double[k][d][rows] : null;
            out = new double[np * d][rows];
            zT = new double[d][rows];
            z = new double[rows * d];
            ctxT = new double[c][rows];
            gz = new double[d][rows];
            gy = new double[d][rows];
            gOut = new double[np * d][rows];
            ga2 = new double[h][rows];
            ga1 = new double[h][rows];
            w1t = new double[k][h * d];
            wct = new double[k][h * c];
            w2t = new double[k][h * h];
            wot = new double[k][np * d * h];
            outs = spline == null ? null : new double[k][np * d][rows];
            tz = spline == null ? null : new double[d][rows];
            knots = spline == null ? null : spline.knots();
            saved = spline == null ? null : new double[k][d][rows * spline.savedPerRow()];
        }
    }

    Workspace workspace(int rows) {
        return new Workspace(rows);
    }

    /**
     * Hidden layers and outputs of MADE block {@code b} for rows [0, n) of {@code y} (unit-major);
     * the context is either per row ({@code ctxT}, c×n) or shared ({@code shared}: b1 + Wc·c
     * precomputed, length h). Writes h1, h2 (h×n) and the 2d outputs, shifts then raw scales, into
     * {@code out}. Reads the transposed weights that {@link #transposeWeights} left in {@code w}.
     */
    void made(double[] p, int b, double[][] y, double[][] ctxT, double[] shared, int n,
            double[][] h1, double[][] h2, double[][] out, Workspace w) {
        int base = b * blockSize;
        for (int j = 0; j < h; j++) {
            double[] hj = h1[j];
            if (shared != null) {
                Arrays.fill(hj, 0, n, shared[j]);
            } else {
                Arrays.fill(hj, 0, n, p[base + oB1 + j]);
                acc(hj, w.wct[b], j * c, ctxT, c, n);
            }
            acc(hj, w.w1t[b], j * d, y, d, n);
            tanh(hj, 0, n);
        }
        for (int j = 0; j < h; j++) {
            double[] hj = h2[j];
            Arrays.fill(hj, 0, n, p[base + oB2 + j]);
            acc(hj, w.w2t[b], j * h, h1, h, n);
            tanh(hj, 0, n);
        }
        for (int o = 0; o < np * d; o++) {
            Arrays.fill(out[o], 0, n, p[base + oBo + o]);
            acc(out[o], w.wot[b], o * h, h2, h, n);
        }
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
     * ({@code ctx}, n×c) or shared ({@code shared}, from {@link #sharedContext}). Keeps the
     * activations in {@code w} for {@link #backward} and z = T(u) in {@code w.z}.
     */
    void forward(double[] p, double[] u, double[] ctx, double[][] shared, int n, Workspace w, double[] logProb) {
        transposeWeights(p, w);
        toUnitMajor(u, n, d, w.yin[0]);
        if (ctx != null) {
            toUnitMajor(ctx, n, c, w.ctxT);
        }
        Arrays.fill(logProb, 0, n, 0.0);
        double[][] out = w.out;
        for (int b = 0; b < k; b++) {
            double[][] y = w.yin[b];
            if (spline != null) {
                double[][] ob = w.outs[b];
                made(p, b, y, w.ctxT, shared == null ? null : shared[b], n, w.h1[b], w.h2[b], ob, w);
                for (int i = 0; i < d; i++) {
                    spline.forward(ob, i, d, y[i], n, w.tz[i], logProb, w.knots, w.saved[b][i]);
                }
                permuteInto(b, w.tz, b == k - 1 ? w.zT : w.yin[b + 1], n);
                continue;
            }
            made(p, b, y, w.ctxT, shared == null ? null : shared[b], n, w.h1[b], w.h2[b], out, w);
            double[][] raw = w.raw[b];
            double[][] sc = w.scale[b];
            for (int i = 0; i < d; i++) {
                double[] ai = out[d + i];
                double[] ri = raw[i];
                double[] si = sc[i];
                for (int r = 0; r < n; r++) {
                    double s = softplus(ai[r]) + SCALE_EPS;
                    ri[r] = ai[r];
                    si[r] = s;
                    logProb[r] += Math.log(s);
                }
            }
            double[][] next = b == k - 1 ? w.zT : w.yin[b + 1];
            int[] pb = b == k - 1 ? null : perm[b];
            for (int i = 0; i < d; i++) {
                // input i of block b+1 is output pb[i] of block b
                int src = pb == null ? i : pb[i];
                double[] ni = next[i];
                double[] si = sc[src];
                double[] yi = y[src];
                double[] oi = out[src];
                for (int r = 0; r < n; r++) {
                    ni[r] = si[r] * yi[r] + oi[r];
                }
            }
        }
        double[][] zT = w.zT;
        for (int r = 0; r < n; r++) {
            double s = 0;
            for (int i = 0; i < d; i++) {
                double v = zT[i][r];
                w.z[r * d + i] = v;
                s += v * v;
            }
            logProb[r] += -0.5 * s - d * HALF_LOG_2PI;
        }
    }

    /** Block b's outputs {@code z} (d×n) into the next block's inputs (or the base, after the last block). */
    private void permuteInto(int b, double[][] z, double[][] next, int n) {
        int[] pb = b == k - 1 ? null : perm[b];
        for (int i = 0; i < d; i++) {
            // input i of block b+1 is output pb[i] of block b
            System.arraycopy(z[pb == null ? i : pb[i]], 0, next[i], 0, n);
        }
    }

    /** rows×cols row-major → cols arrays of rows values. */
    private static void toUnitMajor(double[] src, int rows, int cols, double[][] dst) {
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < cols; q++) {
                dst[q][r] = src[r * cols + q];
            }
        }
    }

    /**
     * Adds to {@code g} the gradient of the loss −(1/n)·Σ_r log q(u_r | c_r) after a
     * {@link #forward} of the same rows with the same per-row context {@code ctx}; masked entries of
     * {@code g} receive zero.
     */
    void backward(double[] p, double[] ctx, int n, Workspace w, double[] g) {
        backward(p, ctx, n, w, g, null);
    }

    /**
     * {@link #backward(double[], double[], int, Workspace, double[])} that also writes the gradient of
     * the loss with respect to the (standardised) context into {@code gctx} (c×n, unit-major, overwritten):
     * what an embedding network trained jointly with the flow back-propagates.
     */
    void backward(double[] p, double[] ctx, int n, Workspace w, double[] g, double[][] gctx) {
        if (gctx != null) {
            for (int q = 0; q < c; q++) {
                Arrays.fill(gctx[q], 0, n, 0.0);
            }
        }
        double invN = 1.0 / n;
        double[][] gz = w.gz;
        for (int i = 0; i < d; i++) {
            for (int r = 0; r < n; r++) {
                gz[i][r] = w.zT[i][r] * invN;
            }
        }
        int d2 = np * d;
        double[][] gOut = w.gOut;
        double[][] ga2 = w.ga2;
        double[][] ga1 = w.ga1;
        double[][] gy = w.gy;
        toUnitMajor(ctx, n, c, w.ctxT);
        for (int b = k - 1; b >= 0; b--) {
            int base = b * blockSize;
            int w1 = base + oW1;
            int wc = base + oWc;
            int b1 = base + oB1;
            int w2 = base + oW2;
            int b2 = base + oB2;
            int wo = base + oWo;
            int bo = base + oBo;
            double[][] y = w.yin[b];
            double[][] h1 = w.h1[b];
            double[][] h2 = w.h2[b];
            if (spline != null) {
                // z = f(y; outputs), loss carries −(1/n)·Σ log f′: gradients of the outputs and the direct part of ∂/∂y
                double[][] ob = w.outs[b];
                for (int i = 0; i < d; i++) {
                    spline.backward(ob, i, d, y[i], gz[i], invN, n, gOut, gy[i], w.knots, w.saved[b][i]);
                }
                for (int o = 0; o < d2; o++) {
                    double sum = 0;
                    double[] go = gOut[o];
                    for (int r = 0; r < n; r++) {
                        sum += go[r];
                    }
                    g[bo + o] += sum;
                }
            }
            // z = s·y + shift, loss carries −(1/n)·Σ log s: gradients of (shift, raw) and the direct part of ∂/∂y
            for (int i = 0; spline == null && i < d; i++) {
                double[] gzi = gz[i];
                double[] si = w.scale[b][i];
                double[] ai = w.raw[b][i];
                double[] yi = y[i];
                double[] gs = gOut[i];
                double[] gr = gOut[d + i];
                double[] gyi = gy[i];
                double sumS = 0;
                double sumR = 0;
                for (int r = 0; r < n; r++) {
                    double v = gzi[r];
                    double s = si[r];
                    double q = (v * yi[r] - invN / s) * sigmoid(ai[r]);
                    gs[r] = v;
                    gr[r] = q;
                    gyi[r] = v * s;
                    sumS += v;
                    sumR += q;
                }
                g[bo + i] += sumS;
                g[bo + d + i] += sumR;
            }
            // output layer: gWo += h2ᵀ·gOut, ga2 = (gOut·Woᵀ) ⊙ (1 − h2²)
            dotRows(h2, h, gOut, d2, n, g, wo, d2);
            for (int j = 0; j < h; j++) {
                Arrays.fill(ga2[j], 0, n, 0.0);
                acc(ga2[j], p, wo + j * d2, gOut, d2, n);
            }
            tanhBackward(ga2, h2, g, b2, n);
            // second layer: gW2 += h1ᵀ·ga2, ga1 = (ga2·W2ᵀ) ⊙ (1 − h1²)
            dotRows(h1, h, ga2, h, n, g, w2, h);
            for (int j = 0; j < h; j++) {
                Arrays.fill(ga1[j], 0, n, 0.0);
                acc(ga1[j], p, w2 + j * h, ga2, h, n);
            }
            tanhBackward(ga1, h1, g, b1, n);
            // first layer: gW1 += yᵀ·ga1, gWc += cᵀ·ga1, ∂/∂y += ga1·W1ᵀ
            dotRows(y, d, ga1, h, n, g, w1, h);
            dotRows(w.ctxT, c, ga1, h, n, g, wc, h);
            if (gctx != null) {
                for (int q = 0; q < c; q++) {
                    acc(gctx[q], p, wc + q * h, ga1, h, n);
                }
            }
            for (int i = 0; i < d; i++) {
                acc(gy[i], p, w1 + i * h, ga1, h, n);
            }
            if (b > 0) {
                // input i of block b is output perm[b−1][i] of block b−1
                int[] pPrev = perm[b - 1];
                for (int i = 0; i < d; i++) {
                    System.arraycopy(gy[i], 0, gz[pPrev[i]], 0, n);
                }
            }
            for (int t = base; t < base + blockSize; t++) {
                g[t] *= mask[t];
            }
        }
    }

    /** ga ⊙= 1 − h² (tanh′) in place, and the bias gradient g[bias + j] += Σ_rows ga[j]. */
    private void tanhBackward(double[][] ga, double[][] act, double[] g, int bias, int n) {
        for (int j = 0; j < h; j++) {
            double[] gj = ga[j];
            double[] aj = act[j];
            for (int r = 0; r < n; r++) {
                gj[r] *= 1 - aj[r] * aj[r];
            }
            double s = 0;
            for (int r = 0; r < n; r++) {
                s += gj[r];
            }
            g[bias + j] += s;
        }
    }

    /**
     * u = T⁻¹(z) for rows [0, n) of z (n×d, base draws), with a shared context: each block is
     * inverted dimension by dimension in its autoregressive order, batched over rows. This is the
     * textbook inversion (d full MADE passes per block), kept as the reference that tests hold
     * {@link MafInference#inverse}, the production path, against.
     */
    void inverse(double[] p, double[] z, double[][] shared, int n, Workspace w, double[] u) {
        transposeWeights(p, w);
        double[][] cur = w.zT;
        toUnitMajor(z, n, d, cur);
        for (int b = k - 1; b >= 0; b--) {
            double[][] y = w.yin[b];
            for (double[] yi : y) {
                Arrays.fill(yi, 0, n, 0.0);
            }
            double[][] out = w.out;
            for (int i = 0; i < d; i++) {
                made(p, b, y, null, shared[b], n, w.h1[b], w.h2[b], out, w);
                if (spline != null) {
                    spline.inverse(out, i, d, cur[i], n, y[i], w.knots);
                    continue;
                }
                for (int r = 0; r < n; r++) {
                    double s = softplus(out[d + i][r]) + SCALE_EPS;
                    y[i][r] = (cur[i][r] - out[i][r]) / s;
                }
            }
            if (b > 0) {
                // input i of block b is output pPrev[i] of block b−1, the target of the next inversion
                int[] pPrev = perm[b - 1];
                for (int i = 0; i < d; i++) {
                    System.arraycopy(y[i], 0, cur[pPrev[i]], 0, n);
                }
            } else {
                for (int r = 0; r < n; r++) {
                    for (int i = 0; i < d; i++) {
                        u[r * d + i] = y[i][r];
                    }
                }
            }
        }
    }

    /** Refreshes the output-major copies of W2 and Wo that the inner loops read contiguously. */
    void transposeWeights(double[] p, Workspace w) {
        for (int b = 0; b < k; b++) {
            transpose(p, b * blockSize + oW1, d, h, w.w1t[b]);
            transpose(p, b * blockSize + oWc, c, h, w.wct[b]);
            transpose(p, b * blockSize + oW2, h, h, w.w2t[b]);
            transpose(p, b * blockSize + oWo, h, np * d, w.wot[b]);
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

    /**
     * c[r] += Σ_{t<q} wt[wo + t]·x[t][r] for r < m, four terms of t per pass over the rows. Each row
     * is summed in the same order whatever m is and wherever C2's vector and scalar loops split
     * (no fused multiply-add, so both give the same bits): a row's value never depends on where a
     * tile, chunk or thread boundary puts it. With separate row arrays C2 vectorises the r loop
     * (about 10 multiply-adds per ns here, twice a scalar register-blocked kernel).
     */
    static void acc(double[] c, double[] wt, int wo, double[][] x, int q, int m) {
        int t = 0;
        for (; t + 3 < q; t += 4) {
            double w0 = wt[wo + t];
            double w1 = wt[wo + t + 1];
            double w2 = wt[wo + t + 2];
            double w3 = wt[wo + t + 3];
            double[] x0 = x[t];
            double[] x1 = x[t + 1];
            double[] x2 = x[t + 2];
            double[] x3 = x[t + 3];
            for (int r = 0; r < m; r++) {
                c[r] += (w0 * x0[r] + w1 * x1[r]) + (w2 * x2[r] + w3 * x3[r]);
            }
        }
        for (; t < q; t++) {
            double w0 = wt[wo + t];
            double[] x0 = x[t];
            for (int r = 0; r < m; r++) {
                c[r] += w0 * x0[r];
            }
        }
    }

    /**
     * C[i][j] += Σ_{t<n} A[i][t]·B[j][t] for i < m, j < p, with C row-major in cm at co (leading
     * dimension ldc): the weight gradients, sums over the batch. Blocks of 4×4 outputs stay in
     * registers, so each loaded value feeds four multiply-adds (C2 does not vectorise these
     * reductions; this is about twice the throughput of one dot product at a time).
     */
    static void dotRows(double[][] a, int m, double[][] bm, int p, int n, double[] cm, int co, int ldc) {
        int i = 0;
        for (; i + 3 < m; i += 4) {
            double[] a0 = a[i];
            double[] a1 = a[i + 1];
            double[] a2 = a[i + 2];
            double[] a3 = a[i + 3];
            int c0 = co + i * ldc;
            int j = 0;
            for (; j + 3 < p; j += 4) {
                double[] b0 = bm[j];
                double[] b1 = bm[j + 1];
                double[] b2 = bm[j + 2];
                double[] b3 = bm[j + 3];
                double s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
                double s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
                for (int t = 0; t < n; t++) {
                    double x0 = a0[t];
                    double x1 = a1[t];
                    double x2 = a2[t];
                    double x3 = a3[t];
                    double v0 = b0[t];
                    double v1 = b1[t];
                    double v2 = b2[t];
                    double v3 = b3[t];
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
                double[] b0 = bm[j];
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int t = 0; t < n; t++) {
                    double v = b0[t];
                    s0 += a0[t] * v;
                    s1 += a1[t] * v;
                    s2 += a2[t] * v;
                    s3 += a3[t] * v;
                }
                cm[c0 + j] += s0;
                cm[c0 + ldc + j] += s1;
                cm[c0 + 2 * ldc + j] += s2;
                cm[c0 + 3 * ldc + j] += s3;
            }
        }
        for (; i < m; i++) {
            double[] ai = a[i];
            for (int j = 0; j < p; j++) {
                double[] bj = bm[j];
                double s0 = 0;
                double s1 = 0;
                int t = 0;
                for (; t + 1 < n; t += 2) {
                    s0 += ai[t] * bj[t];
                    s1 += ai[t + 1] * bj[t + 1];
                }
                if (t < n) {
                    s0 += ai[t] * bj[t];
                }
                cm[co + i * ldc + j] += s0 + s1;
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

    /**
     * tanh over a[off, off + n), accurate to a few ulps (|error| ≤ 6e-16 against Math.tanh) and
     * 3.5× faster than one Math.exp per value (1.6 vs 5.8 ns) because C2 auto-vectorises it: only
     * +, ×, ÷ and min/max, no branches, no calls. Method: y = x/16 with x clamped to ±20 (tanh is ±1
     * in double beyond ±19.1), tanh(y) = N/D from the continued fraction's [9/10] Padé convergent
     * (relative error < 1e-17 for |y| ≤ 1.25), then four doublings tanh(2y) = 2ND/(D² + N²) on the
     * pair (N, D), so one division at the end. The doubling damps the ratio's relative error by
     * (1−t²)/(1+t²) and |N|, |D| stay below 1e9. NaN propagates (min/max return NaN); ±0 keeps its
     * sign (subnormal x may give a zero of the same sign). Scalar and vector code compute identical
     * bits (Java never fuses a multiply-add), so values never depend on where a loop boundary falls.
     */
    static void tanh(double[] a, int off, int n) {
        for (int t = off; t < off + n; t++) {
            double x = Math.min(Math.max(a[t], -TANH_CLAMP), TANH_CLAMP);
            double y = x * 0.0625;
            double s = y * y;
            double num = y * (1 + s * (TP1 + s * (TP2 + s * (TP3 + s * TP4))));
            double den = 1 + s * (TQ1 + s * (TQ2 + s * (TQ3 + s * (TQ4 + s * TQ5))));
            // unrolled: C2 does not vectorise a loop with an inner loop
            double n2 = (num + num) * den;
            den = num * num + den * den;
            num = n2;
            n2 = (num + num) * den;
            den = num * num + den * den;
            num = n2;
            n2 = (num + num) * den;
            den = num * num + den * den;
            num = n2;
            n2 = (num + num) * den;
            den = num * num + den * den;
            num = n2;
            // no clamp of the result to ±1 (2ND may round one ulp above N² + D²): it stops C2 vectorising
            a[t] = num / den;
        }
    }

    static final double TANH_CLAMP = 20;
    // y·(1 + TP1 s + … + TP4 s⁴) / (1 + TQ1 s + … + TQ5 s⁵), s = y²: the 9th convergent of
    // tanh y = y/(1 + y²/(3 + y²/(5 + …))), normalised to a constant term of 1 (all exact rationals)
    private static final double TP1 = 8.0 / 57;
    private static final double TP2 = 7.0 / 1615;
    private static final double TP3 = 4.0 / 101745;
    private static final double TP4 = 1.0 / 11904165;
    private static final double TQ1 = 9.0 / 19;
    private static final double TQ2 = 28.0 / 969;
    private static final double TQ3 = 7.0 / 14535;
    private static final double TQ4 = 1.0 / 440895;
    private static final double TQ5 = 1.0 / 654729075;

    /**
     * log(1 + eˣ) = max(x, 0) + log(1 + e^−|x|). Math.log(1 + e) instead of Math.log1p(e): the
     * intrinsic log is 1.6× faster (14 vs 22 ns per call; softplus is ~9 % of sampling) and the
     * rounding of 1 + e costs at most ~2.5e-16 absolute, the tanh approximation's order; the scale
     * softplus + 1e-3 then carries a relative error below 3e-13.
     */
    static double softplus(double x) {
        return Math.max(x, 0) + Math.log(1 + Math.exp(-Math.abs(x)));
    }

    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }
}
