package org.orrery.report.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Gaussian kernel density estimates for figures, binned onto a regular grid and smoothed by a
 * separable convolution (O(n + grid²·kernel)): 1-D marginals with their modes, and 2-D densities
 * with the levels that enclose given probability masses (highest-density contours).
 */
public final class Kde {

    private Kde() {
    }

    /** A smoothed marginal: density at x. */
    public record Marginal(double[] x, double[] density) {

        /**
         * Clear peaks, left to right: local maxima at least 20 % of the highest whose valley to the
         * next accepted peak drops below 70 % of the lower of the two.
         */
        public double[] modes() {
            double top = Arrays.stream(density).max().orElse(0);
            List<Integer> peaks = new ArrayList<>();
            for (int i = 1; i + 1 < density.length; i++) {
                if (density[i] >= density[i - 1] && density[i] > density[i + 1] && density[i] >= 0.2 * top) {
                    peaks.add(i);
                }
            }
            List<Integer> kept = new ArrayList<>();
            for (int p : peaks) {
                if (kept.isEmpty()) {
                    kept.add(p);
                    continue;
                }
                int q = kept.get(kept.size() - 1);
                double valley = Double.POSITIVE_INFINITY;
                for (int i = q; i <= p; i++) {
                    valley = Math.min(valley, density[i]);
                }
                if (valley < 0.7 * Math.min(density[p], density[q])) {
                    kept.add(p);
                } else if (density[p] > density[q]) {
                    kept.set(kept.size() - 1, p);
                }
            }
            return kept.stream().mapToDouble(i -> x[i]).toArray();
        }
    }

    /** A 2-D density: z[i][j] at (x[j], y[i]). */
    public record Grid(double[] x, double[] y, double[][] z) {

        /** Density thresholds whose super-level sets hold each mass (e.g. 0.95, 0.68), in the given order. */
        public double[] levels(double... masses) {
            int n = 0;
            for (double[] row : z) {
                n += row.length;
            }
            double[] all = new double[n];
            int k = 0;
            double total = 0;
            for (double[] row : z) {
                for (double v : row) {
                    all[k++] = v;
                    total += v;
                }
            }
            Arrays.sort(all);
            double[] out = new double[masses.length];
            for (int m = 0; m < masses.length; m++) {
                double cum = 0;
                out[m] = all[all.length - 1];
                for (int i = all.length - 1; i >= 0; i--) {
                    cum += all[i];
                    if (cum >= masses[m] * total) {
                        out[m] = all[i];
                        break;
                    }
                }
            }
            return out;
        }
    }

    /** Silverman's rule, 0.9·min(σ, IQR/1.34)·n^(−1/(4+d)). */
    static double bandwidth(double[] v, double dimFactor) {
        int n = v.length;
        double mean = Arrays.stream(v).average().orElse(0);
        double var = Arrays.stream(v).map(a -> (a - mean) * (a - mean)).sum() / Math.max(1, n - 1);
        double[] s = v.clone();
        Arrays.sort(s);
        double iqr = s[(int) (0.75 * (n - 1))] - s[(int) (0.25 * (n - 1))];
        double spread = Math.min(Math.sqrt(var), iqr > 0 ? iqr / 1.34 : Double.POSITIVE_INFINITY);
        if (!(spread > 0) || Double.isInfinite(spread)) {
            spread = Math.sqrt(var) > 0 ? Math.sqrt(var) : 1e-3;
        }
        return 0.9 * spread * Math.pow(n, -1.0 / dimFactor);
    }

    public static Marginal marginal(double[] v, double[] range, int bins) {
        double lo = range[0];
        double hi = range[1];
        double dx = (hi - lo) / bins;
        double[] x = new double[bins];
        double[] h = new double[bins];
        for (int i = 0; i < bins; i++) {
            x[i] = lo + (i + 0.5) * dx;
        }
        for (double a : v) {
            int i = (int) Math.floor((a - lo) / dx);
            if (i >= 0 && i < bins) {
                h[i]++;
            }
        }
        // capped at 1/40 of the plotted range: Silverman's rule over-smooths multimodal samples
        double bw = Math.min(bandwidth(v, 5), (hi - lo) / 40) / dx;
        double[] sm = smooth(h, bw);
        double norm = v.length * dx;
        for (int i = 0; i < bins; i++) {
            sm[i] /= norm;
        }
        return new Marginal(x, sm);
    }

    public static Grid grid(double[] xs, double[] ys, double[] xr, double[] yr, int bins) {
        double dx = (xr[1] - xr[0]) / bins;
        double dy = (yr[1] - yr[0]) / bins;
        double[][] h = new double[bins][bins];
        for (int k = 0; k < xs.length; k++) {
            int j = (int) Math.floor((xs[k] - xr[0]) / dx);
            int i = (int) Math.floor((ys[k] - yr[0]) / dy);
            if (i >= 0 && i < bins && j >= 0 && j < bins) {
                h[i][j]++;
            }
        }
        double bx = Math.min(bandwidth(xs, 6), (xr[1] - xr[0]) / 40) / dx;
        double by = Math.min(bandwidth(ys, 6), (yr[1] - yr[0]) / 40) / dy;
        for (int i = 0; i < bins; i++) {
            h[i] = smooth(h[i], bx);
        }
        double[] col = new double[bins];
        for (int j = 0; j < bins; j++) {
            for (int i = 0; i < bins; i++) {
                col[i] = h[i][j];
            }
            double[] s = smooth(col, by);
            for (int i = 0; i < bins; i++) {
                h[i][j] = s[i];
            }
        }
        double[] gx = new double[bins];
        double[] gy = new double[bins];
        for (int i = 0; i < bins; i++) {
            gx[i] = xr[0] + (i + 0.5) * dx;
            gy[i] = yr[0] + (i + 0.5) * dy;
        }
        return new Grid(gx, gy, h);
    }

    /** Gaussian smoothing with σ in bins (mass beyond the ends is lost, as for data outside the plot). */
    static double[] smooth(double[] h, double sigma) {
        sigma = Math.max(sigma, 0.5);
        int r = (int) Math.ceil(4 * sigma);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += k[i + r];
        }
        double[] out = new double[h.length];
        for (int i = 0; i < h.length; i++) {
            if (h[i] == 0) {
                continue;
            }
            for (int t = -r; t <= r; t++) {
                int j = i + t;
                if (j >= 0 && j < h.length) {
                    out[j] += h[i] * k[t + r] / sum;
                }
            }
        }
        return out;
    }
}
