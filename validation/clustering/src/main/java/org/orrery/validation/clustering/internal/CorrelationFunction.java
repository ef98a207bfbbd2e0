package org.orrery.validation.clustering.internal;

/** Two-point correlation function estimators on top of {@link PairCounter}. */
public final class CorrelationFunction {

    /**
     * ξ with its Poisson error σ = √DD / RR (the dominant term for sparse pairs; it ignores
     * sample variance).
     */
    public record Xi(double[] edges, double[] r, double[] xi, double[] error, long[] dd) {
    }

    /** ξ_ℓ(s), ℓ = 0, 2, 4, from ξ(s, μ) with μ in [0, 1]. */
    public record Multipoles(double[] edges, double[] s, double[] xi0, double[] xi2, double[] xi4) {
    }

    private CorrelationFunction() {
    }

    /** Natural estimator DD/RR − 1 in a periodic box with analytic RR = N(N−1)/2 · V_shell/V. */
    public static Xi periodic(double[] pos, double box, double[] edges, int threads) {
        PairCounter.Counts dd = PairCounter.auto(pos, edges, box, threads);
        double n = pos.length / 3.0;
        int nb = edges.length - 1;
        double[] xi = new double[nb];
        double[] err = new double[nb];
        long[] counts = new long[nb];
        for (int i = 0; i < nb; i++) {
            double rr = n * (n - 1) / 2 * shellVolume(edges[i], edges[i + 1]) / (box * box * box);
            counts[i] = dd.count(i);
            xi[i] = counts[i] / rr - 1;
            err[i] = Math.sqrt(counts[i]) / rr;
        }
        return new Xi(edges.clone(), centres(edges), xi, err, counts);
    }

    /**
     * Landy–Szalay (DD − 2DR + RR)/RR with normalised counts, for a survey-like volume described by a
     * random catalogue (not periodic). The error is the Poisson term √DD/(N_DD·RR_norm).
     */
    public static Xi landySzalay(double[] data, double[] randoms, double[] edges, int threads) {
        PairCounter.Counts dd = PairCounter.auto(data, edges, Double.NaN, threads);
        PairCounter.Counts dr = PairCounter.cross(data, randoms, edges, Double.NaN, threads);
        PairCounter.Counts rr = PairCounter.auto(randoms, edges, Double.NaN, threads);
        double nd = data.length / 3.0;
        double nr = randoms.length / 3.0;
        double ndd = nd * (nd - 1) / 2;
        double ndr = nd * nr;
        double nrr = nr * (nr - 1) / 2;
        int nb = edges.length - 1;
        double[] xi = new double[nb];
        double[] err = new double[nb];
        long[] counts = new long[nb];
        for (int i = 0; i < nb; i++) {
            counts[i] = dd.count(i);
            double d = counts[i] / ndd;
            double x = dr.count(i) / ndr;
            double r = rr.count(i) / nrr;
            xi[i] = r > 0 ? (d - 2 * x + r) / r : Double.NaN;
            err[i] = r > 0 ? Math.sqrt(counts[i]) / ndd / r : Double.NaN;
        }
        return new Xi(edges.clone(), centres(edges), xi, err, counts);
    }

    /**
     * Multipoles of ξ(s, μ) in a periodic box: ξ(s, μ) = DD/RR − 1 with RR(s, μ) = RR(s)/n_μ, and
     * ξ_ℓ = (2ℓ+1) Σ_j ξ(s, μ_j) ∫_{μ_j} L_ℓ dμ (exact integrals over each μ bin, so an isotropic ξ
     * gives ξ₂ = ξ₄ = 0 up to rounding).
     */
    public static Multipoles periodicMultipoles(double[] pos, double box, double[] edges, int nmu, int axis, int threads) {
        PairCounter.Counts dd = PairCounter.autoSmu(pos, edges, nmu, axis, box, threads);
        double n = pos.length / 3.0;
        int nb = edges.length - 1;
        double[] x0 = new double[nb];
        double[] x2 = new double[nb];
        double[] x4 = new double[nb];
        for (int i = 0; i < nb; i++) {
            double rr = n * (n - 1) / 2 * shellVolume(edges[i], edges[i + 1]) / (box * box * box) / nmu;
            for (int j = 0; j < nmu; j++) {
                double lo = (double) j / nmu;
                double hi = (double) (j + 1) / nmu;
                double xi = dd.counts()[i * nmu + j] / rr - 1;
                x0[i] += xi * (hi - lo);
                x2[i] += 5 * xi * (intL2(hi) - intL2(lo));
                x4[i] += 9 * xi * (intL4(hi) - intL4(lo));
            }
        }
        return new Multipoles(edges.clone(), centres(edges), x0, x2, x4);
    }

    static double shellVolume(double r0, double r1) {
        return 4.0 / 3.0 * Math.PI * (r1 * r1 * r1 - r0 * r0 * r0);
    }

    static double[] centres(double[] edges) {
        double[] c = new double[edges.length - 1];
        for (int i = 0; i < c.length; i++) {
            c[i] = 0.5 * (edges[i] + edges[i + 1]);
        }
        return c;
    }

    private static double intL2(double m) {
        return 0.5 * (m * m * m - m);
    }

    private static double intL4(double m) {
        return (7 * Math.pow(m, 5) - 10 * m * m * m + 3 * m) / 8;
    }
}
