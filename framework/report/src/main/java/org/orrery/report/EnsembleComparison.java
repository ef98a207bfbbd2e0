package org.orrery.report;

import java.util.List;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.orrery.validation.Series;

/**
 * Generated-vs-reference comparison of one statistic over two ensembles. Per bin: each ensemble's
 * mean and sample standard deviation (n−1), and the residual Δ/σ = (mean_g − mean_r)/√(s_g²/n_g +
 * s_r²/n_r), the standard error of the difference of means, so that χ²/dof ≈ 1 when both ensembles
 * come from the same model whatever their sizes. χ² = Σ(Δ/σ)² treats bins as independent (bin
 * covariance is ignored); bins with σ = 0 or non-finite values are left out of χ² and dof.
 *
 * <p>With σ estimated from few members, Δ/σ is Student-t rather than normal (Welch), so Σ(Δ/σ)² runs
 * above dof even for one model (E[t²] = ν/(ν−2)). {@link #pValue()} therefore maps each bin's Δ/σ
 * to the normal deviate with the same tail probability under Student's t with the
 * Welch–Satterthwaite ν before summing, which makes it a calibrated χ²_dof test for independent bins.
 *
 * <p>A pure function of its inputs; arrays are copied in and out.
 */
public record EnsembleComparison(double[] x, double[] meanGenerated, double[] sigmaGenerated, double[] meanReference,
                                 double[] sigmaReference, double[] residual, double chi2, int dof, double maxAbsResidual,
                                 double pValue, int membersGenerated, int membersReference) {

    public EnsembleComparison {
        int n = x.length;
        for (double[] a : List.of(meanGenerated, sigmaGenerated, meanReference, sigmaReference, residual)) {
            if (a.length != n) {
                throw new IllegalArgumentException("comparison arrays must all have " + n + " bins, got " + a.length);
            }
        }
        if (dof < 0 || dof > n) {
            throw new IllegalArgumentException("dof must be in [0, " + n + "], got " + dof);
        }
        if (!(Double.isNaN(pValue) || pValue >= 0 && pValue <= 1)) {
            throw new IllegalArgumentException("p-value must be in [0, 1], got " + pValue);
        }
        if (membersGenerated < 2 || membersReference < 2) {
            throw new IllegalArgumentException("each ensemble needs at least 2 members, got " + membersGenerated
                    + " and " + membersReference);
        }
        x = x.clone();
        meanGenerated = meanGenerated.clone();
        sigmaGenerated = sigmaGenerated.clone();
        meanReference = meanReference.clone();
        sigmaReference = sigmaReference.clone();
        residual = residual.clone();
    }

    public double chi2PerDof() {
        return dof > 0 ? chi2 / dof : Double.NaN;
    }

    /** Standard error of the generated mean, s_g/√n_g, per bin. */
    public double[] standardErrorGenerated() {
        return scaled(sigmaGenerated, membersGenerated);
    }

    /** Standard error of the reference mean, s_r/√n_r, per bin. */
    public double[] standardErrorReference() {
        return scaled(sigmaReference, membersReference);
    }

    /**
     * @param generated [members][bins], reference [members][bins]; at least two members each
     * @throws IllegalArgumentException for fewer than two members or rows of the wrong length
     */
    public static EnsembleComparison compare(double[] x, double[][] generated, double[][] reference) {
        if (x == null) {
            throw new IllegalArgumentException("comparison needs bin positions x");
        }
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
        double z2 = 0;
        int dof = 0;
        double maxAbs = 0;
        int ng = generated.length;
        int nr = reference.length;
        for (int i = 0; i < nb; i++) {
            double a = sg[i] * sg[i] / ng;
            double b = sr[i] * sr[i] / nr;
            double se = Math.sqrt(a + b);
            res[i] = se > 0 && Double.isFinite(se) ? (mg[i] - mr[i]) / se : Double.NaN;
            if (Double.isFinite(res[i])) {
                chi2 += res[i] * res[i];
                dof++;
                maxAbs = Math.max(maxAbs, Math.abs(res[i]));
                double nu = (a + b) * (a + b) / (a * a / (ng - 1) + b * b / (nr - 1));
                double z = normalDeviate(Math.abs(res[i]), nu);
                z2 += z * z;
            }
        }
        double p = dof == 0 ? Double.NaN : Double.isInfinite(z2) ? 0
                : 1 - new ChiSquaredDistribution(null, dof).cumulativeProbability(z2);
        return new EnsembleComparison(x, mg, sg, mr, sr, res, chi2, dof, dof > 0 ? maxAbs : Double.NaN, p, ng, nr);
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
            } else if (!sameBins(x0, s.x())) {
                throw new IllegalArgumentException("series " + name + " of member " + m + " has different bins than member 0");
            }
            out[m] = s.y().clone();
        }
        return out;
    }

    /**
     * Equal bins up to 1e-9 relative: bin centres such as the mean |k| of a shell are sums that a
     * multi-threaded statistic may add in a different order for each member.
     */
    public static boolean sameBins(double[] a, double[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= 1e-9 * Math.max(1, Math.max(Math.abs(a[i]), Math.abs(b[i]))))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] meanGenerated() {
        return meanGenerated.clone();
    }

    @Override
    public double[] sigmaGenerated() {
        return sigmaGenerated.clone();
    }

    @Override
    public double[] meanReference() {
        return meanReference.clone();
    }

    @Override
    public double[] sigmaReference() {
        return sigmaReference.clone();
    }

    @Override
    public double[] residual() {
        return residual.clone();
    }

    /** The standard normal deviate with the same upper tail as |t| under Student's t with ν dof. */
    static double normalDeviate(double t, double nu) {
        double tail = new TDistribution(null, nu).cumulativeProbability(-t);
        // from the small tail, not 1 − tail, so that large |t| keep their size instead of rounding to ∞
        return tail <= 0 ? Double.POSITIVE_INFINITY : -NORMAL.inverseCumulativeProbability(tail);
    }

    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    private static double[] scaled(double[] sigma, int n) {
        double[] out = new double[sigma.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = sigma[i] / Math.sqrt(n);
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
