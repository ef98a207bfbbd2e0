package org.orrery.validation.clustering.internal;

import org.orrery.mesh.Parallel;
import java.util.ArrayList;
import java.util.List;

/**
 * Exact pair statistics in separation bins with a cell list. A pair at separation d falls in bin i
 * when r_i ≤ d < r_{i+1} (edges compared as squares, so no square roots on the hot path); pairs
 * below r_0 or at/above the last edge are not counted. Periodic boxes use the minimum image (the
 * largest edge must then be below L/2, where the image is unique). Auto counts count each unordered
 * pair once; cross counts count every (a, b) pair.
 */
public final class PairCounter {

    /** Separation bins with their counts; {@code mu} bins are along {@code axis} when nmu > 0. */
    public record Counts(double[] edges, long[] counts, int nmu) {
        public long count(int bin) {
            long s = 0;
            int m = Math.max(1, nmu);
            for (int j = 0; j < m; j++) {
                s += counts[bin * m + j];
            }
            return s;
        }
    }

    /** Mean pairwise radial velocity per bin with its standard error and number of pairs. */
    public record Velocity(double[] edges, double[] v12, double[] error, long[] pairs) {
    }

    private static final int TABLE = 4096;

    private PairCounter() {
    }

    /** Each unordered pair of one catalogue once. {@code box} is L for periodic, NaN otherwise. */
    public static Counts auto(double[] pos, double[] edges, double box, int threads) {
        return run(pos, null, null, edges, box, 0, 0, false, threads).toCounts();
    }

    /** Every pair (a_i, b_j). */
    public static Counts cross(double[] a, double[] b, double[] edges, double box, int threads) {
        return run(a, b, null, edges, box, 0, 0, false, threads).toCounts();
    }

    /** Auto counts in (s, μ) with μ = |Δ_axis|/s in {@code nmu} equal bins on [0, 1]. */
    public static Counts autoSmu(double[] pos, double[] edges, int nmu, int axis, double box, int threads) {
        if (nmu < 1) {
            throw new IllegalArgumentException("need at least one mu bin, got: " + nmu);
        }
        if (axis < 0 || axis > 2) {
            throw new IllegalArgumentException("line-of-sight axis must be 0, 1 or 2, got: " + axis);
        }
        return run(pos, null, null, edges, box, nmu, axis, false, threads).toCounts();
    }

    /** v₁₂(r) = ⟨(Δr·Δv)/|Δr|⟩ over pairs, Δ = j − i; negative for infall. */
    public static Velocity pairwiseVelocity(double[] pos, double[] vel, double[] edges, double box, int threads) {
        if (vel == null || vel.length != pos.length) {
            throw new IllegalArgumentException("velocities must be a flat [n, 3] array like the positions, got length "
                    + (vel == null ? "null" : vel.length) + " for " + pos.length / 3 + " points");
        }
        Result r = run(pos, null, vel, edges, box, 0, 0, true, threads);
        int nb = edges.length - 1;
        double[] mean = new double[nb];
        double[] err = new double[nb];
        for (int i = 0; i < nb; i++) {
            long c = r.counts[i];
            mean[i] = c > 0 ? r.vsum[i] / c : Double.NaN;
            double var = c > 1 ? (r.vsq[i] - c * mean[i] * mean[i]) / (c - 1) : Double.NaN;
            err[i] = c > 1 ? Math.sqrt(Math.max(var, 0) / c) : Double.NaN;
        }
        return new Velocity(edges.clone(), mean, err, r.counts.clone());
    }

    static void checkEdges(double[] edges) {
        if (edges == null || edges.length < 2) {
            throw new IllegalArgumentException("need at least two bin edges, got: " + (edges == null ? "null" : edges.length));
        }
        if (!(edges[0] >= 0)) {
            throw new IllegalArgumentException("first bin edge must be >= 0, got: " + edges[0]);
        }
        for (int i = 1; i < edges.length; i++) {
            if (!(edges[i] > edges[i - 1]) || Double.isInfinite(edges[i])) {
                throw new IllegalArgumentException("bin edges must increase strictly and be finite, got " + edges[i - 1] + " then " + edges[i]);
            }
        }
    }

