package org.orrery.nn;

import java.util.Arrays;

/** One saved tensor: its name, shape and row-major float32 values. */
public record NamedArray(String name, long[] shape, float[] data) {
    public NamedArray {
        long n = 1;
        for (long s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative dimension in " + name + " " + Arrays.toString(shape));
            }
            n *= s;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds " + n
                    + " values, got " + data.length);
        }
    }
}
