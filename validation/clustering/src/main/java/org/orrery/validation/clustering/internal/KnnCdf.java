package org.orrery.validation.clustering.internal;

import org.orrery.mesh.Parallel;
import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * k-nearest-neighbour distance distributions in a periodic box (Banerjee &amp; Abel 2021): distances
 * from volume-filling random query points to their k-th nearest data point. The search walks cells
 * in order of their smallest possible distance and stops once no unvisited cell can beat the
 * current k-th distance; queries are processed in cell order so neighbouring queries share cache.
 */
public final class KnnCdf {

    /** CDF_k(r) = P(d_k ≤ r) on the given r values, and the peaked CDF min(CDF, 1 − CDF). */
    public record Cdf(double[] r, int[] k, double[][] cdf, double[][] peaked, int queries) {
    }

    private static final int MAX_REACH = 10;

    private KnnCdf() {
    }

    /** Uniform query points in [0, L)³, flat [n, 3]. */
    public static double[] randomQueries(int n, double box, UniformRandomProvider rng) {
        if (n < 1) {
            throw new IllegalArgumentException("need at least one query point, got: " + n);
        }
        double[] q = new double[3 * n];
        for (int i = 0; i < q.length; i++) {
            q[i] = rng.nextDouble() * box;
        }
        return q;
    }

    /**
     * CDFs for {@code ks} at radii {@code r}, from {@code nQueries} random queries (≤ 0 means as many
     * as there are data points).
     */
    public static Cdf cdf(double[] data, double box, int[] ks, double[] r, int nQueries, UniformRandomProvider rng, int threads) {
        int nq = nQueries > 0 ? nQueries : data.length / 3;
        double[][] d = distances(data, randomQueries(nq, box, rng), box, ks, threads);
        double[][] cdf = new double[ks.length][r.length];
        double[][] peaked = new double[ks.length][r.length];
        for (int i = 0; i < ks.length; i++) {
            double[] s = d[i].clone();
            Arrays.sort(s);
            for (int j = 0; j < r.length; j++) {
                cdf[i][j] = (double) upperBound(s, r[j]) / s.length;
                peaked[i][j] = Math.min(cdf[i][j], 1 - cdf[i][j]);
            }
        }
        return new Cdf(r.clone(), ks.clone(), cdf, peaked, nq);
    }

