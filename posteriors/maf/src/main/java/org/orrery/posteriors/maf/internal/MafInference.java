package org.orrery.posteriors.maf.internal;

import java.util.Arrays;

/**
 * The sampling and log-prob paths of a trained {@link MafNetwork}: the network's weights re-laid
 * out once, with hidden units sorted by MADE degree, so that masked (zero) weights are skipped
 * instead of multiplied.
 *
 * <p>Why it is faster: a hidden unit of degree j depends on inputs 1..j only and an output of
 * dimension i (degree i+1) on hidden units of degree ≤ i only. So sequential inversion computes each
 * block's hidden units once, degree group by degree group as the inputs become known, instead of
 * rerunning the whole MADE d times (the textbook inversion that {@link MafNetwork#inverse} does);
 * the cost of drawing a sample becomes that of one density evaluation. Rows are processed in tiles
 * that keep a tile's activations in cache through all blocks. Each row's result depends on that row
 * alone, so splitting rows never changes a value.
 *
 * <p>Immutable after construction; every call takes its own {@link Buffers}.
 */
final class MafInference {

    /** Rows per tile: the two hidden activations of a tile (2·TILE·h doubles) stay in L2. */
    static final int TILE = 128;

    final int d;
    final int k;
    /** Hidden units that can reach an output (degree ≤ d−1), in degree order. */
    final int hu;
    /** order[j']: original index of the j'-th sorted hidden unit. */
    final int[] order;
    /** Sorted hidden units of degree j occupy [start(j), end[j]). */
    final int[] end;
    final int[][] perm;
    /** Per block, sorted: W1 as hu×d (unit-major), W2 as hu×hu (output-unit-major), b2. */
    final double[][] w1;
    final double[][] w2;
    final double[][] b2;
    /** Per block: rows 2i, 2i+1 = shift and raw scale of dimension i, over the hu sorted units. */
    final double[][] wo;
    final double[][] bo;

    MafInference(MafNetwork net, double[] p) {
        if (p.length != net.numParams()) {
            throw new IllegalArgumentException("expected " + net.numParams() + " weights, got " + p.length);
        }
        d = net.d;
        k = net.k;
        int h = net.h;
        perm = net.perm;
        end = new int[d];
        int[] idx = new int[h];
        int n = 0;
        for (int deg = 0; deg < d; deg++) {
            for (int j = 0; j < h; j++) {
                if (net.hiddenDegrees[j] == deg) {
                    idx[n++] = j;
                }
            }
            end[deg] = n;
        }
        hu = n;
        order = Arrays.copyOf(idx, n);
        w1 = new double[k][hu * d];
        w2 = new double[k][hu * hu];
        b2 = new double[k][hu];
        wo = new double[k][2 * d * hu];
        bo = new double[k][2 * d];
        int d2 = 2 * d;
        for (int b = 0; b < k; b++) {
            int base = b * net.blockSize;
            for (int jo = 0; jo < hu; jo++) {
                int uo = order[jo];
                for (int t = 0; t < d; t++) {
                    w1[b][jo * d + t] = p[base + net.oW1 + t * h + uo];
                }
                for (int ji = 0; ji < hu; ji++) {
                    w2[b][jo * hu + ji] = p[base + net.oW2 + order[ji] * h + uo];
                }
                b2[b][jo] = p[base + net.oB2 + uo];
                for (int i = 0; i < d; i++) {
                    wo[b][(2 * i) * hu + jo] = p[base + net.oWo + uo * d2 + i];
                    wo[b][(2 * i + 1) * hu + jo] = p[base + net.oWo + uo * d2 + d + i];
                }
            }
            for (int i = 0; i < d; i++) {
                bo[b][2 * i] = p[base + net.oBo + i];
                bo[b][2 * i + 1] = p[base + net.oBo + d + i];
            }
        }
    }

    int start(int deg) {
        return deg == 0 ? 0 : end[deg - 1];
    }

    /** Per-call scratch for one tile. */
    final class Buffers {
        final double[] h1 = new double[TILE * Math.max(1, hu)];
        final double[] h2 = new double[TILE * Math.max(1, hu)];
        final double[] o = new double[TILE * 2];
        final double[] y = new double[TILE * d];
        final double[] cur = new double[TILE * d];
        final double[] first = new double[Math.max(1, hu)];
        final double[] ld = new double[TILE];
    }

    Buffers buffers() {
        return new Buffers();
    }

    /** b1 + Wc·c per block (from {@link MafNetwork#sharedContext}), in sorted unit order. */
    double[][] sortShared(double[][] shared) {
        double[][] s = new double[k][hu];
        for (int b = 0; b < k; b++) {
            for (int j = 0; j < hu; j++) {
                s[b][j] = shared[b][order[j]];
            }
        }
        return s;
    }

