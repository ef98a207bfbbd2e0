package org.orrery.validation.fields;

import java.util.Arrays;
import org.orrery.mesh.Mesh;
import org.orrery.validation.clustering.internal.PowerSpectrum;

/**
 * Field-level diagnostics of posterior draws of a field (e.g. initial conditions from the
 * interpolant) against the true field, per k-shell kF·[b, b+1) as the power_spectrum statistic bins:
 * <ul>
 * <li>r(k) = P_ab/√(P_a P_b) and T(k) = √(P_a/P_b) of the draws' mean and of each draw against the
 *     truth ({@link PowerSpectrum#cross}, the one estimator);
 * <li>coverage(k): the share of the truth's Fourier components (real and imaginary parts of each
 *     independent mode) inside the draws' central {@code level} interval: {@code level} when the
 *     draws are calibrated;
 * <li>P(k) of the draws beside a prior spectrum.
 * </ul>
 */
public final class FieldValidation {

    /**
     * Per shell: mean |k|, mode count, r and T of the mean, mean r and T of the draws, coverage,
     * the draws' mean P(k) and the truth's P(k).
     */
    public record Report(double[] k, long[] modes, double[] rMean, double[] tMean, double[] rDraws, double[] tDraws,
            double[] coverage, int[] components, double[] pDraws, double[] pTruth, double level) {

        /** The first {@code shells} shells (e.g. those below the Nyquist frequency). */
        public Report firstShells(int shells) {
            int m = Math.min(shells, k.length);
            return new Report(Arrays.copyOf(k, m), Arrays.copyOf(modes, m), Arrays.copyOf(rMean, m), Arrays.copyOf(tMean, m),
                    Arrays.copyOf(rDraws, m), Arrays.copyOf(tDraws, m), Arrays.copyOf(coverage, m), Arrays.copyOf(components, m),
                    Arrays.copyOf(pDraws, m), Arrays.copyOf(pTruth, m), level);
        }

        /** A plain-text table, one line per shell. */
        public String table() {
            StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT,
                    "%8s %6s %8s %8s %8s %8s %9s %11s %11s%n", "k", "modes", "r(mean)", "T(mean)", "r(draw)", "T(draw)",
                    "cover" + Math.round(100 * level), "P(draws)", "P(truth)"));
            for (int i = 0; i < k.length; i++) {
                b.append(String.format(java.util.Locale.ROOT, "%8.4f %6d %8.3f %8.3f %8.3f %8.3f %9.3f %11.4g %11.4g%n", k[i],
                        modes[i], rMean[i], tMean[i], rDraws[i], tDraws[i], coverage[i], pDraws[i], pTruth[i]));
            }
            return b.toString();
        }
    }

    private FieldValidation() {
    }

    /**
     * @param draws  N posterior draws of the field, each flat row-major on the grid
     * @param truth  the true field
     * @param level  the central interval checked for coverage, e.g. 0.68
     */
    public static Report of(double[][] draws, double[] truth, int grid, int dims, double length, double level) {
        if (draws == null || draws.length < 2) {
            throw new IllegalArgumentException("field validation needs at least 2 draws, got " + (draws == null ? 0 : draws.length));
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("coverage level must lie in (0, 1), got " + level);
        }
        Mesh mesh = new Mesh(grid, length, dims);
        int cells = mesh.cells();
        for (int i = 0; i < draws.length; i++) {
            if (draws[i].length != cells) {
                throw new IllegalArgumentException("draw " + i + " has " + draws[i].length + " values; the grid has " + cells);
            }
        }
        if (truth.length != cells) {
            throw new IllegalArgumentException("the true field has " + truth.length + " values; the grid has " + cells);
        }
        int n = draws.length;
        double[] mean = new double[cells];
        for (double[] d : draws) {
            for (int c = 0; c < cells; c++) {
                mean[c] += d[c] / n;
            }
        }
        PowerSpectrum.Cross m = PowerSpectrum.cross(mean, truth, grid, dims, length, 1);
        int nb = m.k().length;
        double[] rD = new double[nb];
        double[] tD = new double[nb];
        double[] pD = new double[nb];
        for (double[] d : draws) {
            PowerSpectrum.Cross c = PowerSpectrum.cross(d, truth, grid, dims, length, 1);
            for (int b = 0; b < nb; b++) {
                rD[b] += c.r()[b] / n;
                tD[b] += c.transfer()[b] / n;
                pD[b] += c.pA()[b] / n;
            }
        }
        double[][] coverage = coverage(mesh, draws, truth, level);
        // PowerSpectrum reports the shells that hold modes, in order: b = 1, 2, ... (the DC shell holds none)
        double[] cov = new double[nb];
        int[] comps = new int[nb];
        int filled = 0;
        for (int b = 1; b < coverage[0].length && filled < nb; b++) {
            if (coverage[1][b] > 0) {
                cov[filled] = coverage[0][b] / coverage[1][b];
                comps[filled] = (int) coverage[1][b];
                filled++;
            }
        }
        return new Report(m.k(), m.modes(), m.r(), m.transfer(), rD, tD, cov, comps, pD, m.pB(), level);
    }

    /**
     * Reports of several held-out fields on one grid pooled per shell: coverage over all their
     * components, modes and components summed, the other columns averaged.
     */
    public static Report pool(java.util.List<Report> reports) {
        if (reports == null || reports.isEmpty()) {
            throw new IllegalArgumentException("nothing to pool: no field reports");
        }
        Report first = reports.get(0);
        int nb = first.k().length;
        int m = reports.size();
        long[] modes = new long[nb];
        int[] comps = new int[nb];
        double[] hits = new double[nb];
        double[][] avg = new double[6][nb];
        for (Report r : reports) {
            if (r.k().length != nb || r.level() != first.level()) {
                throw new IllegalArgumentException("field reports on different grids or levels cannot be pooled");
            }
            double[][] cols = {r.rMean(), r.tMean(), r.rDraws(), r.tDraws(), r.pDraws(), r.pTruth()};
            for (int b = 0; b < nb; b++) {
                modes[b] += r.modes()[b];
                comps[b] += r.components()[b];
                hits[b] += r.coverage()[b] * r.components()[b];
                for (int c = 0; c < cols.length; c++) {
                    avg[c][b] += cols[c][b] / m;
                }
            }
        }
        double[] cov = new double[nb];
        for (int b = 0; b < nb; b++) {
            cov[b] = comps[b] == 0 ? Double.NaN : hits[b] / comps[b];
        }
        return new Report(first.k().clone(), modes, avg[0], avg[1], avg[2], avg[3], cov, comps, avg[4], avg[5], first.level());
    }

    /**
     * Per shell b = ⌊|n|⌋: [covered count, component count] over the real and imaginary parts of the
     * independent modes (one of each ±k pair; self-conjugate modes by their real part alone).
     */
    static double[][] coverage(Mesh mesh, double[][] draws, double[] truth, double level) {
        int n = mesh.n();
        int dims = mesh.dims();
        int nb = (int) Math.floor(Math.sqrt(dims) * (n / 2)) + 2;
        double[] hit = new double[nb];
        double[] count = new double[nb];
        double[][] spec = new double[draws.length][];
        for (int i = 0; i < draws.length; i++) {
            spec[i] = mesh.spectrum(draws[i]);
        }
        double[] t = mesh.spectrum(truth);
        double lo = (1 - level) / 2;
        double[] vals = new double[draws.length];
        for (int i0 = 0; i0 < mesh.slices(); i0++) {
            int n0 = dims == 3 ? mesh.signed(i0) : 0;
            int j0 = dims == 3 ? (n - i0) % n : 0;
            for (int i1 = 0; i1 < n; i1++) {
                int j1 = (n - i1) % n;
                for (int i2 = 0; i2 < n; i2++) {
                    int j2 = (n - i2) % n;
                    int p = (i0 * n + i1) * n + i2;
                    int q = (j0 * n + j1) * n + j2;
                    if (p > q || p == 0) {
                        continue;
                    }
                    int n1 = mesh.signed(i1);
                    int n2 = mesh.signed(i2);
                    int b = (int) Math.sqrt((double) n0 * n0 + (double) n1 * n1 + (double) n2 * n2);
                    for (int part = 0; part < (p == q ? 1 : 2); part++) {
                        for (int i = 0; i < draws.length; i++) {
                            vals[i] = spec[i][2 * p + part];
                        }
                        Arrays.sort(vals);
                        double a = quantile(vals, lo);
                        double z = quantile(vals, 1 - lo);
                        double v = t[2 * p + part];
                        count[b]++;
                        if (v >= a && v <= z) {
                            hit[b]++;
                        }
                    }
                }
            }
        }
        return new double[][] {hit, count};
    }

    /** Linear-interpolated quantile of sorted values (numpy's default). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, sorted.length - 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }
}
