package org.orrery.simulators.cosmology.internal;

import java.util.function.DoubleUnaryOperator;
import org.orrery.mesh.Mesh;

/**
 * The exact posterior of the linear Gaussian field problem ({@link LinearField}) at a given amplitude
 * A: per Fourier mode k, with S = A·P(k)/V the prior variance of δ_k (the {@link Mesh} convention
 * δ_k = FFT(δ)/N^d), K = exp(−k²R²/2), N = σ_n²/N^d the noise variance of a mode and o_k the
 * observed mode,
 * <pre>
 *   mean  m_k = S·D·K / (D²K²S + N) · o_k      (= W·o_k/(D K), W = D²K²S/(D²K²S + N) the Wiener filter)
 *   var   v_k = E|δ_k − m_k|² = S·N / (D²K²S + N)
 * </pre>
 * which, in the observation's units S' = D²K²S, is S'·N/(S' + N) divided by (DK)². The DC mode has
 * S = 0 (the simulator draws none), so its mean and variance are 0.
 */
public final class WienerFilter {

    private final Mesh mesh;
    private final DoubleUnaryOperator power;
    private final double growth;
    private final double smoothing;
    private final double noise;

    public WienerFilter(Mesh mesh, DoubleUnaryOperator power, double growth, double smoothing, double noise) {
        this.mesh = mesh;
        this.power = power;
        this.growth = growth;
        this.smoothing = smoothing;
        this.noise = noise;
    }

    public Mesh mesh() {
        return mesh;
    }

    /** |k| of integer wavenumbers (n0, n1, n2), h/Mpc. */
    public double k(int n0, int n1, int n2) {
        return mesh.kF() * Math.sqrt((double) n0 * n0 + (double) n1 * n1 + (double) n2 * n2);
    }

    /** K(k) = exp(−k²R²/2). */
    public double kernel(int n0, int n1, int n2) {
        double k = k(n0, n1, n2);
        return Math.exp(-0.5 * k * k * smoothing * smoothing);
    }

    /** Prior variance S of δ_k at amplitude A (0 for the DC mode). */
    public double signal(int n0, int n1, int n2, double a) {
        if (n0 == 0 && n1 == 0 && n2 == 0) {
            return 0;
        }
        return a * power.applyAsDouble(k(n0, n1, n2)) / mesh.volume();
    }

    /** Noise variance N of one observed mode. */
    public double noiseVariance() {
        return noise * noise / mesh.cells();
    }

    /** Posterior variance v_k = E|δ_k − m_k|² of mode (n0, n1, n2). */
    public double variance(int n0, int n1, int n2, double a) {
        double s = signal(n0, n1, n2, a);
        double dk = growth * kernel(n0, n1, n2);
        double nv = noiseVariance();
        return s * nv / (dk * dk * s + nv);
    }

    /** The factor m_k / o_k. */
    public double gain(int n0, int n1, int n2, double a) {
        double s = signal(n0, n1, n2, a);
        double dk = growth * kernel(n0, n1, n2);
        return s * dk / (dk * dk * s + noiseVariance());
    }

    /** The posterior mean spectrum (complex interleaved, Mesh convention) given the observed field. */
    public double[] meanSpectrum(double[] observed, double a) {
        double[] c = mesh.spectrum(observed);
        int n = mesh.n();
        int dims = mesh.dims();
        for (int i0 = 0; i0 < mesh.slices(); i0++) {
            int n0 = dims == 3 ? mesh.signed(i0) : 0;
            for (int i1 = 0; i1 < n; i1++) {
                int n1 = mesh.signed(i1);
                for (int i2 = 0; i2 < n; i2++) {
                    int idx = 2 * ((i0 * n + i1) * n + i2);
                    double g = gain(n0, n1, mesh.signed(i2), a);
                    c[idx] *= g;
                    c[idx + 1] *= g;
                }
            }
        }
        return c;
    }

    /** The posterior mean field. */
    public double[] meanField(double[] observed, double a) {
        return mesh.realField(meanSpectrum(observed, a));
    }

    /** Posterior variance per mode, flat in the mesh's order. */
    public double[] varianceSpectrum(double a) {
        int n = mesh.n();
        int dims = mesh.dims();
        double[] v = new double[mesh.cells()];
        for (int i0 = 0; i0 < mesh.slices(); i0++) {
            int n0 = dims == 3 ? mesh.signed(i0) : 0;
            for (int i1 = 0; i1 < n; i1++) {
                int n1 = mesh.signed(i1);
                for (int i2 = 0; i2 < n; i2++) {
                    v[(i0 * n + i1) * n + i2] = variance(n0, n1, mesh.signed(i2), a);
                }
            }
        }
        return v;
    }

    /** Prior variance S per mode, flat in the mesh's order. */
    public double[] signalSpectrum(double a) {
        int n = mesh.n();
        int dims = mesh.dims();
        double[] v = new double[mesh.cells()];
        for (int i0 = 0; i0 < mesh.slices(); i0++) {
            int n0 = dims == 3 ? mesh.signed(i0) : 0;
            for (int i1 = 0; i1 < n; i1++) {
                int n1 = mesh.signed(i1);
                for (int i2 = 0; i2 < n; i2++) {
                    v[(i0 * n + i1) * n + i2] = signal(n0, n1, mesh.signed(i2), a);
                }
            }
        }
        return v;
    }

    /**
     * log p(δ_obs | A) up to a constant: each independent mode (one of each ±k pair, self-conjugate
     * modes alone) is Gaussian with variance D²K²S + N. Used for the exact marginal over A.
     */
    public double logLikelihood(double[] observed, double a) {
        double[] c = mesh.spectrum(observed);
        int n = mesh.n();
        int dims = mesh.dims();
        double nv = noiseVariance();
        double ll = 0;
        for (int i0 = 0; i0 < mesh.slices(); i0++) {
            int n0 = dims == 3 ? mesh.signed(i0) : 0;
            int j0 = dims == 3 ? (n - i0) % n : 0;
            for (int i1 = 0; i1 < n; i1++) {
                int n1 = mesh.signed(i1);
                int j1 = (n - i1) % n;
                for (int i2 = 0; i2 < n; i2++) {
                    int j2 = (n - i2) % n;
                    int p = (i0 * n + i1) * n + i2;
                    int q = (j0 * n + j1) * n + j2;
                    if (p > q) {
                        continue; // the partner of a mode already counted
                    }
                    int n2 = mesh.signed(i2);
                    double dk = growth * kernel(n0, n1, n2);
                    double var = dk * dk * signal(n0, n1, n2, a) + nv;
                    double pow = c[2 * p] * c[2 * p] + c[2 * p + 1] * c[2 * p + 1];
                    if (p == q) {
                        ll += -0.5 * Math.log(var) - 0.5 * pow / var; // one real Gaussian
                    } else {
                        ll += -Math.log(var) - pow / var; // a complex Gaussian: two reals of variance var/2
                    }
                }
            }
        }
        return ll;
    }
}
