package org.orrery.mesh;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Forward real-to-complex FFT of a cubic (or square) grid, unnormalised, sign convention
 * {@code exp(-2πi k·x/n)}. Output is the half spectrum {@code [n][n][n/2+1]} (3-D) or
 * {@code [n][n/2+1]} (2-D) of interleaved (re, im), built from JTransforms 1-D transforms along each
 * axis so that the layout is plain (JTransforms' packed multi-dimensional real layout is not).
 */
public final class RealFft {

    private static final int BLOCK = 8; // columns gathered at once: strided axes touch whole cache lines

    private RealFft() {
    }

    /**
     * The half spectrum of {@code field} (n^dims values, row-major), computed on up to
     * {@code threads} threads.
     */
    public static double[] forward(double[] field, int n, int dims, int threads) {
        Mesh.initThreads();
        if (n < 2 || n % 2 != 0) {
            throw new IllegalArgumentException("FFT grid must be even and >= 2, got: " + n);
        }
        long cells = dims == 3 ? (long) n * n * n : (long) n * n;
        if (field.length != cells) {
            throw new IllegalArgumentException("field has " + field.length + " values, expected " + cells);
        }
        int h = n / 2 + 1;
        int rows = (int) (cells / n);
        double[] out = new double[rows * h * 2];
        DoubleFFT_1D fft = new DoubleFFT_1D(n);
        int planes = dims == 3 ? n : 1;
        int rowsPerPlane = rows / planes;
        // last axis: real -> half complex
        Parallel.run(planes, threads, (w, p) -> {
            double[] buf = new double[n];
            for (int r = p * rowsPerPlane; r < (p + 1) * rowsPerPlane; r++) {
                System.arraycopy(field, r * n, buf, 0, n);
                fft.realForward(buf);
                int o = r * h * 2;
                out[o] = buf[0];
                out[o + 2 * (n / 2)] = buf[1];
                System.arraycopy(buf, 2, out, o + 2, n - 2);
                out[o + 1] = 0;
                out[o + 2 * (n / 2) + 1] = 0;
            }
        });
        if (dims == 3) {
            // axis 1 inside each plane, then axis 0 across planes
            Parallel.run(n, threads, (w, i) -> columns(out, fft, n, h, i * n * h * 2, h * 2));
            Parallel.run(n, threads, (w, j) -> columns(out, fft, n, h, j * h * 2, n * h * 2));
        } else {
            columns2d(out, fft, n, h, threads);
        }
        return out;
    }

    /** Complex FFT along one axis for all h columns starting at {@code base}, elements {@code stride} apart. */
    private static void columns(double[] a, DoubleFFT_1D fft, int n, int h, int base, int stride) {
        double[][] bufs = new double[BLOCK][2 * n];
        for (int k0 = 0; k0 < h; k0 += BLOCK) {
            block(a, fft, n, bufs, Math.min(BLOCK, h - k0), base, stride, k0);
        }
    }

    private static void columns2d(double[] a, DoubleFFT_1D fft, int n, int h, int threads) {
        int blocks = (h + BLOCK - 1) / BLOCK;
        Parallel.run(blocks, threads, (w, blk) -> {
            int k0 = blk * BLOCK;
            int nb = Math.min(BLOCK, h - k0);
            block(a, fft, n, new double[nb][2 * n], nb, 0, h * 2, k0);
        });
    }

    /**
     * Columns {@code k0 … k0+nb-1}: gathered into {@code bufs} (element t of column b at
     * {@code base + t·stride + 2(k0+b)}), transformed, and scattered back.
     */
    private static void block(double[] a, DoubleFFT_1D fft, int n, double[][] bufs, int nb, int base, int stride,
            int k0) {
        for (int t = 0; t < n; t++) {
            int o = base + t * stride + 2 * k0;
            for (int b = 0; b < nb; b++) {
                bufs[b][2 * t] = a[o + 2 * b];
                bufs[b][2 * t + 1] = a[o + 2 * b + 1];
            }
        }
        for (int b = 0; b < nb; b++) {
            fft.complexForward(bufs[b]);
        }
        for (int t = 0; t < n; t++) {
            int o = base + t * stride + 2 * k0;
            for (int b = 0; b < nb; b++) {
                a[o + 2 * b] = bufs[b][2 * t];
                a[o + 2 * b + 1] = bufs[b][2 * t + 1];
            }
        }
    }
}
