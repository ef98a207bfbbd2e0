package org.orrery.testkit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.data.ArraySpec;
import org.orrery.data.Box;
import org.orrery.data.SimulationSet;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.posterior.Posterior;
import org.orrery.posterior.PosteriorEstimator;
import org.orrery.posterior.TrainingListener;
import org.orrery.validation.Metric;
import org.orrery.validation.Series;
import org.orrery.validation.Statistic;
import org.orrery.validation.ValidationResult;
import org.orrery.validation.Validator;

/** Small, correct plugins of the other kinds, for the contracts' own tests. */
final class ToyKinds {

    private ToyKinds() {
    }

    /** Per-dimension linear-Gaussian regression of θ_k on x_k: exact in form for the conjugate task. */
    static class Estimator implements PosteriorEstimator {
        @Override
        public String id() {
            return "toy_regression";
        }

        @Override
        public Posterior train(SimulationSet data, Map<String, Object> config, UniformRandomProvider rng,
                               TrainingListener listener) {
            int d = data.parameters().dimension();
            double[] a = new double[d];
            double[] b = new double[d];
            double[] s = new double[d];
            int n = data.size();
            for (int k = 0; k < d; k++) {
                double mx = 0;
                double mt = 0;
                for (int i = 0; i < n; i++) {
                    mx += data.x(i)[k] / n;
                    mt += data.theta(i)[k] / n;
                }
                double sxx = 0;
                double sxt = 0;
                for (int i = 0; i < n; i++) {
                    sxx += (data.x(i)[k] - mx) * (data.x(i)[k] - mx);
                    sxt += (data.x(i)[k] - mx) * (data.theta(i)[k] - mt);
                }
                a[k] = sxt / sxx;
                b[k] = mt - a[k] * mx;
                double rss = 0;
                for (int i = 0; i < n; i++) {
                    double r = data.theta(i)[k] - a[k] * data.x(i)[k] - b[k];
                    rss += r * r;
                }
                s[k] = Math.sqrt(rss / (n - 2));
            }
            return new Fitted(data.parameters(), data.observable(), a, b, s);
        }

        @Override
        public Posterior read(InputStream in) throws IOException {
            DataInputStream d = new DataInputStream(in);
            byte[] magic = new byte[6];
            d.readFully(magic);
            if (!Arrays.equals(magic, "TOYEST".getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
                throw new IOException("not a toy posterior");
            }
            int dim = d.readInt();
            if (dim < 1 || dim > 1000) {
                throw new IOException("bad dimension " + dim);
            }
            double[][] abs = new double[3][dim];
            for (double[] v : abs) {
                for (int k = 0; k < dim; k++) {
                    v[k] = d.readDouble();
                }
            }
            Parameter[] ps = new Parameter[dim];
            for (int k = 0; k < dim; k++) {
                ps[k] = Parameter.unbounded("theta_" + (k + 1));
            }
            return new Fitted(ParameterSpace.of(ps), ArraySpec.vector("x", dim), abs[0], abs[1], abs[2]);
        }
    }

    record Fitted(ParameterSpace parameters, ArraySpec observable, double[] a, double[] b, double[] s) implements Posterior {
        @Override
        public double[][] sample(double[] x, int n, UniformRandomProvider rng) {
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
            double[][] out = new double[n][a.length];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < a.length; k++) {
                    out[i][k] = a[k] * x[k] + b[k] + s[k] * g.sample();
                }
            }
            return out;
        }

        @Override
        public double logProb(double[] theta, double[] x) {
            double lp = 0;
            for (int k = 0; k < a.length; k++) {
                double z = (theta[k] - a[k] * x[k] - b[k]) / s[k];
                lp -= 0.5 * z * z + Math.log(s[k]) + 0.5 * Math.log(2 * Math.PI);
            }
            return lp;
        }

        @Override
        public void write(OutputStream out) throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(buf);
            d.writeBytes("TOYEST");
            d.writeInt(a.length);
            for (double[] v : new double[][] {a, b, s}) {
                for (double e : v) {
                    d.writeDouble(e);
                }
            }
            d.flush();
            buf.writeTo(out);
        }
    }

    /** Coverage of the central 68 % interval of each parameter, against a 3σ binomial band. */
    static class Validator68 implements Validator {
        @Override
        public String id() {
            return "toy_coverage";
        }

        @Override
        public ValidationResult validate(Posterior posterior, SimulationSet heldOut, UniformRandomProvider rng) {
            int d = heldOut.parameters().dimension();
            int inside = 0;
            int total = 0;
            for (int i = 0; i < heldOut.size(); i++) {
                double[][] s = posterior.sample(heldOut.x(i), 100, rng);
                for (int k = 0; k < d; k++) {
                    double[] col = new double[s.length];
                    for (int j = 0; j < s.length; j++) {
                        col[j] = s[j][k];
                    }
                    Arrays.sort(col);
                    double t = heldOut.theta(i)[k];
                    if (t >= col[16] && t <= col[83]) {
                        inside++;
                    }
                    total++;
                }
            }
            double cov = (double) inside / total;
            double band = 3 * Math.sqrt(0.68 * 0.32 / total);
            boolean ok = Math.abs(cov - 0.68) <= band + 0.02; // + the 100-draw quantile error
            return new ValidationResult("toy_coverage", ok, String.format("68%% coverage %.3f (band ±%.3f)", cov, band),
                    List.of(Metric.of("coverage_68", cov)), List.of());
        }
    }

    /** Mean and variance of a field. */
    static class Moments implements Statistic {
        @Override
        public String id() {
            return "toy_moments";
        }

        @Override
        public boolean accepts(ArraySpec spec) {
            return spec.kind() == ArraySpec.Kind.GRID || spec.kind() == ArraySpec.Kind.IMAGE;
        }

        @Override
        public List<Series> compute(double[] values, ArraySpec spec, double[] velocities, Box box) {
            double m = Arrays.stream(values).average().orElse(Double.NaN);
            double v = Arrays.stream(values).map(x -> (x - m) * (x - m)).sum() / values.length;
            return List.of(new Series("moments", "order", "value", new double[] {1, 2}, new double[] {m, v}, null, null));
        }
    }

    static StatisticContract.Input field() {
        UniformRandomProvider rng = Streams.seeded(9);
        double[] v = new double[16 * 16];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble();
        }
        return new StatisticContract.Input(v, new ArraySpec("delta", new int[] {16, 16}, "", ArraySpec.Kind.IMAGE), null,
                new Box(100, 16, 2, 0));
    }

}
