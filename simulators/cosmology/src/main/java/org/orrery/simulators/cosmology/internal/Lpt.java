package org.orrery.simulators.cosmology.internal;

import org.orrery.mesh.MassAssignment;
import org.orrery.mesh.Mesh;

/**
 * Lagrangian perturbation theory on a 3-D or 2-D mesh (in 2-D the axis-0 terms vanish: the mesh's
 * wave vectors have n0 = 0, so S reduces to φ,11 φ,22 − φ,12² and ψ has no z component) (Scoccimarro 1998; Bouchet et al. 1995):
 * x(q) = q + D1 ψ1(q) + D2 ψ2(q), with ψ1 = −∇φ1, ∇²φ1 = δ_L (so ∇·ψ1 = −δ_L) and ψ2 = ∇φ2,
 * ∇²φ2 = S = Σ_{i<j} [φ1,ii φ1,jj − (φ1,ij)²], D2 ≈ −3/7 D1². Peculiar velocities
 * v = a H (f1 D1 ψ1 + f2 D2 ψ2). All derivatives are spectral; δ_L must have its Nyquist modes
 * zeroed so that the odd derivatives stay real.
 *
 * <p>Particle q of grid index (i0, i1, i2) sits at (x, y, z) = (i2, i1, i0)·L/N: position
 * component c runs along grid axis 2 − c, so x is the fastest axis of the row-major cube.
 */
public final class Lpt {

    private Lpt() {
    }

    /** ψ components (x, y, z), each a field on the mesh: ψ_c,k = i k_c δ_k / k² (Mpc/h per unit δ). */
    public static double[][] firstOrder(Mesh m, double[] deltaK) {
        return gradientOverK2(m, deltaK, 1);
    }

    /** The 2LPT source S = Σ_{i<j} [φ,ii φ,jj − φ,ij²] with φ,ij = k_i k_j δ_k / k² (real space). */
    public static double[] secondOrderSource(Mesh m, double[] deltaK) {
        double[][] p = m.inverseTwo(deltaK, hessian(0, 0), false, hessian(1, 1), false);
        double[][] q = m.inverseTwo(deltaK, hessian(2, 2), false, hessian(0, 1), false);
        double[][] r = m.inverseTwo(deltaK, hessian(0, 2), false, hessian(1, 2), false);
        double[] f00 = p[0];
        double[] f11 = p[1];
        double[] f22 = q[0];
        double[] f01 = q[1];
        double[] f02 = r[0];
        double[] f12 = r[1];
        double[] s = new double[m.cells()];
        for (int i = 0; i < s.length; i++) {
            s[i] = f00[i] * f11[i] + f00[i] * f22[i] + f11[i] * f22[i]
                    - f01[i] * f01[i] - f02[i] * f02[i] - f12[i] * f12[i];
        }
        return s;
    }

    /** ψ2 components (x, y, z): ∇²φ2 = S, ψ2 = ∇φ2, so ψ2_c,k = −i k_c S_k / k². */
    public static double[][] secondOrder(Mesh m, double[] deltaK) {
        double[] sk = m.spectrum(secondOrderSource(m, deltaK));
        return gradientOverK2(m, sk, -1);
    }

    /** sign · i k_c f_k / k² for c = x, y, z, two components per complex transform. */
    private static double[][] gradientOverK2(Mesh m, double[] fk, double sign) {
        double kf = m.kF();
        Mesh.Weight wx = componentOverK2(2, sign / kf);
        Mesh.Weight wy = componentOverK2(1, sign / kf);
        Mesh.Weight wz = componentOverK2(0, sign / kf);
        double[][] xy = m.inverseTwo(fk, wx, true, wy, true);
        double[][] z = m.inverseTwo(fk, wz, true, null, false);
        return new double[][] {xy[0], xy[1], z[0]};
    }

    private static int component(int axis, int n0, int n1, int n2) {
        return axis == 0 ? n0 : axis == 1 ? n1 : n2;
    }

    private static Mesh.Weight componentOverK2(int axis, double factor) {
        return (n0, n1, n2) -> {
            int q = n0 * n0 + n1 * n1 + n2 * n2;
            return q == 0 ? 0 : factor * component(axis, n0, n1, n2) / q;
        };
    }

    private static Mesh.Weight hessian(int a, int b) {
        return (n0, n1, n2) -> {
            int q = n0 * n0 + n1 * n1 + n2 * n2;
            return q == 0 ? 0 : (double) component(a, n0, n1, n2) * component(b, n0, n1, n2) / q;
        };
    }

    /** −∇·ψ by spectral differentiation of the three components (used to verify 1LPT). */
    public static double[] minusDivergence(Mesh m, double[][] psi) {
        double kf = m.kF();
        double[] total = new double[m.cells()];
        for (int c = 0; c < 3; c++) {
            double[] sk = m.spectrum(psi[c]);
            int axis = 2 - c;
            // −i k_c ψ_c,k, summed over c
            double[] d = m.inverseTwo(sk, (n0, n1, n2) -> -kf * component(axis, n0, n1, n2), true, null, false)[0];
            for (int i = 0; i < d.length; i++) {
                total[i] += d[i];
            }
        }
        return total;
    }

    /** Wraps a coordinate into [0, L). */
    static double wrap(double x, double length) {
        double r = x % length;
        if (r < 0) {
            r += length;
        }
        return r >= length ? 0 : r;
    }

    /**
     * Cloud-in-cell assignment of points (flat x, y, z triples in [0, L); x, y pairs on a 2-D mesh)
     * with the given weights (null: unit mass) onto the mesh; returns the summed weight per cell.
     * Grid node i sits at iΔ; cells are indexed (z, y, x), x fastest, as the mesh's fields are.
     */
    public static double[] paint(Mesh m, double[] positions, double[] weights) {
        return MassAssignment.CIC.paint(reversed(positions, m.dims()), weights, m.dims(), m.length(), m.n(), 0.0);
    }

    /**
     * Each point's coordinates in reverse order ((x, y, z) → (z, y, x)): the mesh library's axis 0,
     * the slowest, is this mesh's last coordinate.
     */
    private static double[] reversed(double[] points, int dims) {
        double[] out = new double[points.length];
        for (int p = 0; p + dims <= points.length; p += dims) {
            for (int d = 0; d < dims; d++) {
                out[p + d] = points[p + dims - 1 - d];
            }
        }
        return out;
    }

    /** Overdensity ρ/ρ̄ − 1 of unit-mass points by CIC (points of the mesh's dimensionality). */
    public static double[] overdensity(Mesh m, double[] positions) {
        double[] grid = paint(m, positions, null);
        double mean = ((double) positions.length / m.dims()) / m.cells();
        for (int i = 0; i < grid.length; i++) {
            grid[i] = grid[i] / mean - 1;
        }
        return grid;
    }

    /** CIC interpolation of a mesh field at a point (the adjoint of {@link #paint}). */
    public static double interpolate(Mesh m, double[] field, double x, double y, double z) {
        return MassAssignment.CIC.interpolate(field, 3, m.length(), m.n(), z, y, x); // (z, y, x): see paint
    }
}
