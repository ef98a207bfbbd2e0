package org.orrery.io;

import java.util.Arrays;

/**
 * An observation read from a file: flat C-order values and their shape, validated finite.
 *
 * @param values flat row-major values
 * @param shape  extents, row-major ({@code [ny, nx]} for an image)
 * @param source where it came from, for messages
 */
public record Observation(double[] values, int[] shape, String source) {

    public Observation {
        values = values.clone();
        shape = shape.clone();
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        if (size != values.length) {
            throw new IllegalArgumentException("observation shape " + Arrays.toString(shape) + " does not hold "
                    + values.length + " values");
        }
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }
}
