package org.orrery.mesh;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.jtransforms.fft.DoubleFFT_2D;
import org.jtransforms.fft.DoubleFFT_3D;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * A periodic grid of N^dims cells in a box of side L (Mpc/h), row-major with axis 0 slowest, and
 * its discrete Fourier transforms (JTransforms, complex interleaved arrays of length 2 N^dims).
 *
 * <p>Convention (Pylians): δ_k = FFT(δ)/N^dims, so δ(x) = Σ_k δ_k e^{ik·x} is the unnormalised
 * inverse transform and P(k) = V ⟨|δ_k|²⟩ with V = L^dims. Wavenumber of index i along an axis:
 * k = k_F n with n = i for i ≤ N/2, i − N otherwise, and k_F = 2π/L; n = N/2 is the Nyquist index.
 *
 * <p>Not thread-safe (the FFT plans); cheap to build, so build one per simulation.
 */
public final class Mesh {

    static {
        initThreads();
    }

    private static volatile boolean threads;

    /**
     * JLargeArrays' default pool has non-daemon threads that keep a finished JVM alive for 60 s;
     * JTransforms gets daemon threads here that go away after 5 s idle. Once per JVM.
     */
    static void initThreads() {
        if (threads) {
            return;
        }
        synchronized (Mesh.class) {
            if (!threads) {
                ConcurrencyUtils.setThreadPool(new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS,
                        new SynchronousQueue<>(), r -> {
                            Thread t = new Thread(r, "orrery-mesh-fft");
                            t.setDaemon(true);
                            return t;
                        }));
                threads = true;
            }
        }
    }

    private final int n;
    private final int dims;
    private final double length;
    private final int cells;
    private final DoubleFFT_3D fft3;
    private final DoubleFFT_2D fft2;

    public Mesh(int n, double length, int dims) {
        if (n < 4 || n % 2 != 0) {
            throw new IllegalArgumentException("grid must be even and >= 4, got: " + n);
        }
        if (dims != 2 && dims != 3) {
            throw new IllegalArgumentException("dims must be 2 or 3, got: " + dims);
        }
        if (!(length > 0) || Double.isInfinite(length)) {
            throw new IllegalArgumentException("box length must be positive and finite, got: " + length);
        }
        long c = dims == 3 ? (long) n * n * n : (long) n * n;
        if (2 * c > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("grid " + n + "^" + dims + " is too large for one array");
        }
        this.n = n;
        this.dims = dims;
        this.length = length;
        this.cells = (int) c;
        this.fft3 = dims == 3 ? new DoubleFFT_3D(n, n, n) : null;
        this.fft2 = dims == 2 ? new DoubleFFT_2D(n, n) : null;
    }

    public int n() {
        return n;
    }

    public int dims() {
        return dims;
    }

    public double length() {
        return length;
    }

    public int cells() {
        return cells;
    }

    public double volume() {
        return Math.pow(length, dims);
    }

    /** Fundamental wavenumber 2π/L in h/Mpc. */
    public double kF() {
        return 2 * Math.PI / length;
    }

    /** Signed integer wavenumber of index i. */
    public int signed(int i) {
        return i <= n / 2 ? i : i - n;
    }

    /** Slices along axis 0 (1 for a 2-D mesh, whose axes are then 1 and 2). */
    public int slices() {
        return dims == 3 ? n : 1;
    }

    /** In-place forward transform, then divided by the number of cells (δ_k convention above). */
    public void forward(double[] complex) {
        checkLength(complex);
        if (fft3 != null) {
            fft3.complexForward(complex);
        } else {
            fft2.complexForward(complex);
        }
        double s = 1.0 / cells;
        for (int i = 0; i < complex.length; i++) {
            complex[i] *= s;
        }
    }

    /** In-place unnormalised inverse transform: field(x) = Σ_k c_k e^{ik·x}. */
    public void inverse(double[] complex) {
        checkLength(complex);
        if (fft3 != null) {
            fft3.complexInverse(complex, false);
        } else {
            fft2.complexInverse(complex, false);
        }
    }

    private void checkLength(double[] complex) {
        if (complex.length != 2 * cells) {
            throw new IllegalArgumentException("complex array must have length " + 2 * cells + ", got: " + complex.length);
        }
    }

    /** A real field as a complex interleaved array (imaginary parts zero). */
    public double[] complexOf(double[] real) {
        if (real.length != cells) {
            throw new IllegalArgumentException("field must have " + cells + " values, got: " + real.length);
        }
        double[] c = new double[2 * cells];
        for (int i = 0; i < cells; i++) {
            c[2 * i] = real[i];
        }
        return c;
    }

    /** δ_k of a real field. */
    public double[] spectrum(double[] real) {
        double[] c = complexOf(real);
        forward(c);
        return c;
    }

    /**
     * δ_k of a Gaussian random field with power spectrum P: white noise in real space, transformed,
     * times sqrt(P(k)/(V N^dims)) so that ⟨|δ_k|²⟩ = P/V. The DC mode is set to zero; Hermitian
     * symmetry δ_{−k} = δ_k* is then imposed exactly (self-conjugate modes made real), so every
     * inverse transform of it, and of its derivatives, is real.
     *
     * @param zeroNyquist also zero every mode with a Nyquist index: then odd derivatives i k_j δ_k
     *                    stay Hermitian (the Nyquist k_j has no sign), as LPT needs
     */
    public double[] gaussianSpectrum(DoubleUnaryOperator power, UniformRandomProvider rng, boolean zeroNyquist) {
        var gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] c = new double[2 * cells];
        for (int i = 0; i < cells; i++) {
            c[2 * i] = gauss.sample();
        }
        forward(c); // now ⟨|c_k|²⟩ = 1/N^dims
        // P depends on |n|² only: tabulate it once per distinct integer n² instead of per mode.
        int half = n / 2;
        int maxN2 = dims * half * half;
        double[] amp = new double[maxN2 + 1];
        double kf = kF();
        double scale = cells / volume();
        for (int q = 1; q <= maxN2; q++) {
            amp[q] = Math.sqrt(power.applyAsDouble(kf * Math.sqrt(q)) * scale);
        }
        int s0 = slices();
        for (int i0 = 0; i0 < s0; i0++) {
            int n0 = dims == 3 ? signed(i0) : 0;
            for (int i1 = 0; i1 < n; i1++) {
                int n1 = signed(i1);
                int row = (i0 * n + i1) * n;
                for (int i2 = 0; i2 < n; i2++) {
                    int n2 = signed(i2);
                    int idx = 2 * (row + i2);
                    boolean nyq = n0 == half || n1 == half || n2 == half;
                    double a = (zeroNyquist && nyq) ? 0 : amp[n0 * n0 + n1 * n1 + n2 * n2];
                    c[idx] *= a;
                    c[idx + 1] *= a;
                }
            }
        }
        imposeHermitian(c);
        return c;
    }

    /** Sets c[−k] = conj(c[k]) for every k in one half, and makes self-conjugate modes real. */
    public void imposeHermitian(double[] c) {
        int s0 = slices();
        for (int i0 = 0; i0 < s0; i0++) {
            int j0 = dims == 3 ? (n - i0) % n : 0;
            for (int i1 = 0; i1 < n; i1++) {
                int j1 = (n - i1) % n;
                for (int i2 = 0; i2 < n; i2++) {
                    int j2 = (n - i2) % n;
                    int a = (i0 * n + i1) * n + i2;
                    int b = (j0 * n + j1) * n + j2;
                    if (a == b) {
                        c[2 * a + 1] = 0;
                    } else if (a < b) {
                        c[2 * b] = c[2 * a];
                        c[2 * b + 1] = -c[2 * a + 1];
                    }
                }
            }
        }
    }

    /** A per-mode real weight w(n0, n1, n2) (integer wavenumbers; n0 = 0 on a 2-D mesh). */
    @FunctionalInterface
    public interface Weight {
        double at(int n0, int n1, int n2);
    }

    /**
     * Real fields of the spectra w_a δ_k (times i when {@code iA}) and w_b δ_k (times i when
     * {@code iB}), both Hermitian, from ONE complex inverse transform of their sum A + iB: the real
     * part is a, the imaginary part b. {@code wb} may be null (one field).
     */
    public double[][] inverseTwo(double[] spec, Weight wa, boolean iA, Weight wb, boolean iB) {
        double[] c = new double[2 * cells];
        int s0 = slices();
        for (int i0 = 0; i0 < s0; i0++) {
            int n0 = dims == 3 ? signed(i0) : 0;
            for (int i1 = 0; i1 < n; i1++) {
                int n1 = signed(i1);
                int row = (i0 * n + i1) * n;
                for (int i2 = 0; i2 < n; i2++) {
                    int n2 = signed(i2);
                    int idx = 2 * (row + i2);
                    double x = spec[idx];
                    double y = spec[idx + 1];
                    double a = wa.at(n0, n1, n2);
                    // A = a δ or i a δ = a (−y + i x)
                    double re = iA ? -a * y : a * x;
                    double im = iA ? a * x : a * y;
                    if (wb != null) {
                        double b = wb.at(n0, n1, n2);
                        // i B: i b δ = b (−y + i x), or i (i b δ) = −b (x + i y)
                        re += iB ? -b * x : -b * y;
                        im += iB ? -b * y : b * x;
                    }
                    c[idx] = re;
                    c[idx + 1] = im;
                }
            }
        }
        inverse(c);
        double[] fa = new double[cells];
        double[] fb = wb == null ? null : new double[cells];
        for (int i = 0; i < cells; i++) {
            fa[i] = c[2 * i];
            if (fb != null) {
                fb[i] = c[2 * i + 1];
            }
        }
        return new double[][] {fa, fb};
    }

    /** The real field of δ_k (real part of the unnormalised inverse). */
    public double[] realField(double[] spec) {
        return inverseTwo(spec, (a, b, c) -> 1, false, null, false)[0];
    }
}
