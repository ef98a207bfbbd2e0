package org.orrery.validation.clustering.internal;

/**
 * Points sorted by cell, stored as structure of arrays so the pair loops stream through memory.
 * Cells are {@code cell} wide, {@code nc} per side, starting at the origin (ox, oy, oz);
 * {@code start[c] .. start[c+1]} are the points of cell c = (ix·nc + iy)·nc + iz.
 */
final class CellGrid {
    final int nc;
    final double cell;
    final double ox;
    final double oy;
    final double oz;
    final double[] x;
    final double[] y;
    final double[] z;
    final double[] vx;
    final double[] vy;
    final double[] vz;
    final int[] start;

    CellGrid(double[] pos, double[] vel, int nc, double cell, double ox, double oy, double oz) {
        int n = pos.length / 3;
        this.nc = nc;
        this.cell = cell;
        this.ox = ox;
        this.oy = oy;
        this.oz = oz;
        int cells = Math.multiplyExact(Math.multiplyExact(nc, nc), nc);
        int[] cellOf = new int[n];
        start = new int[cells + 1];
        for (int p = 0; p < n; p++) {
            int c = cellIndex(pos[3 * p], pos[3 * p + 1], pos[3 * p + 2]);
            cellOf[p] = c;
            start[c + 1]++;
        }
        for (int c = 0; c < cells; c++) {
            start[c + 1] += start[c];
        }
        int[] fill = new int[cells];
        x = new double[n];
        y = new double[n];
        z = new double[n];
        vx = vel == null ? null : new double[n];
        vy = vel == null ? null : new double[n];
        vz = vel == null ? null : new double[n];
        for (int p = 0; p < n; p++) {
            int c = cellOf[p];
            int d = start[c] + fill[c]++;
            x[d] = pos[3 * p];
            y[d] = pos[3 * p + 1];
            z[d] = pos[3 * p + 2];
            if (vel != null) {
                vx[d] = vel[3 * p];
                vy[d] = vel[3 * p + 1];
                vz[d] = vel[3 * p + 2];
            }
        }
    }

    int axisCell(double v, double origin) {
        int i = (int) Math.floor((v - origin) / cell);
        return i < 0 ? 0 : i >= nc ? nc - 1 : i;
    }

    int cellIndex(double px, double py, double pz) {
        return (axisCell(px, ox) * nc + axisCell(py, oy)) * nc + axisCell(pz, oz);
    }

    int size() {
        return x.length;
    }

    /** Checks coordinates lie in [0, L) for periodic boxes: wrapping silently would hide unit mistakes. */
    static void checkInBox(double[] pos, double length, String what) {
        for (int i = 0; i < pos.length; i++) {
            double v = pos[i];
            if (!(v >= 0 && v < length)) {
                throw new IllegalArgumentException(what + " coordinate " + v + " (index " + i + ") is outside the periodic box [0, " + length + ")");
            }
        }
    }
}