    /** Number of values ≤ x in a sorted array. */
    static int upperBound(double[] s, double x) {
        int lo = 0;
        int hi = s.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (s[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Distances [ks.length][queries] from each query (in the given order) to its k-th neighbour. */
    public static double[][] distances(double[] data, double[] queries, double box, int[] ks, int threads) {
        if (ks == null || ks.length == 0) {
            throw new IllegalArgumentException("need at least one k");
        }
        int kmax = 0;
        for (int k : ks) {
            if (k < 1) {
                throw new IllegalArgumentException("k must be >= 1, got: " + k);
            }
            kmax = Math.max(kmax, k);
        }
        if (data.length % 3 != 0 || queries.length % 3 != 0) {
            throw new IllegalArgumentException("data and queries must be flat [n, 3] arrays");
        }
        int n = data.length / 3;
        if (n < kmax) {
            throw new IllegalArgumentException("k = " + kmax + " needs at least as many data points, got " + n);
        }
        if (!(box > 0) || Double.isInfinite(box)) {
            throw new IllegalArgumentException("box length must be positive and finite, got: " + box);
        }
        CellGrid.checkInBox(data, box, "data");
        CellGrid.checkInBox(queries, box, "query");
        int nc = cellsPerSide(n, kmax);
        CellGrid g = new CellGrid(data, null, nc, box / nc, 0, 0, 0);
        int[] order = spatialOrder(queries, g);
        Search s = new Search(g, box, kmax);
        int nq = queries.length / 3;
        double[][] out = new double[ks.length][nq];
        final int kk = kmax;
        int chunk = 2048;
        int tasks = (nq + chunk - 1) / chunk;
        Parallel.run(tasks, threads, (w, t) -> {
            double[] best = new double[kk];
            for (int p = t * chunk; p < Math.min(nq, (t + 1) * chunk); p++) {
                int q = order[p];
                s.query(queries[3 * q], queries[3 * q + 1], queries[3 * q + 2], best);
                for (int i = 0; i < ks.length; i++) {
                    out[i][q] = Math.sqrt(best[ks[i] - 1]);
                }
            }
        });
        return out;
    }

    /** Cells per side so that a cell holds about max(2, kmax/2) points. */
    static int cellsPerSide(int n, int kmax) {
        double occupancy = Math.max(2.0, kmax / 2.0);
        return Math.max(1, Math.min(1024, (int) Math.cbrt(n / occupancy)));
    }

    /** Query indices sorted by the cell they fall in (counting sort). */
    static int[] spatialOrder(double[] q, CellGrid g) {
        int nq = q.length / 3;
        int cells = g.nc * g.nc * g.nc;
        int[] cellOf = new int[nq];
        int[] start = new int[cells + 1];
        for (int i = 0; i < nq; i++) {
            cellOf[i] = g.cellIndex(q[3 * i], q[3 * i + 1], q[3 * i + 2]);
            start[cellOf[i] + 1]++;
        }
        for (int c = 0; c < cells; c++) {
            start[c + 1] += start[c];
        }
        int[] order = new int[nq];
        for (int i = 0; i < nq; i++) {
            order[start[cellOf[i]]++] = i;
        }
        return order;
    }

    /** Query points reordered by cell of a grid sized for n data points (what a caller can pass to other tools). */
    public static double[] sortSpatially(double[] queries, double box, int nData, int kmax) {
        int nc = cellsPerSide(nData, kmax);
        CellGrid g = new CellGrid(new double[0], null, nc, box / nc, 0, 0, 0);
        int[] order = spatialOrder(queries, g);
        double[] out = new double[queries.length];
        for (int i = 0; i < order.length; i++) {
            System.arraycopy(queries, 3 * order[i], out, 3 * i, 3);
        }
        return out;
    }

    private static final class Search {
        private final CellGrid g;
        private final double box;
        private final int kmax;
        private final int[] ox;
        private final int[] oy;
        private final int[] oz;
        private final double[] lower2; // smallest possible squared distance to cells at this offset
        private final double reach2;

        Search(CellGrid g, double box, int kmax) {
            this.g = g;
            this.box = box;
            this.kmax = kmax;
            int reach = Math.min((g.nc - 1) / 2, MAX_REACH);
            int side = 2 * reach + 1;
            int m = side * side * side;
            long[] keyed = new long[m];
            int idx = 0;
            for (int i = -reach; i <= reach; i++) {
                for (int j = -reach; j <= reach; j++) {
                    for (int k = -reach; k <= reach; k++) {
                        long gap = sq(Math.max(Math.abs(i) - 1, 0)) + sq(Math.max(Math.abs(j) - 1, 0)) + sq(Math.max(Math.abs(k) - 1, 0));
                        long code = ((long) (i + reach) * side + (j + reach)) * side + (k + reach);
                        keyed[idx++] = (gap << 32) | code;
                    }
                }
            }
            Arrays.sort(keyed);
            ox = new int[m];
            oy = new int[m];
            oz = new int[m];
            lower2 = new double[m];
            double h = g.cell;
            for (int t = 0; t < m; t++) {
                long code = keyed[t] & 0xffffffffL;
                ox[t] = (int) (code / ((long) side * side)) - reach;
                oy[t] = (int) ((code / side) % side) - reach;
                oz[t] = (int) (code % side) - reach;
                lower2[t] = (keyed[t] >>> 32) * h * h;
            }
            reach2 = sq(reach) * h * h;
        }

        private static long sq(long v) {
            return v * v;
        }

        void query(double qx, double qy, double qz, double[] best) {
            Arrays.fill(best, Double.POSITIVE_INFINITY);
            int nc = g.nc;
            double h = g.cell;
            int cx = g.axisCell(qx, 0);
            int cy = g.axisCell(qy, 0);
            int cz = g.axisCell(qz, 0);
            double fx = qx - cx * h;
            double fy = qy - cy * h;
            double fz = qz - cz * h;
            int last = kmax - 1;
            boolean stopped = false;
            for (int t = 0; t < ox.length; t++) {
                double worst = best[last];
                if (lower2[t] >= worst) {
                    stopped = true;
                    break;
                }
                int dx = ox[t];
                int dy = oy[t];
                int dz = oz[t];
                double gx = dx > 0 ? dx * h - fx : dx < 0 ? fx - (dx + 1) * h : 0;
                double gy = dy > 0 ? dy * h - fy : dy < 0 ? fy - (dy + 1) * h : 0;
                double gz = dz > 0 ? dz * h - fz : dz < 0 ? fz - (dz + 1) * h : 0;
                if (gx * gx + gy * gy + gz * gz >= worst) {
                    continue;
                }
                int jx = cx + dx;
                int jy = cy + dy;
                int jz = cz + dz;
                double sx = 0;
                double sy = 0;
                double sz = 0;
                if (jx < 0) { jx += nc; sx = box; } else if (jx >= nc) { jx -= nc; sx = -box; }
                if (jy < 0) { jy += nc; sy = box; } else if (jy >= nc) { jy -= nc; sy = -box; }
                if (jz < 0) { jz += nc; sz = box; } else if (jz >= nc) { jz -= nc; sz = -box; }
                int c = (jx * nc + jy) * nc + jz;
                double[] x = g.x;
                double[] y = g.y;
                double[] z = g.z;
                for (int p = g.start[c], e = g.start[c + 1]; p < e; p++) {
                    double ex = (qx - x[p]) + sx;
                    double ey = (qy - y[p]) + sy;
                    double ez = (qz - z[p]) + sz;
                    double d2 = ex * ex + ey * ey + ez * ez;
                    if (d2 < best[last]) {
                        insert(best, d2);
                    }
                }
            }
            if (!stopped && best[last] > reach2) {
                brute(qx, qy, qz, best);
            }
        }

        private static void insert(double[] best, double d2) {
            int i = best.length - 1;
            while (i > 0 && best[i - 1] > d2) {
                best[i] = best[i - 1];
                i--;
            }
            best[i] = d2;
        }

        /** Minimum-image scan of every point, for tiny grids where the cell walk cannot prove its answer. */
        private void brute(double qx, double qy, double qz, double[] best) {
            Arrays.fill(best, Double.POSITIVE_INFINITY);
            double half = box / 2;
            for (int p = 0; p < g.size(); p++) {
                double ex = PairCounter.minImage(qx - g.x[p], half, box);
                double ey = PairCounter.minImage(qy - g.y[p], half, box);
                double ez = PairCounter.minImage(qz - g.z[p], half, box);
                double d2 = ex * ex + ey * ey + ez * ez;
                if (d2 < best[best.length - 1]) {
                    insert(best, d2);
                }
            }
        }
    }
}