    /** Pieces the pair loop is cut into, independent of the thread count (so the velocity sums are too). */
    static final int PARTS = 256;

    private record Result(long[] counts, double[] vsum, double[] vsq, double[] edges, int nmu) {
        Counts toCounts() {
            return new Counts(edges.clone(), counts, nmu);
        }
    }

    private static Result run(double[] a, double[] b, double[] vel, double[] edges, double box, int nmu, int axis,
                              boolean velocity, int threads) {
        checkEdges(edges);
        boolean periodic = !Double.isNaN(box);
        double rmax = edges[edges.length - 1];
        checkPoints(a, "positions");
        if (b != null) {
            checkPoints(b, "second catalogue");
        }
        if (periodic) {
            if (!(box > 0) || Double.isInfinite(box)) {
                throw new IllegalArgumentException("box length must be positive and finite, got: " + box);
            }
            if (!(rmax < box / 2)) {
                throw new IllegalArgumentException("largest separation " + rmax + " must be below half the box (" + box / 2 + ") for the minimum image");
            }
            CellGrid.checkInBox(a, box, "positions");
            if (b != null) {
                CellGrid.checkInBox(b, box, "second catalogue");
            }
        }
        int ntot = (a.length + (b == null ? 0 : b.length)) / 3;
        int ncMax = Math.max(1, (int) Math.cbrt(4.0 * ntot));
        int reach;
        int nc;
        double cell;
        double ox = 0;
        double oy = 0;
        double oz = 0;
        if (periodic) {
            reach = 2;
            nc = (int) Math.min(Math.floor(box * reach / rmax), ncMax);
            if (nc < 2 * reach + 1) {
                reach = 1;
                nc = (int) Math.min(Math.floor(box / rmax), ncMax);
            }
            if (nc < 3) {
                nc = 1; // box too small for a wrapped stencil: one cell, explicit minimum image
                reach = 0;
            }
            cell = box / nc;
        } else {
            double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
            double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
            bounds(a, lo, hi);
            if (b != null) {
                bounds(b, lo, hi);
            }
            double extent = Math.max(hi[0] - lo[0], Math.max(hi[1] - lo[1], hi[2] - lo[2]));
            reach = 2;
            nc = (int) Math.max(1, Math.min(Math.floor(extent * reach / rmax), ncMax));
            cell = extent > 0 ? extent / nc : 1.0;
            ox = lo[0];
            oy = lo[1];
            oz = lo[2];
        }
        CellGrid ga = new CellGrid(a, vel, nc, cell, ox, oy, oz);
        CellGrid gb = b == null ? ga : new CellGrid(b, null, nc, cell, ox, oy, oz);
        Kernel k = new Kernel(ga, gb, b == null, edges, periodic ? box : Double.NaN, nmu, axis, velocity, reach);
        int workers = Math.max(1, threads);
        long[][] counts = new long[workers][(edges.length - 1) * Math.max(1, nmu)];
        // the work is cut into PARTS pieces whatever the thread count, and the velocity sums (doubles, whose
        // sum depends on its order) are kept per piece and added in piece order: v12 is then the same to the
        // bit on any machine (pair counts are integers, exact in any order)
        int cells = nc * nc * nc;
        int chunk = Math.max(1, cells / PARTS);
        int tasks = (cells + chunk - 1) / chunk;
        int n = ga.size();
        int rows = Math.max(1, Math.min(n, PARTS));
        int pieces = reach == 0 ? rows : tasks;
        double[][] vsum = new double[pieces][velocity ? edges.length - 1 : 0];
        double[][] vsq = new double[pieces][velocity ? edges.length - 1 : 0];
        if (reach == 0) {
            // single periodic cell: split the i loop instead
            Parallel.run(rows, workers, (w, t) -> k.bruteMinImage(t * (long) n / rows, (t + 1) * (long) n / rows, counts[w], vsum[t], vsq[t]));
        } else {
            Parallel.run(tasks, workers, (w, t) -> {
                for (int c = t * chunk; c < Math.min(cells, (t + 1) * chunk); c++) {
                    k.cell(c, counts[w], vsum[t], vsq[t]);
                }
            });
        }
        long[] tc = new long[counts[0].length];
        double[] ts = new double[vsum[0].length];
        double[] tq = new double[vsq[0].length];
        for (int w = 0; w < workers; w++) {
            for (int i = 0; i < tc.length; i++) {
                tc[i] += counts[w][i];
            }
        }
        for (int t = 0; t < pieces; t++) {
            for (int i = 0; i < ts.length; i++) {
                ts[i] += vsum[t][i];
                tq[i] += vsq[t][i];
            }
        }
        return new Result(tc, ts, tq, edges, nmu);
    }

