package org.orrery.simulators.benchmarks.internal;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.parameter.ParameterSpace;
import org.orrery.prior.ScoredPrior;

/** N(mean, variance)^dim: independent Gaussian components with the same mean and variance. */
final class DiagonalGaussianPrior implements ScoredPrior {

    private final ParameterSpace space;
    private final int dim;
    private final double mean;
    private final double variance;
    private final double std;
    private final double logNorm;

    DiagonalGaussianPrior(int dim, double mean, double variance) {
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException("Gaussian prior mean must be finite, got: " + mean);
        }
        if (!(variance > 0) || Double.isInfinite(variance)) {
            throw new IllegalArgumentException("Gaussian prior variance must be positive and finite, got: " + variance);
        }
        this.space = Thetas.space(dim, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        this.dim = dim;
        this.mean = mean;
        this.variance = variance;
        this.std = Math.sqrt(variance);
        this.logNorm = -0.5 * dim * Math.log(2 * Math.PI * variance);
    }

    @Override
    public ParameterSpace space() {
        return space;
    }

    @Override
    public double[] sample(UniformRandomProvider rng) {
        var gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] theta = new double[dim];
        for (int i = 0; i < dim; i++) {
            theta[i] = mean + std * gauss.sample();
        }
        return theta;
    }

    @Override
    public double logDensity(double[] theta) {
        if (!space.contains(theta)) {
            return Double.NEGATIVE_INFINITY;
        }
        double ss = 0;
        for (double t : theta) {
            ss += (t - mean) * (t - mean);
        }
        return logNorm - 0.5 * ss / variance;
    }

    @Override
    public double[] score(double[] theta) {
        Thetas.checkLength("θ", theta, dim);
        double[] g = new double[dim];
        for (int i = 0; i < dim; i++) {
            g[i] = -(theta[i] - mean) / variance;
        }
        return g;
    }

    @Override
    public String describe() {
        return "Normal(" + Thetas.fmt(mean) + ", var=" + Thetas.fmt(variance) + ")^" + dim;
    }
}
