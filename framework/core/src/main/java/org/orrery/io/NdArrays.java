package org.orrery.io;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Conversions between nested Java arrays (as HDF5/FITS libraries return them) and flat C-order doubles. */
public final class NdArrays {

    private NdArrays() {
    }

    /** Shape of a rectangular nested array, e.g. {@code double[3][4]} → [3, 4]. */
    public static int[] shapeOf(Object array) {
        List<Integer> dims = new ArrayList<>();
        Object a = array;
        while (a != null && a.getClass().isArray()) {
            int n = Array.getLength(a);
            dims.add(n);
            if (n == 0 || !a.getClass().getComponentType().isArray()) {
                break;
            }
            a = Array.get(a, 0);
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Flattens any rectangular array of numbers (double, float, long, int, short, byte) into C order.
     *
     * @throws BadInputException if it holds something else (strings, booleans) or is ragged
     */
    public static double[] flatten(Object array, String what) {
        int[] shape = shapeOf(array);
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new BadInputException(what + " is too large: shape " + Arrays.toString(shape));
        }
        double[] out = new double[(int) size];
        int[] pos = {0};
        fill(array, 0, shape, out, pos, what);
        return out;
    }

    private static void fill(Object a, int depth, int[] shape, double[] out, int[] pos, String what) {
        if (a == null || !a.getClass().isArray()) {
            throw new BadInputException(what + " is not a numeric array");
        }
        int n = Array.getLength(a);
        if (n != shape[depth]) {
            throw new BadInputException(what + " is a ragged array, not a rectangular one");
        }
        Class<?> c = a.getClass().getComponentType();
        if (depth == shape.length - 1) {
            if (c == double.class) {
                System.arraycopy(a, 0, out, pos[0], n);
            } else if (c == float.class || c == long.class || c == int.class || c == short.class || c == byte.class) {
                for (int i = 0; i < n; i++) {
                    out[pos[0] + i] = ((Number) Array.get(a, i)).doubleValue();
                }
            } else {
                throw new BadInputException(what + " has dtype " + c.getSimpleName() + ", expected numbers");
            }
            pos[0] += n;
            return;
        }
        for (int i = 0; i < n; i++) {
            fill(Array.get(a, i), depth + 1, shape, out, pos, what);
        }
    }

    /** A nested {@code double} array of the given shape holding {@code flat} (C order). */
    public static Object reshape(double[] flat, int[] shape) {
        if (shape.length == 1) {
            return flat.clone();
        }
        Object out = Array.newInstance(double.class, shape);
        int[] pos = {0};
        unflatten(out, 0, shape, flat, pos);
        return out;
    }

    private static void unflatten(Object a, int depth, int[] shape, double[] flat, int[] pos) {
        if (depth == shape.length - 1) {
            System.arraycopy(flat, pos[0], a, 0, shape[depth]);
            pos[0] += shape[depth];
            return;
        }
        for (int i = 0; i < shape[depth]; i++) {
            unflatten(Array.get(a, i), depth + 1, shape, flat, pos);
        }
    }

    /** Shape as numpy prints it, e.g. {@code (64, 64)}. */
    public static String format(int[] shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return b.append(shape.length == 1 ? ",)" : ")").toString();
    }
}
