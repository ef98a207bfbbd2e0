package org.orrery.validation.clustering.internal;

import org.orrery.mesh.RealFft;
import org.orrery.mesh.MassAssignment;
import org.orrery.mesh.Parallel;

/**
 * Power spectrum estimator in the Pylians convention: δ_k is the FFT of δ divided by the number of
 * cells, P(k) = V⟨|δ_k|²⟩ over the modes in a shell. Shells are k_F = 2π/L wide: bin b holds the
 * modes with integer mode vector m, b ≤ |m| < b+1; bin 0 (the DC mode) is dropped, as are empty bins.
 * Averages run over the full k-space (both members of each Hermitian pair). Multipoles ℓ = 2, 4 are
 * (2ℓ+1)⟨P L_ℓ(μ)⟩ with μ the cosine to the chosen array axis.
 */
public final class PowerSpectrum {

    /**
     * @param k         mean |k| of the modes in each bin [h/Mpc]
     * @param p0        monopole [(Mpc/h)^dims]; p2, p4 quadrupole and hexadecapole
     * @param modes     number of Fourier modes in the bin (half of them independent)
     * @param shotNoise V/N for point sets (not subtracted), NaN for fields
     * @param kLow      lower edge of each bin, inclusive: modes with kLow <= |k| < kHigh are in it
     * @param kHigh     upper edge of each bin, exclusive (bins are shells kF·[b, b+1))
     */
    public record Result(double[] k, double[] p0, double[] p2, double[] p4, long[] modes, double shotNoise,
            double[] kLow, double[] kHigh) {
    }

    /** Cross statistics of two fields on the same grid: r = P_ab/√(P_a P_b), transfer T = √(P_a/P_b). */
    public record Cross(double[] k, double[] pA, double[] pB, double[] pAB, double[] r, double[] transfer, long[] modes) {
    }

    private PowerSpectrum() {
    }

    /** P(k) of a density-contrast field δ, flat row-major [n]^dims. */
    public static Result ofField(double[] delta, int grid, int dims, double length, int axis, int threads) {
        checkGeometry(grid, dims, length, axis);
        double[] fk = RealFft.forward(delta, grid, dims, threads);
        double[] one = new double[grid];
        java.util.Arrays.fill(one, 1.0);
        Binned b = bin(fk, fk, grid, dims, length, axis, one, threads);
        return new Result(b.k, b.p0, b.p2, b.p4, b.modes, Double.NaN, b.kLow, b.kHigh);
    }

    /**
     * P(k) of a point set (flat [n, dims] positions in [0, L)), painted with {@code mas}, divided by the
     * assignment window W(k)^p per axis and optionally interlaced (a second grid shifted by half a cell,
     * which cancels the odd aliasing images). The shot noise V/N is reported, not subtracted.
     */
    public static Result ofPoints(double[] pos, int dims, double length, int grid, MassAssignment mas,
                                  boolean interlace, int axis, int threads) {
        checkGeometry(grid, dims, length, axis);
        if (pos.length % dims != 0 || pos.length == 0) {
            throw new IllegalArgumentException("positions must be a non-empty flat [n, " + dims + "] array, got length " + pos.length);
        }
        double[] fk = pointsSpectrum(pos, dims, length, grid, mas, interlace, threads);
        double[] winv = new double[grid];
        for (int i = 0; i < grid; i++) {
            winv[i] = 1.0 / mas.window(i <= grid / 2 ? i : i - grid, grid);
        }
        Binned b = bin(fk, fk, grid, dims, length, axis, winv, threads);
        int n = pos.length / dims;
        return new Result(b.k, b.p0, b.p2, b.p4, b.modes, Math.pow(length, dims) / n, b.kLow, b.kHigh);
    }

    /** Auto- and cross-power of two fields δ_a, δ_b on the same grid, r(k) and T(k) = √(P_a/P_b). */
    public static Cross cross(double[] deltaA, double[] deltaB, int grid, int dims, double length, int threads) {
        checkGeometry(grid, dims, length, 0);
        double[] fa = RealFft.forward(deltaA, grid, dims, threads);
        double[] fb = RealFft.forward(deltaB, grid, dims, threads);
        double[] one = new double[grid];
        java.util.Arrays.fill(one, 1.0);
        Binned aa = bin(fa, fa, grid, dims, length, 0, one, threads);
        Binned bb = bin(fb, fb, grid, dims, length, 0, one, threads);
        Binned ab = bin(fa, fb, grid, dims, length, 0, one, threads);
        int nb = aa.k.length;
        double[] r = new double[nb];
        double[] t = new double[nb];
        for (int i = 0; i < nb; i++) {
            r[i] = ab.p0[i] / Math.sqrt(aa.p0[i] * bb.p0[i]);
            t[i] = Math.sqrt(aa.p0[i] / bb.p0[i]);
        }
        return new Cross(aa.k, aa.p0, bb.p0, ab.p0, r, t, aa.modes);
    }

    private static void checkGeometry(int grid, int dims, double length, int axis) {
        if (dims != 2 && dims != 3) {
            throw new IllegalArgumentException("power spectrum needs 2 or 3 dimensions, got: " + dims);
        }
        if (grid < 2 || grid % 2 != 0) {
            throw new IllegalArgumentException("grid must be even and >= 2, got: " + grid);
        }
        if (!(length > 0) || Double.isInfinite(length)) {
            throw new IllegalArgumentException("box length must be positive and finite, got: " + length);
        }
        if (axis < 0 || axis >= dims) {
            throw new IllegalArgumentException("multipole axis must be in [0, " + dims + "), got: " + axis);
        }
    }

