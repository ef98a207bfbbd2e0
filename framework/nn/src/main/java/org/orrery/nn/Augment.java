package org.orrery.nn;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * Random symmetries of a grid for training on statistically isotropic fields: each axis flipped with
 * probability ½ and, among axes of equal length, a random permutation of the axes (a transpose). On
 * a square that is the 8 rotations and reflections; on a cube the 48. Periodic boxes stay periodic.
 * Values are moved, never changed. Plain Java on row-major arrays (C order, last axis fastest).
 */
public final class Augment {

    private Augment() {
    }

    /**
     * Writes a random symmetry of the grid {@code src[from .. from+N)} of {@code shape} into
     * {@code dst[to .. to+N)} (src and dst must not overlap), drawing from {@code rng}: one int per
     * axis for the flips, then the permutation's draws when all axes are equally long.
     */
    public static void random(double[] src, int from, int[] shape, UniformRandomProvider rng, double[] dst, int to) {
        int d = shape.length;
        boolean[] flip = new boolean[d];
        for (int a = 0; a < d; a++) {
            flip[a] = rng.nextInt(2) == 1;
        }
        int[] perm = new int[d];
        for (int a = 0; a < d; a++) {
            perm[a] = a;
        }
        boolean cubic = true;
        for (int a = 1; a < d; a++) {
            cubic &= shape[a] == shape[0];
        }
        if (cubic) {
            for (int a = d - 1; a > 0; a--) {
                int b = rng.nextInt(a + 1);
                int t = perm[a];
                perm[a] = perm[b];
                perm[b] = t;
            }
        }
        apply(src, from, shape, perm, flip, dst, to);
    }

    /**
     * Output axis {@code a} is input axis {@code perm[a]}, read backwards when {@code flip[a]}:
     * {@code out[i_0, …] = in[j]} with {@code j[perm[a]] = flip[a] ? n−1−i_a : i_a}.
     */
    public static void apply(double[] src, int from, int[] shape, int[] perm, boolean[] flip, double[] dst, int to) {
        int d = shape.length;
        if (perm.length != d || flip.length != d) {
            throw new IllegalArgumentException("a symmetry of a " + d + "-D grid needs " + d + " axes, got " + perm.length);
        }
        long[] inStride = new long[d];
        long s = 1;
        for (int a = d - 1; a >= 0; a--) {
            inStride[a] = s;
            s *= shape[a];
        }
        int n = (int) s;
        int[] outShape = new int[d];
        long[] step = new long[d];
        long base = 0;
        for (int a = 0; a < d; a++) {
            int ax = perm[a];
            outShape[a] = shape[ax];
            step[a] = flip[a] ? -inStride[ax] : inStride[ax];
            if (flip[a]) {
                base += (shape[ax] - 1) * inStride[ax];
            }
        }
        int[] idx = new int[d];
        long j = base;
        for (int i = 0; i < n; i++) {
            dst[to + i] = src[from + (int) j];
            for (int a = d - 1; a >= 0; a--) {
                idx[a]++;
                j += step[a];
                if (idx[a] < outShape[a]) {
                    break;
                }
                j -= step[a] * idx[a];
                idx[a] = 0;
            }
        }
    }
}