    /**
     * u = T⁻¹(z) for rows [0, n) of z (n×d base draws), given the sorted shared context of
     * {@link #sortShared}. z is not modified.
     */
    void inverse(double[] z, double[][] sortedShared, int n, Buffers w, double[] u) {
        for (int r0 = 0; r0 < n; r0 += TILE) {
            int m = Math.min(TILE, n - r0);
            double[] cur = w.cur;
            double[] y = w.y;
            System.arraycopy(z, r0 * d, cur, 0, m * d);
            for (int b = k - 1; b >= 0; b--) {
                for (int i = 0; i < d; i++) {
                    int s = start(i);
                    int e = end[i];
                    if (e > s) {
                        hiddenGroup(b, sortedShared[b], y, w, m, s, e, i);
                    }
                    output(b, w, m, i, e);
                    double[] o = w.o;
                    for (int r = 0; r < m; r++) {
                        double sc = MafNetwork.softplus(o[2 * r + 1]) + MafNetwork.SCALE_EPS;
                        y[r * d + i] = (cur[r * d + i] - o[2 * r]) / sc;
                    }
                }
                if (b > 0) {
                    // input i of block b is output pPrev[i] of block b−1, the target of the next inversion
                    int[] pPrev = perm[b - 1];
                    for (int r = 0; r < m; r++) {
                        for (int i = 0; i < d; i++) {
                            cur[r * d + pPrev[i]] = y[r * d + i];
                        }
                    }
                } else {
                    System.arraycopy(y, 0, u, r0 * d, m * d);
                }
            }
        }
    }

    /**
     * log q(u | c) for rows [0, n) of u (n×d, standardised), given the sorted shared context.
     * u is not modified.
     */
    void logProb(double[] u, double[][] sortedShared, int n, Buffers w, double[] logProb) {
        for (int r0 = 0; r0 < n; r0 += TILE) {
            int m = Math.min(TILE, n - r0);
            double[] y = w.y;
            double[] next = w.cur;
            double[] ld = w.ld;
            System.arraycopy(u, r0 * d, y, 0, m * d);
            Arrays.fill(ld, 0, m, 0.0);
            for (int b = 0; b < k; b++) {
                for (int i = 0; i < d; i++) {
                    int s = start(i);
                    int e = end[i];
                    if (e > s) {
                        hiddenGroup(b, sortedShared[b], y, w, m, s, e, i);
                    }
                }
                int[] pb = b == k - 1 ? null : perm[b];
                for (int i = 0; i < d; i++) {
                    output(b, w, m, i, end[i]);
                    double[] o = w.o;
                    for (int r = 0; r < m; r++) {
                        double sc = MafNetwork.softplus(o[2 * r + 1]) + MafNetwork.SCALE_EPS;
                        ld[r] += Math.log(sc);
                        next[r * d + i] = sc * y[r * d + i] + o[2 * r];
                    }
                }
                for (int r = 0; r < m; r++) {
                    for (int i = 0; i < d; i++) {
                        y[r * d + i] = pb == null ? next[r * d + i] : next[r * d + pb[i]];
                    }
                }
            }
            for (int r = 0; r < m; r++) {
                double sq = 0;
                for (int i = 0; i < d; i++) {
                    double v = y[r * d + i];
                    sq += v * v;
                }
                logProb[r0 + r] = ld[r] - 0.5 * sq - d * MafNetwork.HALF_LOG_2PI;
            }
        }
    }

    /** Both hidden layers for the sorted units [s, e) of degree {@code deg}: they read y_{<deg} only. */
    private void hiddenGroup(int b, double[] shared, double[] y, Buffers w, int m, int s, int e, int deg) {
        double[] h1 = w.h1;
        double[] h2 = w.h2;
        int cnt = e - s;
        for (int r = 0; r < m; r++) {
            System.arraycopy(shared, s, h1, r * hu + s, cnt);
            System.arraycopy(b2[b], s, h2, r * hu + s, cnt);
        }
        if (deg > 0) {
            gemmNT(y, 0, d, w1[b], s * d, d, h1, s, hu, m, cnt, deg);
        }
        tanhCols(h1, m, s, e);
        gemmNT(h1, 0, hu, w2[b], s * hu, hu, h2, s, hu, m, cnt, e);
        tanhCols(h2, m, s, e);
    }

    /** Shift and raw scale of dimension i into w.o (m×2), from the sorted units [0, e). */
    private void output(int b, Buffers w, int m, int i, int e) {
        double[] o = w.o;
        double s0 = bo[b][2 * i];
        double s1 = bo[b][2 * i + 1];
        for (int r = 0; r < m; r++) {
            o[2 * r] = s0;
            o[2 * r + 1] = s1;
        }
        if (e > 0) {
            gemmNT(w.h2, 0, hu, wo[b], 2 * i * hu, hu, o, 0, 2, m, 2, e);
        }
    }

    /**
     * {@link MafNetwork#gemmNT} for whole blocks of four rows; the remaining rows summed in the same
     * order as inside a block (one accumulator, t ascending), so a row's value never depends on where
     * a tile, chunk or thread boundary puts it.
     */
    static void gemmNT(double[] a, int ao, int lda, double[] bm, int bo, int ldb, double[] cm, int co, int ldc,
            int m, int p, int q) {
        int m4 = m & ~3;
        MafNetwork.gemmNT(a, ao, lda, bm, bo, ldb, cm, co, ldc, m4, p, q);
        for (int i = m4; i < m; i++) {
            int ai = ao + i * lda;
            for (int j = 0; j < p; j++) {
                int bj = bo + j * ldb;
                double sum = 0;
                for (int t = 0; t < q; t++) {
                    sum += a[ai + t] * bm[bj + t];
                }
                cm[co + i * ldc + j] += sum;
            }
        }
    }

    private void tanhCols(double[] a, int m, int s, int e) {
        if (s == 0 && e == hu) {
            MafNetwork.tanh(a, 0, m * hu);
            return;
        }
        for (int r = 0; r < m; r++) {
            MafNetwork.tanh(a, r * hu + s, e - s);
        }
    }
}
