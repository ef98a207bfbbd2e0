package org.orrery.posteriors.interpolant.internal;

import org.orrery.mesh.Mesh;
import org.orrery.simulators.cosmology.internal.LinearField;
import org.orrery.simulators.cosmology.internal.WienerFilter;

/**
 * The exact posterior of the linear Gaussian field problem, marginalised over the amplitude A on a
 * fine grid of its uniform prior (p(A | δ_obs) from the exact per-mode Gaussian likelihood), and the
 * per-k-bin comparison of posterior draws with it: for each bin b of modes,
 * <pre>
 *   meanError_b = Σ_k |m̂_k − m_k|² / Σ_k v_k      (m̂ the draws' mean; 1/M expected from M draws alone)
 *   varRatio_b  = Σ_k ŝ²_k / Σ_k v_k               (ŝ² the draws' variance; 1 expected)
 * </pre>
 * with m_k and v_k the exact marginal mean and variance of δ_k (= the Wiener mean W·o_k/(DK) and
 * S·N/(S+N)/(DK)² averaged over p(A | δ_obs)).
 */
final class WienerCheck {

    record Result(int[] modes, double[] meanError, double[] varRatio, double[] priorRatio, double thetaMean,
            double thetaSd, double drawsThetaMean, double drawsThetaSd, int draws) {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(String.format("A: exact %.4f ± %.4f, draws %.4f ± %.4f (%d draws)%n",
                    thetaMean, thetaSd, drawsThetaMean, drawsThetaSd, draws));
            b.append("bin modes meanError(1/M=").append(String.format("%.4f", 1.0 / draws)).append(") varRatio priorVar/postVar\n");
            for (int i = 0; i < modes.length; i++) {
                b.append(String.format("%3d %5d %9.4f %9.3f %9.2f%n", i, modes[i], meanError[i], varRatio[i], priorRatio[i]));
            }
            return b.toString();
        }
    }

    private WienerCheck() {
    }

    static int bin(double k, Mesh mesh, int bins) {
        double kmax = mesh.kF() * mesh.n() / 2 * Math.sqrt(mesh.dims());
        return Math.min(bins - 1, (int) (k / kmax * bins));
    }

    static Result compare(LinearField sim, double[] obs, double[][] fields, double[][] thetas, int bins) {
        WienerFilter w = sim.wiener();
        Mesh mesh = w.mesh();
        int cells = mesh.cells();
        int grid = 401;
        double lo = sim.amplitudeMin();
        double hi = sim.amplitudeMax();
        double[] ll = new double[grid];
        double max = Double.NEGATIVE_INFINITY;
        for (int g = 0; g < grid; g++) {
            ll[g] = w.logLikelihood(obs, lo + (hi - lo) * (g + 0.5) / grid);
            max = Math.max(max, ll[g]);
        }
        double z = 0;
        for (int g = 0; g < grid; g++) {
            ll[g] = Math.exp(ll[g] - max);
            z += ll[g];
        }
        double[] mean = new double[2 * cells];
        double[] second = new double[cells];
        double am = 0;
        double a2 = 0;
        for (int g = 0; g < grid; g++) {
            double wt = ll[g] / z;
            if (wt < 1e-12) {
                continue;
            }
            double a = lo + (hi - lo) * (g + 0.5) / grid;
            am += wt * a;
            a2 += wt * a * a;
            double[] m = w.meanSpectrum(obs, a);
            double[] v = w.varianceSpectrum(a);
            for (int k = 0; k < cells; k++) {
                mean[2 * k] += wt * m[2 * k];
                mean[2 * k + 1] += wt * m[2 * k + 1];
                second[k] += wt * (v[k] + m[2 * k] * m[2 * k] + m[2 * k + 1] * m[2 * k + 1]);
            }
        }
        double[] var = new double[cells];
        for (int k = 0; k < cells; k++) {
            var[k] = second[k] - mean[2 * k] * mean[2 * k] - mean[2 * k + 1] * mean[2 * k + 1];
        }
        int mDraws = fields.length;
        double[] sm = new double[2 * cells];
        double[] s2 = new double[cells];
        double[][] specs = new double[mDraws][];
        for (int i = 0; i < mDraws; i++) {
            specs[i] = mesh.spectrum(fields[i]);
            for (int k = 0; k < 2 * cells; k++) {
                sm[k] += specs[i][k] / mDraws;
            }
        }
        for (int i = 0; i < mDraws; i++) {
            for (int k = 0; k < cells; k++) {
                double dr = specs[i][2 * k] - sm[2 * k];
                double di = specs[i][2 * k + 1] - sm[2 * k + 1];
                s2[k] += (dr * dr + di * di) / (mDraws - 1);
            }
        }
        double[] prior = w.signalSpectrum(am);
        int[] modes = new int[bins];
        double[] err = new double[bins];
        double[] vs = new double[bins];
        double[] vv = new double[bins];
        double[] pv = new double[bins];
        int n = mesh.n();
        for (int i0 = 0; i0 < mesh.slices(); i0++) {
            int n0 = mesh.dims() == 3 ? mesh.signed(i0) : 0;
            for (int i1 = 0; i1 < n; i1++) {
                for (int i2 = 0; i2 < n; i2++) {
                    int k = (i0 * n + i1) * n + i2;
                    if (k == 0) {
                        continue;
                    }
                    int b = bin(w.k(n0, mesh.signed(i1), mesh.signed(i2)), mesh, bins);
                    modes[b]++;
                    double dr = sm[2 * k] - mean[2 * k];
                    double di = sm[2 * k + 1] - mean[2 * k + 1];
                    err[b] += dr * dr + di * di;
                    vs[b] += s2[k];
                    vv[b] += var[k];
                    pv[b] += prior[k];
                }
            }
        }
        double[] meanError = new double[bins];
        double[] ratio = new double[bins];
        double[] priorRatio = new double[bins];
        for (int b = 0; b < bins; b++) {
            meanError[b] = err[b] / vv[b];
            ratio[b] = vs[b] / vv[b];
            priorRatio[b] = pv[b] / vv[b];
        }
        double tm = 0;
        double t2 = 0;
        for (double[] t : thetas) {
            tm += t[0] / mDraws;
        }
        for (double[] t : thetas) {
            t2 += (t[0] - tm) * (t[0] - tm) / (mDraws - 1);
        }
        return new Result(modes, meanError, ratio, priorRatio, am, Math.sqrt(Math.max(a2 - am * am, 0)), tm, Math.sqrt(t2), mDraws);
    }
}
