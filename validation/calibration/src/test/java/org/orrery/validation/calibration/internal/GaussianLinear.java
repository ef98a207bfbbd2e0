package org.orrery.validation.calibration.internal;

import java.io.OutputStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.data.ArraySpec;
import org.orrery.data.SimulationSet;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.posterior.Posterior;

/**
 * The gaussian_linear task in a few dimensions: θ ~ N(0, 0.1·I), x ~ N(θ, 0.1·I), exact posterior
 * N(x/2, 0.05·I). {@link #posterior(double)} scales the posterior's standard deviation to make a
 * deliberately over-confident (scale < 1) or under-confident (scale > 1) posterior.
 */
final class GaussianLinear {

    static final double PRIOR_VARIANCE = 0.1;
    static final double NOISE_VARIANCE = 0.1;
    static final double POSTERIOR_VARIANCE = 0.05;

    private GaussianLinear() {
    }

    static ParameterSpace space(int dim) {
        Parameter[] p = new Parameter[dim];
        for (int j = 0; j < dim; j++) {
            p[j] = Parameter.unbounded("theta" + (j + 1));
        }
        return ParameterSpace.of(p);
    }

    static double[] simulate(double[] theta, UniformRandomProvider rng) {
        var gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] x = new double[theta.length];
        for (int j = 0; j < x.length; j++) {
            x[j] = theta[j] + Math.sqrt(NOISE_VARIANCE) * gauss.sample();
        }
        return x;
    }

    /** n held-out pairs drawn from the joint. */
    static SimulationSet heldOut(int dim, int n, UniformRandomProvider rng) {
        var gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        double[][] theta = new double[n][dim];
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                theta[i][j] = Math.sqrt(PRIOR_VARIANCE) * gauss.sample();
            }
            x[i] = simulate(theta[i], rng);
        }
        ParameterSpace space = space(dim);
        return new SimulationSet() {
            @Override
            public ParameterSpace parameters() {
                return space;
            }

            @Override
            public ArraySpec observable() {
                return ArraySpec.vector("x", dim);
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

    /** N(x/2 + shift, (scale²·0.05)·I). */
    static Posterior posterior(int dim, double scale, double shift) {
        double std = scale * Math.sqrt(POSTERIOR_VARIANCE);
        ParameterSpace space = space(dim);
        return new Posterior() {
            @Override
            public ParameterSpace parameters() {
                return space;
            }

            @Override
            public ArraySpec observable() {
                return ArraySpec.vector("x", dim);
            }

            @Override
            public double[][] sample(double[] x, int n, UniformRandomProvider rng) {
                var gauss = ZigguratSampler.NormalizedGaussian.of(rng);
                double[][] out = new double[n][dim];
                for (int s = 0; s < n; s++) {
                    for (int j = 0; j < dim; j++) {
                        out[s][j] = x[j] / 2 + shift + std * gauss.sample();
                    }
                }
                return out;
            }

            @Override
            public double logProb(double[] theta, double[] x) {
                double lp = 0;
                for (int j = 0; j < dim; j++) {
                    double z = (theta[j] - x[j] / 2 - shift) / std;
                    lp += -0.5 * z * z - Math.log(std) - 0.5 * Math.log(2 * Math.PI);
                }
                return lp;
            }

            @Override
            public void write(OutputStream out) {
                throw new UnsupportedOperationException("test posterior is not serialisable");
            }
        };
    }

    static Posterior posterior(int dim, double scale) {
        return posterior(dim, scale, 0);
    }
}