    private static void checkPoints(double[] p, String what) {
        if (p == null || p.length % 3 != 0) {
            throw new IllegalArgumentException(what + " must be a flat [n, 3] array, got length " + (p == null ? "null" : p.length));
        }
        for (int i = 0; i < p.length; i++) {
            if (!Double.isFinite(p[i])) {
                throw new IllegalArgumentException(what + " has a non-finite coordinate at index " + i + ": " + p[i]);
            }
        }
    }

    private static void bounds(double[] p, double[] lo, double[] hi) {
        for (int i = 0; i < p.length; i++) {
            int d = i % 3;
            lo[d] = Math.min(lo[d], p[i]);
            hi[d] = Math.max(hi[d], p[i]);
        }
    }

    /** The hot loops: one cell of catalogue a against its stencil of cells in catalogue b. */
    private static final class Kernel {
        private final CellGrid a;
        private final CellGrid b;
        private final boolean auto;
        private final double[] e2;
        private final int nb;
        private final double rmin2;
        private final double rmax2;
        private final int[] table;
        private final double tableScale;
        private final double box;
        private final int nmu;
        private final int axis;
        private final boolean velocity;
        private final int[][] offsets;

        Kernel(CellGrid a, CellGrid b, boolean auto, double[] edges, double box, int nmu, int axis, boolean velocity, int reach) {
            this.a = a;
            this.b = b;
            this.auto = auto;
            this.nb = edges.length - 1;
            this.e2 = new double[edges.length];
            for (int i = 0; i < edges.length; i++) {
                e2[i] = edges[i] * edges[i];
            }
            this.rmin2 = e2[0];
            this.rmax2 = e2[nb];
            // table[j]: the largest bin whose lower squared edge is <= j/tableScale; a short scan finishes
            this.tableScale = TABLE / rmax2;
            this.table = new int[TABLE + 1];
            int bin = 0;
            for (int j = 0; j <= TABLE; j++) {
                double v = j / tableScale;
                while (bin + 1 < nb && e2[bin + 1] <= v) {
                    bin++;
                }
                table[j] = bin;
            }
            this.box = box;
            this.nmu = nmu;
            this.axis = axis;
            this.velocity = velocity;
            List<int[]> offs = new ArrayList<>();
            for (int i = -reach; i <= reach; i++) {
                for (int j = -reach; j <= reach; j++) {
                    for (int k = -reach; k <= reach; k++) {
                        boolean forward = i > 0 || (i == 0 && j > 0) || (i == 0 && j == 0 && k > 0);
                        if (!auto || forward || (i == 0 && j == 0 && k == 0)) {
                            offs.add(new int[] {i, j, k});
                        }
                    }
                }
            }
            this.offsets = offs.toArray(new int[0][]);
        }

