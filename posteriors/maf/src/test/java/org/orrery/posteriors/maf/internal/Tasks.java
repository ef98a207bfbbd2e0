package org.orrery.posteriors.maf.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.data.ArraySpec;
import org.orrery.data.SimulationSet;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;

/** Small benchmark tasks (DESIGN §8) written out here so the tests depend on no simulator bundle. */
public final class Tasks {

    private Tasks() {
    }

    /** An in-memory simulation set. */
    public record Bank(ParameterSpace parameters, ArraySpec observable, double[][] thetas, double[][] xs) implements SimulationSet {
        @Override
        public int size() {
            return thetas.length;
        }

        @Override
        public double[] theta(int i) {
            return thetas[i].clone();
        }

        @Override
        public double[] x(int i) {
            return xs[i].clone();
        }
    }

    /**
     * gaussian_linear in d dimensions: θ ~ N(0, 0.1·I), x ~ N(θ, 0.1·I); posterior N(x/2, 0.05·I).
     * The parameters get the box [−bound, bound] (infinite for an unbounded space).
     */
    public static Bank gaussianLinear(int d, int n, double bound, UniformRandomProvider rng) {
        NormalizedGaussianSampler g = ZigguratSampler.NormalizedGaussian.of(rng);
        List<Parameter> ps = new ArrayList<>();
        for (int i = 0; i < d; i++) {
            ps.add(new Parameter("theta_" + (i + 1), "", null, -bound, bound));
        }
        double sd = Math.sqrt(0.1);
        List<double[]> th = new ArrayList<>();
        List<double[]> xs = new ArrayList<>();
        while (th.size() < n) {
            double[] t = new double[d];
            double[] x = new double[d];
            for (int i = 0; i < d; i++) {
                t[i] = sd * g.sample();
                x[i] = t[i] + sd * g.sample();
            }
            if (Math.abs(max(t)) <= bound) {
                th.add(t);
                xs.add(x);
            }
        }
        return new Bank(new ParameterSpace(ps), ArraySpec.vector("x", d), th.toArray(double[][]::new), xs.toArray(double[][]::new));
    }

    private static double max(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** two_moons (DESIGN §8): θ ~ U(−1, 1)², x ∈ R². */
    public static Bank twoMoons(int n, UniformRandomProvider rng) {
        double[][] th = new double[n][];
        double[][] xs = new double[n][];
        NormalizedGaussianSampler g = ZigguratSampler.NormalizedGaussian.of(rng);
        for (int i = 0; i < n; i++) {
            double t1 = 2 * rng.nextDouble() - 1;
            double t2 = 2 * rng.nextDouble() - 1;
            th[i] = new double[] {t1, t2};
            xs[i] = twoMoonsSimulate(t1, t2, rng, g);
        }
        var space = ParameterSpace.of(Parameter.bounded("theta_1", -1, 1), Parameter.bounded("theta_2", -1, 1));
        return new Bank(space, ArraySpec.vector("x", 2), th, xs);
    }

    static double[] twoMoonsSimulate(double t1, double t2, UniformRandomProvider rng, NormalizedGaussianSampler g) {
        double a = Math.PI * (rng.nextDouble() - 0.5);
        double r = 0.1 + 0.01 * g.sample();
        double px = r * Math.cos(a) + 0.25;
        double py = r * Math.sin(a);
        return new double[] {px - Math.abs(t1 + t2) / Math.sqrt(2), py + (-t1 + t2) / Math.sqrt(2)};
    }
}
