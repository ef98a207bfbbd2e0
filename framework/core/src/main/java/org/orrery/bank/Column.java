package org.orrery.bank;

import java.lang.reflect.Array;
import java.util.Arrays;
import org.orrery.data.ArraySpec;

/**
 * Every row of one named simulator output, held the way HDF5 writes and reads it, so that neither
 * side copies a field bank a second time.
 *
 * <p>A fixed-shape output is one nested {@code double} array per row: {@code double[n]} for a
 * vector, {@code double[n][n][n]} for a 3-D grid; the whole column is the typed array
 * {@code [N, …shape]}. A point set of varying size (kind POINTS, shape {@code [-1, w…]}) is all rows'
 * points concatenated, {@code [total, w…]}, plus {@code offsets} [N+1]: row i is points
 * {@code offsets[i] … offsets[i+1]-1}.
 */
public final class Column {

    private final ArraySpec spec;
    /** Typed nested array whose first extent is the row count (fixed) or the point count (varying). */
    private final Object data;
    private final long[] offsets;
    private final int rows;
    /** Values per row (fixed) or per point (varying). */
    private final int width;

    private Column(ArraySpec spec, Object data, long[] offsets, int rows, int width) {
        this.spec = spec;
        this.data = data;
        this.offsets = offsets;
        this.rows = rows;
        this.width = width;
    }

    /** True for a point set whose size varies from row to row. */
    public static boolean isVarying(ArraySpec spec) {
        return spec.size() < 0;
    }

    /** Values per point of a varying point set ({@code 3} for {@code [-1, 3]}), or the size of a fixed output. */
    public static int rowWidth(ArraySpec spec) {
        int w = 1;
        int[] shape = spec.shape();
        for (int k = isVarying(spec) ? 1 : 0; k < shape.length; k++) {
            w = Math.multiplyExact(w, shape[k]);
        }
        return w;
    }

    /**
     * A fixed-shape column from rows nested to the output's shape (a typed array such as
     * {@code double[N][n][n][n]}; {@code double[N][d]} for vectors). Kept, not copied.
     */
    public static Column fixed(ArraySpec spec, Object rows) {
        if (isVarying(spec)) {
            throw new IllegalArgumentException("output " + spec + " varies in size: use Column.points");
        }
        int[] shape = spec.shape();
        if (rows == null || !rows.getClass().isArray() || componentRank(rows.getClass()) != shape.length + 1) {
            throw new IllegalArgumentException("output " + spec + " needs a double array of rank " + (shape.length + 1)
                    + ", got " + (rows == null ? "null" : rows.getClass().getSimpleName()));
        }
        int n = Array.getLength(rows);
        for (int i = 0; i < n; i++) {
            Object r = rows instanceof double[][] d ? d[i] : Array.get(rows, i);
            if (r == null || Array.getLength(r) != shape[0]) {
                throw new IllegalArgumentException("output " + spec + " row " + i + " has "
                        + (r == null ? "no values" : Array.getLength(r) + " entries") + ", expected " + shape[0]);
            }
        }
        return new Column(spec, rows, null, n, spec.size());
    }

    /** A varying point-set column: points {@code [total, w…]} (typed nested array) and offsets [N+1]. */
    public static Column points(ArraySpec spec, Object points, long[] offsets) {
        if (!isVarying(spec)) {
            throw new IllegalArgumentException("output " + spec + " has a fixed shape: use Column.fixed");
        }
        if (points == null || !points.getClass().isArray() || componentRank(points.getClass()) != spec.rank()) {
            throw new IllegalArgumentException("point set " + spec + " needs a double array of rank " + spec.rank());
        }
        if (offsets == null || offsets.length < 1 || offsets[0] != 0) {
            throw new IllegalArgumentException("point set " + spec.name() + " needs offsets starting at 0, got: "
                    + (offsets == null ? null : Arrays.toString(Arrays.copyOf(offsets, Math.min(5, offsets.length)))));
        }
        for (int i = 1; i < offsets.length; i++) {
            if (offsets[i] < offsets[i - 1]) {
                throw new IllegalArgumentException("point set " + spec.name() + " offsets decrease at row " + i + ": "
                        + offsets[i - 1] + " > " + offsets[i]);
            }
        }
        int total = Array.getLength(points);
        if (offsets[offsets.length - 1] != total) {
            throw new IllegalArgumentException("point set " + spec.name() + " has " + total + " points but its offsets end at "
                    + offsets[offsets.length - 1]);
        }
        return new Column(spec, points, offsets, offsets.length - 1, rowWidth(spec));
    }

