package org.orrery.campaign;

/**
 * Results of consecutive simulations {@code start … start+count-1}, filled by one lane at a time.
 * A null reason means the simulation succeeded.
 */
final class Chunk {
    final int number;
    final long start;
    final int count;
    final double[] theta;
    final double[] x;
    final String[] reason;

    Chunk(int number, long start, int count, int thetaDim, int xSize) {
        this.number = number;
        this.start = start;
        this.count = count;
        this.theta = new double[count * thetaDim];
        this.x = new double[count * xSize];
        this.reason = new String[count];
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
