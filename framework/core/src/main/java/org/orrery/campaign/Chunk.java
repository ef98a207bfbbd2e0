package org.orrery.campaign;

/**
 * Results of consecutive simulations {@code start … start+count-1}, filled by one lane at a time.
 * A null reason means the simulation succeeded.
 *
 * <p>Output j (the observable is 0) of fixed size {@code sizes[j]} is the flat block
 * {@code fixed[j]} [count × size]; a point set of varying size ({@code sizes[j] < 0}) keeps one flat
 * array per simulation in {@code varying[j]}. Rows of failed simulations are zeros or null.
 */
final class Chunk {
    final int number;
    final long start;
    final int count;
    final double[] theta;
    final double[][] fixed;
    final double[][][] varying;
    final String[] reason;

    Chunk(int number, long start, int count, int thetaDim, int[] sizes) {
        this.number = number;
        this.start = start;
        this.count = count;
        this.theta = new double[count * thetaDim];
        this.fixed = new double[sizes.length][];
        this.varying = new double[sizes.length][][];
        for (int j = 0; j < sizes.length; j++) {
            if (sizes[j] >= 0) {
                fixed[j] = new double[Math.multiplyExact(count, sizes[j])];
            } else {
                varying[j] = new double[count][];
            }
        }
        this.reason = new String[count];
    }

    /** Values held: bounds how many chunks go into one shard file. */
    long doubles() {
        long n = theta.length;
        for (int j = 0; j < fixed.length; j++) {
            if (fixed[j] != null) {
                n += fixed[j].length;
            } else {
                for (double[] row : varying[j]) {
                    n += row == null ? 0 : row.length;
                }
            }
        }
        return n;
    }

    int failures() {
        int n = 0;
        for (String r : reason) {
            if (r != null) {
                n++;
            }
        }
        return n;
    }
}
