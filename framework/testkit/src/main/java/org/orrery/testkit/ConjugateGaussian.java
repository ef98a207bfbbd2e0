package org.orrery.testkit;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.data.ArraySpec;
import org.orrery.data.SimulationSet;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.posterior.Posterior;

/**
 * The task the estimator and validator contracts use, with an exact posterior: θ ∈ R^d,
 * θ ~ N(0, I), x ~ N(θ, σ²I). Posterior: N(x / (1 + σ²), σ²/(1 + σ²) I).
 */
public final class ConjugateGaussian {

    private final int dim;
    private final double sigma;
    private final ParameterSpace space;
    private final ArraySpec observable;

    public ConjugateGaussian(int dim, double sigma) {
        if (dim < 1 || !(sigma > 0)) {
            throw new IllegalArgumentException("need dim >= 1 and sigma > 0, got " + dim + ", " + sigma);
        }
        this.dim = dim;
        this.sigma = sigma;
        Parameter[] ps = new Parameter[dim];
        for (int i = 0; i < dim; i++) {
            ps[i] = Parameter.unbounded("theta_" + (i + 1));
        }
        this.space = ParameterSpace.of(ps);
        this.observable = ArraySpec.vector("x", dim);
    }

    /** n simulations (θ, x) from the prior and the simulator, reproducible for a seed. */
    public SimulationSet simulations(int n, long seed) {
        UniformRandomProvider rng = Streams.seeded(seed);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[][] theta = new double[n][dim];
        double[][] x = new double[n][dim];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < dim; k++) {
                theta[i][k] = g.sample();
                x[i][k] = theta[i][k] + sigma * g.sample();
            }
        }
        return new SimulationSet() {
            @Override
            public ParameterSpace parameters() {
                return space;
            }

            @Override
            public ArraySpec observable() {
                return observable;
            }

            @Override
            public int size() {
                return n;
            }

            @Override
            public double[] theta(int i) {
                return theta[i].clone();
            }

            @Override
            public double[] x(int i) {
                return x[i].clone();
            }
        };
    }

    /** The exact posterior; {@code shift} (in posterior standard deviations) and {@code scale} spoil it on purpose. */
    public Posterior posterior(double shift, double scale) {
        double var = sigma * sigma / (1 + sigma * sigma);
        double sd = Math.sqrt(var) * scale;
        return new Posterior() {
            @Override
            public ParameterSpace parameters() {
                return space;
            }

            @Override
            public ArraySpec observable() {
                return observable;
            }

            private double mean(double[] x, int k) {
                return x[k] / (1 + sigma * sigma) + shift * Math.sqrt(var);
            }

            @Override
            public double[][] sample(double[] x, int n, UniformRandomProvider rng) {
                ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
                double[][] out = new double[n][dim];
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < dim; k++) {
                        out[i][k] = mean(x, k) + sd * g.sample();
                    }
                }
                return out;
            }

            @Override
            public double logProb(double[] theta, double[] x) {
                double lp = 0;
                for (int k = 0; k < dim; k++) {
                    double z = (theta[k] - mean(x, k)) / sd;
                    lp -= 0.5 * z * z + Math.log(sd) + 0.5 * Math.log(2 * Math.PI);
                }
                return lp;
            }

            @Override
            public void write(OutputStream out) throws IOException {
                throw new IOException("the contract's reference posterior is not saved");
            }
        };
    }

    public int dimension() {
        return dim;
    }

    public double sigma() {
        return sigma;
    }
}
