package org.orrery.campaign;

/**
 * Results of consecutive simulations {@code start … start+count-1}, filled by one lane at a time.
 * A null reason means the simulation succeeded.
 *
 * <p>Output j (the observable is 0) of fixed size {@code sizes[j]} is the flat block
 * {@code fixed[j]} [count × size]; a point set of varying size ({@code sizes[j] < 0}) keeps one flat
 * array per simulation in {@code varying[j]}. Rows of failed simulations are zeros or null. A chunk
 * read back from a shard for the bank assembler holds only the parts asked for, and a float32
 * output's block as {@code fixed32[j]} (the values as stored, not widened).
 */
public final class Chunk {
    final int number;
    final long start;
    final int count;
    final double[] theta;
    final double[][] fixed;
    final float[][] fixed32;
    final double[][][] varying;
    final String[] reason;

    Chunk(int number, long start, int count, int thetaDim, int[] sizes) {
        this.number = number;
        this.start = start;
        this.count = count;
        this.theta = new double[count * thetaDim];
        this.fixed = new double[sizes.length][];
        this.fixed32 = new float[sizes.length][];
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

    /** A chunk whose arrays the shard reader fills with the parts it is asked for. */
    Chunk(int number, long start, int count, int outputs, double[] theta, String[] reason) {
        this.number = number;
        this.start = start;
        this.count = count;
        this.theta = theta;
        this.fixed = new double[outputs][];
        this.fixed32 = new float[outputs][];
        this.varying = new double[outputs][][];
        this.reason = reason;
    }

    /** The chunk's number: it holds indices {@code number × chunk size …}. */
    public int number() {
        return number;
    }

    /** First campaign index in the chunk. */
    public long start() {
        return start;
    }

    /** Simulations in the chunk. */
    public int count() {
        return count;
    }

    /** Values held: bounds how many chunks wait in memory for the shard writer. */
    long doubles() {
        long n = theta == null ? 0 : theta.length;
        for (int j = 0; j < fixed.length; j++) {
            if (fixed[j] != null) {
                n += fixed[j].length;
            } else if (varying[j] != null) {
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

    /** Stores the outcome of simulation {@code start + k}; a varying point set is copied (the simulator may reuse it). */
    public void put(int k, SimulationStep.Row row) {
        int thetaDim = theta.length / count;
        System.arraycopy(row.theta(), 0, theta, k * thetaDim, thetaDim);
        if (row.failure() != null) {
            reason[k] = row.failure();
            return;
        }
        double[][] values = row.values();
        for (int j = 0; j < values.length; j++) {
            if (fixed[j] != null) {
                int size = values[j].length;
                System.arraycopy(values[j], 0, fixed[j], k * size, size);
            } else {
                varying[j][k] = values[j].clone();
            }
        }
    }
}
