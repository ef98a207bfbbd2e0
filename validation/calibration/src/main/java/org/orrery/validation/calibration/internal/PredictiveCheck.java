package org.orrery.validation.calibration.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.posterior.Posterior;
import org.orrery.validation.Metric;
import org.orrery.validation.ValidationResult;

/**
 * Posterior predictive check: x_rep ~ p(x | θ) with θ ~ q(θ | x_obs), compared with x_obs. Reports
 * for each observable component the predictive p-value P(x_rep,k < x_obs,k) (ties count half) and a
 * joint Mahalanobis p-value: the fraction of replicates whose distance d² = (x − μ)ᵀ S⁻¹ (x − μ)
 * from the predictive mean, in the predictive covariance, is at least that of x_obs (with the usual
 * +1 so that it is a valid p-value). Passes when that joint p-value exceeds 0.01.
 *
 * <p>Not a {@code Validator} service: it needs the simulator, which the Validator API does not pass;
 * the CLI wires it with the simulator plugin's {@code simulate}.
 */
public final class PredictiveCheck {

    static final double ALPHA = 0.01;

    private final BiFunction<double[], UniformRandomProvider, double[]> simulator;
    private final int draws;

    /**
     * @param simulator (θ, rng) → x
     * @param draws     number of posterior predictive replicates
     */
    public PredictiveCheck(BiFunction<double[], UniformRandomProvider, double[]> simulator, int draws) {
        if (simulator == null) {
            throw new IllegalArgumentException("a predictive check needs a simulator");
        }
        if (draws < 20) {
            throw new IllegalArgumentException("a predictive check needs at least 20 draws, got: " + draws);
        }
        this.simulator = simulator;
        this.draws = draws;
    }

    public ValidationResult check(Posterior posterior, double[] observed, UniformRandomProvider rng) {
        int dim = observed.length;
        if (draws <= 2 * dim) {
            throw new IllegalArgumentException("ppc: " + draws + " draws are too few for a " + dim
                    + "-dimensional observable; use more than " + 2 * dim);
        }
        double[][] thetas = posterior.sample(observed, draws, rng);
        double[][] rep = new double[draws][];
        for (int s = 0; s < draws; s++) {
            rep[s] = simulator.apply(thetas[s], rng);
            if (rep[s].length != dim) {
                throw new IllegalArgumentException("ppc: the simulator returned " + rep[s].length + " values, the observation has " + dim);
            }
        }
        List<Metric> metrics = new ArrayList<>();
        double minTwoSided = 1;
        for (int k = 0; k < dim; k++) {
            double below = 0;
            for (double[] r : rep) {
                below += r[k] < observed[k] ? 1 : r[k] == observed[k] ? 0.5 : 0;
            }
            double p = below / draws;
            minTwoSided = Math.min(minTwoSided, 2 * Math.min(p, 1 - p));
            metrics.add(new Metric("predictive_pvalue_x" + k, p, Math.sqrt(p * (1 - p) / draws),
                    "fraction of posterior predictive draws below the observed component " + k));
        }
        double[] mean = new double[dim];
        for (double[] r : rep) {
            for (int k = 0; k < dim; k++) {
                mean[k] += r[k] / draws;
            }
        }
        RealMatrix cov = MatrixUtils.createRealMatrix(dim, dim);
        for (double[] r : rep) {
            for (int a = 0; a < dim; a++) {
                for (int b = 0; b <= a; b++) {
                    cov.addToEntry(a, b, (r[a] - mean[a]) * (r[b] - mean[b]) / (draws - 1));
                }
            }
        }
        for (int a = 0; a < dim; a++) {
            for (int b = 0; b < a; b++) {
                cov.setEntry(b, a, cov.getEntry(a, b));
            }
        }
        CholeskyDecomposition chol;
        try {
            chol = new CholeskyDecomposition(cov);
        } catch (NonPositiveDefiniteMatrixException e) {
            throw new IllegalArgumentException("ppc: the predictive covariance is singular (constant or collinear observable components)", e);
        }
        var solver = chol.getSolver();
        double observedD2 = mahalanobis2(observed, mean, solver);
        int asFar = 0;
        for (double[] r : rep) {
            if (mahalanobis2(r, mean, solver) >= observedD2) {
                asFar++;
            }
        }
        double pJoint = (asFar + 1.0) / (draws + 1.0);
        boolean passed = pJoint > ALPHA;
        metrics.add(new Metric("mahalanobis_pvalue", pJoint, Double.NaN,
                "fraction of predictive draws at least as far (Mahalanobis) from the predictive mean as x_obs; pass > " + ALPHA));
        metrics.add(new Metric("mahalanobis_distance2", observedD2, Double.NaN, "squared Mahalanobis distance of x_obs"));
        metrics.add(new Metric("min_two_sided_pvalue", minTwoSided, Double.NaN, "smallest per-component two-sided predictive p-value"));
        String summary = String.format("Posterior predictive check with %d draws: Mahalanobis p = %.3g, smallest per-component two-sided p = %.3g",
                draws, pJoint, minTwoSided);
        return new ValidationResult("ppc", passed, summary, metrics, List.of());
    }

    private static double mahalanobis2(double[] x, double[] mean, org.apache.commons.math3.linear.DecompositionSolver solver) {
        double[] d = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            d[k] = x[k] - mean[k];
        }
        RealVector v = MatrixUtils.createRealVector(d);
        return v.dotProduct(solver.solve(v));
    }
}