    private static double[] pointsSpectrum(double[] pos, int dims, double length, int grid, MassAssignment mas,
                                           boolean interlace, int threads) {
        int n = pos.length / dims;
        double[] f1 = RealFft.forward(toDelta(mas.paint(pos, dims, length, grid, 0.0), n), grid, dims, threads);
        if (!interlace) {
            return f1;
        }
        double[] f2 = RealFft.forward(toDelta(mas.paint(pos, dims, length, grid, 0.5), n), grid, dims, threads);
        // grid 2 holds F(x - Δ/2), so F = F2·exp(+i k·Δ/2); k·Δ/2 = π(m_x+m_y+m_z)/n
        int h = grid / 2 + 1;
        int rows = f1.length / (2 * h);
        for (int r = 0; r < rows; r++) {
            int i = dims == 3 ? r / grid : r;
            int j = dims == 3 ? r % grid : 0;
            int msum = signed(i, grid) + (dims == 3 ? signed(j, grid) : 0);
            for (int kz = 0; kz < h; kz++) {
                double phase = Math.PI * (msum + kz) / grid;
                double c = Math.cos(phase);
                double s = Math.sin(phase);
                int o = (r * h + kz) * 2;
                double re = f2[o] * c - f2[o + 1] * s;
                double im = f2[o] * s + f2[o + 1] * c;
                f1[o] = 0.5 * (f1[o] + re);
                f1[o + 1] = 0.5 * (f1[o + 1] + im);
            }
        }
        return f1;
    }

    private static double[] toDelta(double[] counts, int n) {
        double mean = (double) n / counts.length;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = counts[i] / mean - 1.0;
        }
        return counts;
    }

    private static int signed(int i, int n) {
        return i <= n / 2 ? i : i - n;
    }

    private record Binned(double[] k, double[] p0, double[] p2, double[] p4, long[] modes, double[] kLow,
            double[] kHigh) {
    }

    /** Bins V·Re(a b*)/N_c² · Π winv² over shells; a == b gives the auto spectrum. */
    private static Binned bin(double[] fa, double[] fb, int n, int dims, double length, int axis, double[] winv, int threads) {
        int h = n / 2 + 1;
        int nbins = (int) Math.floor(Math.sqrt(dims) * (n / 2)) + 2;
        double cells = Math.pow(n, dims);
        double norm = Math.pow(length, dims) / (cells * cells);
        int planes = dims == 3 ? n : 1;
        int rowsPerPlane = n; // 3-D: n rows per i-plane; 2-D: one plane of n rows
        int workers = Math.max(1, Math.min(threads, planes));
        // one accumulator per plane, summed in plane order below: the sums (and so every bit of P(k)) do not
        // depend on the number of threads or on which worker took which plane, so a member's spectrum is the
        // same on a laptop and on a cluster executor
        double[][] acc = new double[planes][5 * nbins];
        Parallel.run(planes, workers, (w, plane) -> {
            double[] s = acc[plane];
            for (int rr = 0; rr < rowsPerPlane; rr++) {
                int r = plane * rowsPerPlane + rr;
                int mi = dims == 3 ? signed(plane, n) : signed(rr, n);
                int mj = dims == 3 ? signed(rr, n) : 0;
                double wij = dims == 3 ? winv[Math.floorMod(mi, n)] * winv[Math.floorMod(mj, n)] : winv[Math.floorMod(mi, n)];
                int base = r * h * 2;
                for (int kz = 0; kz < h; kz++) {
                    long k2 = (long) mi * mi + (long) mj * mj + (long) kz * kz;
                    if (k2 == 0) {
                        continue;
                    }
                    double kmag = Math.sqrt((double) k2);
                    int b = (int) kmag;
                    int o = base + 2 * kz;
                    double wk = wij * winv[kz];
                    double p = (fa[o] * fb[o] + fa[o + 1] * fb[o + 1]) * wk * wk;
                    double weight = (kz == 0 || kz == n / 2) ? 1.0 : 2.0;
                    int mAxis = dims == 3 ? (axis == 0 ? mi : axis == 1 ? mj : kz) : (axis == 0 ? mi : kz);
                    double mu2 = (double) mAxis * mAxis / (double) k2;
                    double l2 = 1.5 * mu2 - 0.5;
                    double l4 = (35 * mu2 * mu2 - 30 * mu2 + 3) / 8;
                    int q = 5 * b;
                    s[q] += weight;
                    s[q + 1] += weight * kmag;
                    s[q + 2] += weight * p;
                    s[q + 3] += weight * p * l2;
                    s[q + 4] += weight * p * l4;
                }
            }
        });
        double[] tot = new double[5 * nbins];
        for (double[] s : acc) {
            for (int i = 0; i < tot.length; i++) {
                tot[i] += s[i];
            }
        }
        int used = 0;
        for (int b = 1; b < nbins; b++) {
            if (tot[5 * b] > 0) {
                used++;
            }
        }
        double kf = 2 * Math.PI / length;
        double[] k = new double[used];
        double[] p0 = new double[used];
        double[] p2 = new double[used];
        double[] p4 = new double[used];
        long[] modes = new long[used];
        double[] kLow = new double[used];
        double[] kHigh = new double[used];
        int u = 0;
        for (int b = 1; b < nbins; b++) {
            double m = tot[5 * b];
            if (m == 0) {
                continue;
            }
            k[u] = kf * tot[5 * b + 1] / m;
            p0[u] = norm * tot[5 * b + 2] / m;
            p2[u] = 5 * norm * tot[5 * b + 3] / m;
            p4[u] = 9 * norm * tot[5 * b + 4] / m;
            modes[u] = Math.round(m);
            kLow[u] = kf * b;
            kHigh[u] = kf * (b + 1);
            u++;
        }
        return new Binned(k, p0, p2, p4, modes, kLow, kHigh);
    }
}
