package org.orrery.imaging.model;

import org.orrery.imaging.ForwardModel;
import org.orrery.imaging.ImageGrid;

/**
 * Direct Fourier transform with the ehtim conventions used by the EHT papers: pixel centres
 * {@code x_i = pdim (nx/2 − ½ − i)} (+RA to the left), {@code y_j = pdim (ny/2 − ½ − j)} (north
 * up), kernel {@code exp(+2πi(u x + v y))}, times the Fourier transform of a triangle pulse of
 * width one pixel per axis, {@code sinc²(π u pdim) sinc²(π v pdim)}. The matrix is precomputed
 * (count × pixels, real and imaginary parts).
 */
public final class Dft implements ForwardModel {

    private final ImageGrid grid;
    private final int count;
    private final int pixels;
    private final double[] ar;
    private final double[] ai;

    public Dft(ImageGrid grid, double[] u, double[] v) {
        if (u.length != v.length) {
            throw new IllegalArgumentException("u and v differ in length: " + u.length + " vs " + v.length);
        }
        this.grid = grid;
        this.count = u.length;
        this.pixels = grid.size();
        long cells = (long) count * pixels;
        if (cells > 100_000_000L) {
            throw new IllegalArgumentException("DFT matrix of " + count + " visibilities x " + pixels
                    + " pixels is too large; scan-average the data or use fewer pixels");
        }
        ar = new double[(int) cells];
        ai = new double[(int) cells];
        int nx = grid.nx();
        int ny = grid.ny();
        double pd = grid.pixelRadians();
        double[] cx = new double[nx];
        double[] sx = new double[nx];
        double[] cy = new double[ny];
        double[] sy = new double[ny];
        for (int k = 0; k < count; k++) {
            double pulse = triangle(Math.PI * u[k] * pd) * triangle(Math.PI * v[k] * pd);
            for (int i = 0; i < nx; i++) {
                double a = 2 * Math.PI * u[k] * grid.x(i);
                cx[i] = Math.cos(a);
                sx[i] = Math.sin(a);
            }
            for (int j = 0; j < ny; j++) {
                double a = 2 * Math.PI * v[k] * grid.y(j);
                cy[j] = Math.cos(a);
                sy[j] = Math.sin(a);
            }
            int base = k * pixels;
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    // exp(i a) exp(i b) = (cx cy − sx sy) + i (sx cy + cx sy)
                    ar[base + j * nx + i] = pulse * (cx[i] * cy[j] - sx[i] * sy[j]);
                    ai[base + j * nx + i] = pulse * (sx[i] * cy[j] + cx[i] * sy[j]);
                }
            }
        }
    }

    /** sinc² of a half-width argument: the triangle pulse's transform, 1 at 0. */
    static double triangle(double a) {
        if (Math.abs(a) < 1e-12) {
            return 1;
        }
        double s = Math.sin(a) / a;
        return s * s;
    }

    @Override
    public ImageGrid grid() {
        return grid;
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public void apply(double[] image, double[] re, double[] im) {
        if (image.length != pixels) {
            throw new IllegalArgumentException("image has " + image.length + " pixels, the grid " + pixels);
        }
        for (int k = 0; k < count; k++) {
            int base = k * pixels;
            double sr = 0;
            double si = 0;
            for (int p = 0; p < pixels; p++) {
                sr += ar[base + p] * image[p];
                si += ai[base + p] * image[p];
            }
            re[k] = sr;
            im[k] = si;
        }
    }

    @Override
    public void adjoint(double[] gRe, double[] gIm, double[] out) {
        java.util.Arrays.fill(out, 0);
        for (int k = 0; k < count; k++) {
            int base = k * pixels;
            double r = gRe[k];
            double i = gIm[k];
            if (r == 0 && i == 0) {
                continue;
            }
            for (int p = 0; p < pixels; p++) {
                out[p] += ar[base + p] * r + ai[base + p] * i;
            }
        }
    }
}
