package org.orrery.data;

import java.util.Arrays;

/**
 * Name, shape and unit of one array-valued output: a data vector {@code [8]}, an image
 * {@code [ny, nx]}, a density cube {@code [nz, ny, nx]} or a point set {@code [n, 3]}. Values travel
 * as flat row-major (C order) {@code double[]} of length {@link #size()}; {@link #dtype()} says how a
 * bank stores them (float64 unless the simulator declares float32, which halves a field bank).
 *
 * @param name  identifier used as the dataset name in banks (e.g. {@code x}, {@code delta_initial})
 * @param shape positive extents, row-major; a point set of varying size uses {@code -1} as its
 *              first extent
 * @param unit  physical unit, empty when dimensionless
 * @param kind  what the array is, so that statistics and figures know how to treat it
 * @param dtype how banks store the values; null means {@link DType#FLOAT64}. It is storage, not
 *              identity: {@link #equals} ignores it, so a posterior trained on a float32 bank accepts
 *              the same observable stored as float64 (and the other way round).
 */
public record ArraySpec(String name, int[] shape, String unit, Kind kind, DType dtype) {

    /** What an array holds. */
    public enum Kind { VECTOR, IMAGE, GRID, POINTS }

    /**
     * Storage type of the values in a bank. Simulators still return {@code double[]}; with
     * {@code FLOAT32} the campaign rounds each value to the nearest float when it stores it.
     */
    public enum DType {
        FLOAT64(8), FLOAT32(4);

        private final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }

        /** Bytes per stored value. */
        public int bytes() {
            return bytes;
        }
    }

    /** A float64 array (the form every simulator used before dtypes existed). */
    public ArraySpec(String name, int[] shape, String unit, Kind kind) {
        this(name, shape, unit, kind, DType.FLOAT64);
    }

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
        dtype = dtype == null ? DType.FLOAT64 : dtype;
    }

    /** The same array stored as {@code dtype}. */
    public ArraySpec withDtype(DType dtype) {
        return new ArraySpec(name, shape, unit, kind, dtype);
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
        return name + Arrays.toString(shape) + (unit.isEmpty() ? "" : " [" + unit + "]")
                + (dtype == DType.FLOAT64 ? "" : " " + dtype.name().toLowerCase(java.util.Locale.ROOT));
    }
}