        void cell(int c, long[] counts, double[] vsum, double[] vsq) {
            int nc = a.nc;
            int sa = a.start[c];
            int ea = a.start[c + 1];
            if (sa == ea) {
                return;
            }
            int ix = c / (nc * nc);
            int iy = (c / nc) % nc;
            int iz = c % nc;
            boolean periodic = !Double.isNaN(box);
            for (int[] o : offsets) {
                int jx = ix + o[0];
                int jy = iy + o[1];
                int jz = iz + o[2];
                double sx = 0;
                double sy = 0;
                double sz = 0;
                if (periodic) {
                    // a neighbour found across the wall is the image at ∓L: dx = (xi − xj) ± L
                    if (jx < 0) { jx += nc; sx = box; } else if (jx >= nc) { jx -= nc; sx = -box; }
                    if (jy < 0) { jy += nc; sy = box; } else if (jy >= nc) { jy -= nc; sy = -box; }
                    if (jz < 0) { jz += nc; sz = box; } else if (jz >= nc) { jz -= nc; sz = -box; }
                } else if (jx < 0 || jx >= nc || jy < 0 || jy >= nc || jz < 0 || jz >= nc) {
                    continue;
                }
                int cb = (jx * nc + jy) * nc + jz;
                boolean self = auto && cb == c;
                pairs(sa, ea, b.start[cb], b.start[cb + 1], self, sx, sy, sz, counts, vsum, vsq);
            }
        }

        private void pairs(int sa, int ea, int sb, int eb, boolean self, double sx, double sy, double sz,
                           long[] counts, double[] vsum, double[] vsq) {
            final double[] ax = a.x;
            final double[] ay = a.y;
            final double[] az = a.z;
            final double[] bx = b.x;
            final double[] by = b.y;
            final double[] bz = b.z;
            final double lo = rmin2;
            final double hi = rmax2;
            for (int i = sa; i < ea; i++) {
                final double xi = ax[i];
                final double yi = ay[i];
                final double zi = az[i];
                for (int j = self ? i + 1 : sb; j < eb; j++) {
                    double dx = (xi - bx[j]) + sx;
                    double dy = (yi - by[j]) + sy;
                    double dz = (zi - bz[j]) + sz;
                    double d2 = dx * dx + dy * dy + dz * dz;
                    if (d2 < hi && d2 >= lo) {
                        accept(i, j, dx, dy, dz, d2, counts, vsum, vsq);
                    }
                }
            }
        }

        private void accept(int i, int j, double dx, double dy, double dz, double d2, long[] counts, double[] vsum, double[] vsq) {
            int bin = table[(int) (d2 * tableScale)];
            while (bin + 1 < nb && d2 >= e2[bin + 1]) {
                bin++;
            }
            if (nmu > 0) {
                double along = axis == 0 ? dx : axis == 1 ? dy : dz;
                double mu = d2 > 0 ? Math.abs(along) / Math.sqrt(d2) : 0;
                int mb = Math.min((int) (mu * nmu), nmu - 1);
                counts[bin * nmu + mb]++;
            } else {
                counts[bin]++;
            }
            if (velocity && d2 > 0) {
                // (Δr·Δv)/|Δr| with Δ = j − i; both differences here are i − j, the signs cancel
                double u = (dx * (a.vx[i] - b.vx[j]) + dy * (a.vy[i] - b.vy[j]) + dz * (a.vz[i] - b.vz[j])) / Math.sqrt(d2);
                vsum[bin] += u;
                vsq[bin] += u * u;
            }
        }

        /** All pairs with the explicit minimum image, for boxes too small for a wrapped cell stencil. */
        void bruteMinImage(long from, long to, long[] counts, double[] vsum, double[] vsq) {
            double half = box / 2;
            int n = b.size();
            for (int i = (int) from; i < to; i++) {
                for (int j = auto ? i + 1 : 0; j < n; j++) {
                    double dx = minImage(a.x[i] - b.x[j], half, box);
                    double dy = minImage(a.y[i] - b.y[j], half, box);
                    double dz = minImage(a.z[i] - b.z[j], half, box);
                    double d2 = dx * dx + dy * dy + dz * dz;
                    if (d2 < rmax2 && d2 >= rmin2) {
                        accept(i, j, dx, dy, dz, d2, counts, vsum, vsq);
                    }
                }
            }
        }
    }

    static double minImage(double d, double half, double box) {
        return d > half ? d - box : d < -half ? d + box : d;
    }
}
