package org.orrery.validation.clustering.internal;

import java.util.Arrays;
import java.util.List;
import org.orrery.validation.Series;

/**
 * Generated-vs-reference comparison of one statistic over two ensembles. Per bin: each ensemble's
 * mean and sample standard deviation (n−1), and the residual Δ/σ = (mean_g − mean_r)/√(s_g²/n_g +
 * s_r²/n_r), the standard error of the difference of means, so that χ²/dof ≈ 1 when both ensembles
 * come from the same model whatever their sizes. χ² = Σ(Δ/σ)² treats bins as independent (bin
 * covariance is ignored); bins with σ = 0 or non-finite values are left out of χ² and dof.
 */
public record EnsembleComparison(double[] x, double[] meanGenerated, double[] sigmaGenerated, double[] meanReference,
                                 double[] sigmaReference, double[] residual, double chi2, int dof, double maxAbsResidual) {

    public double chi2PerDof() {
        return dof > 0 ? chi2 / dof : Double.NaN;
    }

    /** @param generated [members][bins], reference [members][bins]; at least two members each */
    public static EnsembleComparison compare(double[] x, double[][] generated, double[][] reference) {
        int nb = x.length;
        check(generated, nb, "generated");
        check(reference, nb, "reference");
        double[] mg = new double[nb];
        double[] sg = new double[nb];
        double[] mr = new double[nb];
        double[] sr = new double[nb];
        moments(generated, mg, sg);
        moments(reference, mr, sr);
        double[] res = new double[nb];
        double chi2 = 0;
        int dof = 0;
        double maxAbs = 0;
        for (int i = 0; i < nb; i++) {
            double se = Math.sqrt(sg[i] * sg[i] / generated.length + sr[i] * sr[i] / reference.length);
            res[i] = se > 0 && Double.isFinite(se) ? (mg[i] - mr[i]) / se : Double.NaN;
            if (Double.isFinite(res[i])) {
                chi2 += res[i] * res[i];
                dof++;
                maxAbs = Math.max(maxAbs, Math.abs(res[i]));
            }
        }
        return new EnsembleComparison(x.clone(), mg, sg, mr, sr, res, chi2, dof, dof > 0 ? maxAbs : Double.NaN);
    }

    /** The y values of the series named {@code name} from each member's output, checking that x agrees. */
    public static double[][] collect(List<List<Series>> members, String name) {
        double[][] out = new double[members.size()][];
        double[] x0 = null;
        for (int m = 0; m < members.size(); m++) {
            Series s = members.get(m).stream().filter(t -> t.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("statistic output has no series named " + name));
            if (x0 == null) {
                x0 = s.x();
            } else if (!Arrays.equals(x0, s.x())) {
                throw new IllegalArgumentException("series " + name + " of member " + m + " has different bins than member 0");
            }
            out[m] = s.y().clone();
        }
        return out;
    }

    private static void check(double[][] e, int nb, String what) {
        if (e == null || e.length < 2) {
            throw new IllegalArgumentException(what + " ensemble needs at least 2 members, got " + (e == null ? 0 : e.length));
        }
        for (int m = 0; m < e.length; m++) {
            if (e[m].length != nb) {
                throw new IllegalArgumentException(what + " member " + m + " has " + e[m].length + " bins, expected " + nb);
            }
        }
    }

    private static void moments(double[][] e, double[] mean, double[] sd) {
        int n = e.length;
        for (double[] row : e) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += row[i] / n;
            }
        }
        for (double[] row : e) {
            for (int i = 0; i < mean.length; i++) {
                double d = row[i] - mean[i];
                sd[i] += d * d / (n - 1);
            }
        }
        for (int i = 0; i < sd.length; i++) {
            sd[i] = Math.sqrt(sd[i]);
        }
    }
}