    /**
     * A column from flat row-major rows: vectors are kept as given, other shapes are copied into the
     * nested layout; rows of a varying point set may differ in length.
     */
    public static Column ofFlatRows(ArraySpec spec, double[][] flat) {
        int w = rowWidth(spec);
        if (!isVarying(spec)) {
            for (int i = 0; i < flat.length; i++) {
                if (flat[i].length != w) {
                    throw new IllegalArgumentException("output " + spec + " row " + i + " has " + flat[i].length
                            + " values, expected " + w);
                }
            }
            if (spec.rank() == 1) {
                return fixed(spec, flat); // vectors are kept as they are
            }
            Object rows = newRows(spec.shape(), flat.length);
            for (int i = 0; i < flat.length; i++) {
                Array.set(rows, i, nest(flat[i], 0, spec.shape()));
            }
            return fixed(spec, rows);
        }
        long[] offsets = new long[flat.length + 1];
        for (int i = 0; i < flat.length; i++) {
            if (flat[i].length % w != 0) {
                throw new IllegalArgumentException("point set " + spec + " row " + i + " has " + flat[i].length
                        + " values, not a multiple of " + w);
            }
            offsets[i + 1] = offsets[i] + flat[i].length / w;
        }
        int[] pointShape = Arrays.copyOfRange(spec.shape(), 1, spec.rank());
        Object points = newRows(pointShape, Math.toIntExact(offsets[flat.length]));
        for (int i = 0; i < flat.length; i++) {
            for (int p = 0; p < flat[i].length / w; p++) {
                Array.set(points, (int) offsets[i] + p, nest(flat[i], p * w, pointShape));
            }
        }
        return points(spec, points, offsets);
    }

    /** An empty typed array of {@code n} rows, each to hold a nested array of {@code shape}. */
    public static Object newRows(int[] shape, int n) {
        Class<?> row = Array.newInstance(double.class, new int[shape.length]).getClass();
        return Array.newInstance(row, n);
    }

    /** {@code prod(shape)} values of {@code src} from {@code from}, nested to {@code shape} (C order). */
    public static Object nest(double[] src, int from, int[] shape) {
        if (shape.length == 1) {
            return Arrays.copyOfRange(src, from, from + shape[0]);
        }
        Object out = Array.newInstance(double.class, shape);
        fillNested(out, 0, shape, src, from);
        return out;
    }

    private static int fillNested(Object a, int depth, int[] shape, double[] src, int pos) {
        if (depth == shape.length - 1) {
            System.arraycopy(src, pos, a, 0, shape[depth]);
            return pos + shape[depth];
        }
        Object[] sub = (Object[]) a;
        for (Object s : sub) {
            pos = fillNested(s, depth + 1, shape, src, pos);
        }
        return pos;
    }

    private static int flatInto(Object a, double[] out, int pos) {
        if (a instanceof double[] d) {
            System.arraycopy(d, 0, out, pos, d.length);
            return pos + d.length;
        }
        for (Object s : (Object[]) a) {
            pos = flatInto(s, out, pos);
        }
        return pos;
    }

    private static int componentRank(Class<?> c) {
        int r = 0;
        while (c.isArray()) {
            c = c.getComponentType();
            r++;
        }
        return c == double.class ? r : -1;
    }

    public ArraySpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    /** Number of simulations (bank rows). */
    public int rows() {
        return rows;
    }

    public boolean varying() {
        return offsets != null;
    }

    /** Flat row-major values of row i (a fresh array): {@code count(i) × w} values for a point set. */
    public double[] values(int i) {
        if (offsets == null) {
            Object r = Array.get(data, i);
            return r instanceof double[] d ? d.clone() : flat(r, width);
        }
        int from = (int) offsets[i];
        int to = (int) offsets[i + 1];
        double[] out = new double[(to - from) * width];
        int pos = 0;
        for (int p = from; p < to; p++) {
            pos = flatInto(Array.get(data, p), out, pos);
        }
        return out;
    }

    /** Points in row i of a point set, or the leading extent of a fixed output. */
    public int count(int i) {
        return offsets == null ? spec.shape()[0] : (int) (offsets[i + 1] - offsets[i]);
    }

    /** Offsets [N+1] of a varying point set (a copy); null for a fixed-shape output. */
    public long[] offsets() {
        return offsets == null ? null : offsets.clone();
    }

    private static double[] flat(Object nested, int size) {
        double[] out = new double[size];
        flatInto(nested, out, 0);
        return out;
    }

    // for the writer: the arrays themselves
    Object data() {
        return data;
    }

    long[] rawOffsets() {
        return offsets;
    }

    /** Rows of a vector column without copying (the writer's and {@link Bank#x}'s fast path). */
    double[][] vectorRows() {
        return data instanceof double[][] d && spec.rank() == 1 && offsets == null ? d : null;
    }
}
