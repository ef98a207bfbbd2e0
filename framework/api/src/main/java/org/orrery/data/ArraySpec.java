package org.orrery.data;

import java.util.Arrays;

/**
 * Name, shape and unit of one array-valued output: a data vector {@code [8]}, an image
 * {@code [ny, nx]}, a density cube {@code [nz, ny, nx]} or a point set {@code [n, 3]}. Values travel
 * as flat row-major (C order) {@code double[]} of length {@link #size()}.
 *
 * @param name  identifier used as the dataset name in banks (e.g. {@code x}, {@code delta_initial})
 * @param shape positive extents, row-major; a point set of varying size uses {@code -1} as its
 *              first extent
 * @param unit  physical unit, empty when dimensionless
 * @param kind  what the array is, so that statistics and figures know how to treat it
 */
public record ArraySpec(String name, int[] shape, String unit, Kind kind) {

    /** What an array holds. */
    public enum Kind { VECTOR, IMAGE, GRID, POINTS }

    public ArraySpec {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("array name must be an identifier, got: " + name);
        }
        if (shape == null || shape.length == 0) {
            throw new IllegalArgumentException("array " + name + " needs a shape, got: " + Arrays.toString(shape));
        }
        shape = shape.clone();
        for (int i = 0; i < shape.length; i++) {
            boolean variableLeading = i == 0 && shape[i] == -1 && kind == Kind.POINTS;
            if (shape[i] <= 0 && !variableLeading) {
                throw new IllegalArgumentException("array " + name + " has a non-positive extent: " + Arrays.toString(shape));
            }
        }
        unit = unit == null ? "" : unit;
        kind = kind == null ? Kind.VECTOR : kind;
    }

    /** A flat data vector of length n. */
    public static ArraySpec vector(String name, int n) {
        return new ArraySpec(name, new int[] {n}, "", Kind.VECTOR);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Number of values, or -1 for a point set of varying size. */
    public int size() {
        int n = 1;
        for (int d : shape) {
            if (d < 0) {
                return -1;
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArraySpec a && a.name.equals(name) && Arrays.equals(a.shape, shape)
                && a.unit.equals(unit) && a.kind == kind;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + (unit.isEmpty() ? "" : " [" + unit + "]");
    }
}
