package org.orrery.mesh;

/**
 * Mass-assignment schemes of order p (NGP 1, CIC 2, TSC 3, PCS 4). Grid point i sits at x = iΔ (the
 * Pylians convention); the Fourier window per axis is W(k) = sinc(kΔ/2)^p.
 */
public enum MassAssignment {
    NGP(1), CIC(2), TSC(3), PCS(4);

    private final int order;

    MassAssignment(int order) {
        this.order = order;
    }

    public int order() {
        return order;
    }

    /** Window per axis for integer mode number m on a grid of n cells. */
    public double window(int m, int n) {
        if (m == 0) {
            return 1.0;
        }
        double x = Math.PI * m / n;
        return Math.pow(Math.sin(x) / x, order);
    }

    /**
     * Fills {@code w[0..order)} with weights for grid points {@code first + j} and returns {@code first}
     * (not yet wrapped), for the coordinate u in cell units.
     */
    public int weights(double u, double[] w) {
        switch (this) {
            case NGP -> {
                w[0] = 1;
                return (int) Math.floor(u + 0.5);
            }
            case CIC -> {
                int i = (int) Math.floor(u);
                double f = u - i;
                w[0] = 1 - f;
                w[1] = f;
                return i;
            }
            case TSC -> {
                int i = (int) Math.floor(u + 0.5);
                double d = u - i;
                w[0] = 0.5 * (0.5 - d) * (0.5 - d);
                w[1] = 0.75 - d * d;
                w[2] = 0.5 * (0.5 + d) * (0.5 + d);
                return i - 1;
            }
            default -> {
                int i = (int) Math.floor(u);
                for (int j = 0; j < 4; j++) {
                    double s = Math.abs(u - (i - 1 + j));
                    w[j] = s < 1 ? (4 - 6 * s * s + 3 * s * s * s) / 6 : s < 2 ? (2 - s) * (2 - s) * (2 - s) / 6 : 0;
                }
                return i - 1;
            }
        }
    }

    /**
     * Paints points (flat [n, dims], coordinates in [0, L), wrapped otherwise) onto a periodic grid of
     * {@code grid}^dims cells, each point of unit mass, after shifting every point by {@code shift}
     * cells along every axis (interlacing uses shift = 1/2). Returns the number of points per cell.
     */
    public double[] paint(double[] pos, int dims, double length, int grid, double shift) {
        return paint(pos, null, dims, length, grid, shift);
    }

    /**
     * As {@link #paint(double[], int, double, int, double)}, point p with mass {@code mass[p]}
     * (null: unit masses). Returns the summed mass per cell, axis 0 of the points slowest.
     */
    public double[] paint(double[] pos, double[] mass, int dims, double length, int grid, double shift) {
        int np = pos.length / dims;
        long cells = dims == 3 ? (long) grid * grid * grid : (long) grid * grid;
        double[] rho = new double[Math.toIntExact(cells)];
        double scale = grid / length;
        double[] wx = new double[order];
        double[] wy = new double[order];
        double[] wz = new double[order];
        for (int p = 0; p < np; p++) {
            int ix = weights(pos[p * dims] * scale + shift, wx);
            int iy = weights(pos[p * dims + 1] * scale + shift, wy);
            if (dims == 2) {
                double m = mass == null ? 1 : mass[p];
                for (int a = 0; a < order; a++) {
                    int ra = Math.floorMod(ix + a, grid) * grid;
                    for (int b = 0; b < order; b++) {
                        rho[ra + Math.floorMod(iy + b, grid)] += m * wx[a] * wy[b];
                    }
                }
                continue;
            }
            int iz = weights(pos[p * dims + 2] * scale + shift, wz);
            double m = mass == null ? 1 : mass[p];
            for (int a = 0; a < order; a++) {
                int ra = Math.floorMod(ix + a, grid) * grid;
                for (int b = 0; b < order; b++) {
                    int rb = (ra + Math.floorMod(iy + b, grid)) * grid;
                    double wab = m * wx[a] * wy[b];
                    for (int c = 0; c < order; c++) {
                        rho[rb + Math.floorMod(iz + c, grid)] += wab * wz[c];
                    }
                }
            }
        }
        return rho;
    }

    /**
     * The adjoint of {@link #paint}: the grid {@code field} ({@code grid}^dims cells, the layout paint
     * writes) read at one point {@code x} ({@code dims} coordinates in [0, L), wrapped otherwise)
     * with this scheme's weights.
     */
    public double interpolate(double[] field, int dims, double length, int grid, double... x) {
        double scale = grid / length;
        double[] wx = new double[order];
        double[] wy = new double[order];
        int ix = weights(x[0] * scale, wx);
        int iy = weights(x[1] * scale, wy);
        double sum = 0;
        if (dims == 2) {
            for (int a = 0; a < order; a++) {
                int ra = Math.floorMod(ix + a, grid) * grid;
                for (int b = 0; b < order; b++) {
                    sum += field[ra + Math.floorMod(iy + b, grid)] * wx[a] * wy[b];
                }
            }
            return sum;
        }
        double[] wz = new double[order];
        int iz = weights(x[2] * scale, wz);
        for (int a = 0; a < order; a++) {
            int ra = Math.floorMod(ix + a, grid) * grid;
            for (int b = 0; b < order; b++) {
                int rb = (ra + Math.floorMod(iy + b, grid)) * grid;
                for (int c = 0; c < order; c++) {
                    sum += field[rb + Math.floorMod(iz + c, grid)] * wx[a] * wy[b] * wz[c];
                }
            }
        }
        return sum;
    }
}
