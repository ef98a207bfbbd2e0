package org.orrery.diagnostics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * How far an observation lies from the simulations a posterior was trained on, in the space the
 * network sees (the simulator's observable, z-scored per dimension as the estimators do): the
 * per-dimension z-scores, the Mahalanobis distance under the training covariance (diagonal when
 * there are more dimensions than {@link #FULL_COVARIANCE_MAX} or fewer simulations than twice the
 * dimensions), and the fraction of training simulations that are farther away by the same
 * measure. A network extrapolates with confidence where it saw no data, so an observation farther
 * out than (almost) every simulation deserves a warning, not samples without comment.
 */
public final class OutOfDistribution {

    /** Largest dimension for which the full covariance is used. */
    public static final int FULL_COVARIANCE_MAX = 512;
    /** Warn when fewer than this fraction of training simulations are farther away. */
    public static final double WARN_FRACTION = 1e-3;
    /** ... or when one dimension lies this many standard deviations out. */
    public static final double WARN_Z = 6;

    /**
     * The score.
     *
     * @param z               per-dimension z-score of the observation
     * @param maxAbsZ         the largest |z|
     * @param worst           the dimension of the largest |z|
     * @param mahalanobis     distance from the training mean under the training covariance
     * @param fractionFarther fraction of training simulations at a larger distance
     * @param simulations     how many training simulations were compared
     * @param fullCovariance  whether the full covariance (true) or its diagonal (false) was used
     */
    public record Score(double[] z, double maxAbsZ, int worst, double mahalanobis, double fractionFarther,
            int simulations, boolean fullCovariance) {

        /** True when the observation is outside what training covered. */
        public boolean warn() {
            return !(fractionFarther >= WARN_FRACTION) || !(maxAbsZ <= WARN_Z);
        }

        /** One line for the terminal. */
        public String summary() {
            return String.format(Locale.ROOT, "observation vs %d training simulations: Mahalanobis distance %.3g, %s of them"
                    + " farther away, largest |z| %.3g (dimension %d)%s", simulations, mahalanobis,
                    fractionFarther == 0 ? "none" : String.format(Locale.ROOT, "%.3g%%", 100 * fractionFarther), maxAbsZ, worst + 1,
                    warn() ? ": OUTSIDE the training distribution, the posterior is an extrapolation" : "");
        }

        /** Provenance/metadata fields (strings) for samples files and reports. */
        public Map<String, String> metadata() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("ood_mahalanobis", Double.toString(mahalanobis));
            m.put("ood_fraction_farther", Double.toString(fractionFarther));
            m.put("ood_max_abs_z", Double.toString(maxAbsZ));
            m.put("ood_training_simulations", Integer.toString(simulations));
            m.put("ood_warning", Boolean.toString(warn()));
            return m;
        }
    }

    private OutOfDistribution() {
    }

    /** Scores {@code observation} (flat, length d) against {@code training} ([n][d]). */
    public static Score score(double[][] training, double[] observation) {
        int n = training.length;
        int d = observation.length;
        if (n < 2) {
            throw new IllegalArgumentException("an out-of-distribution score needs at least 2 training simulations, got " + n);
        }
        double[] mean = new double[d];
        for (double[] x : training) {
            if (x.length != d) {
                throw new IllegalArgumentException("training simulation has " + x.length + " values, the observation " + d);
            }
            for (int j = 0; j < d; j++) {
                mean[j] += x[j] / n;
            }
        }
        double[] sd = new double[d];
        for (double[] x : training) {
            for (int j = 0; j < d; j++) {
                sd[j] += (x[j] - mean[j]) * (x[j] - mean[j]) / (n - 1);
            }
        }
        for (int j = 0; j < d; j++) {
            sd[j] = Math.sqrt(sd[j]);
            if (!(sd[j] > 0)) {
                sd[j] = Math.max(1e-12, 1e-12 * Math.abs(mean[j])); // a constant output: any change is far out
            }
        }
        double[] z = new double[d];
        double maxAbs = 0;
        int worst = 0;
        for (int j = 0; j < d; j++) {
            z[j] = (observation[j] - mean[j]) / sd[j];
            if (!(Math.abs(z[j]) <= maxAbs)) {
                maxAbs = Math.abs(z[j]);
                worst = j;
            }
        }
        boolean full = d <= FULL_COVARIANCE_MAX && n >= 2 * d;
        java.util.function.ToDoubleFunction<double[]> dist;
        if (full) {
            double[][] c = new double[d][d];
            for (double[] x : training) {
                for (int a = 0; a < d; a++) {
                    double za = (x[a] - mean[a]) / sd[a];
                    for (int b = 0; b <= a; b++) {
                        c[a][b] += za * (x[b] - mean[b]) / sd[b] / (n - 1);
                    }
                }
            }
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < a; b++) {
                    c[b][a] = c[a][b];
                }
                c[a][a] += 1e-9; // a degenerate direction must not make the distance blow up by rounding alone
            }
            RealMatrix lInv;
            try {
                RealMatrix l = new CholeskyDecomposition(MatrixUtils.createRealMatrix(c), 1e-12, 1e-14).getL();
                lInv = MatrixUtils.inverse(l);
            } catch (RuntimeException e) {
                full = false;
                lInv = null;
            }
            if (full) {
                double[][] li = lInv.getData();
                dist = x -> {
                    double s = 0;
                    for (int a = 0; a < d; a++) {
                        double v = 0;
                        for (int b = 0; b <= a; b++) {
                            v += li[a][b] * (x[b] - mean[b]) / sd[b];
                        }
                        s += v * v;
                    }
                    return Math.sqrt(s);
                };
            } else {
                dist = diagonal(mean, sd);
            }
        } else {
            dist = diagonal(mean, sd);
        }
        double m = dist.applyAsDouble(observation);
        long farther = 0;
        for (double[] x : training) {
            if (dist.applyAsDouble(x) > m) {
                farther++;
            }
        }
        return new Score(z, maxAbs, worst, m, (double) farther / n, n, full);
    }

    private static java.util.function.ToDoubleFunction<double[]> diagonal(double[] mean, double[] sd) {
        return x -> {
            double s = 0;
            for (int j = 0; j < mean.length; j++) {
                double v = (x[j] - mean[j]) / sd[j];
                s += v * v;
            }
            return Math.sqrt(s);
        };
    }

    /** For messages: the z-scores as a short list. */
    static String zList(double[] z) {
        return Arrays.toString(Arrays.stream(z).limit(8).map(v -> Math.round(v * 100) / 100.0).toArray());
    }
}
