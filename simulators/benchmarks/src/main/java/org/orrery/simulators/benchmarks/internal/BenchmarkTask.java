package org.orrery.simulators.benchmarks.internal;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.data.ArraySpec;
import org.orrery.prior.Prior;
import org.orrery.simulator.ReferencePosterior;
import org.orrery.simulator.Simulator;

/** What the five sbibm tasks share: an id, a display name, a prior and a data vector named x. */
abstract class BenchmarkTask implements Simulator, ReferencePosterior {

    private final String id;
    private final String name;
    private final Prior prior;
    private final ArraySpec observable;

    BenchmarkTask(String id, String name, Prior prior, int dataDimension) {
        this.id = id;
        this.name = name;
        this.prior = prior;
        this.observable = ArraySpec.vector("x", dataDimension);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String displayName() {
        return name;
    }

    @Override
    public final Prior prior() {
        return prior;
    }

    @Override
    public final ArraySpec observable() {
        return observable;
    }

    int dim() {
        return prior.space().dimension();
    }

    /** x = θ + ε, ε ~ N(0, variance·I): the likelihood of both Gaussian-linear tasks. */
    static double[] plusGaussianNoise(double[] theta, double variance, UniformRandomProvider rng) {
        var gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        double std = Math.sqrt(variance);
        double[] x = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            x[i] = theta[i] + std * gauss.sample();
        }
        return x;
    }

    void checkTheta(double[] theta) {
        // the label is built only on failure: this runs once per simulation in campaigns
        if (theta == null || theta.length != dim()) {
            Thetas.checkLength(id + ": θ", theta, dim());
        }
    }

    void checkObservation(double[] x, int n) {
        Thetas.checkLength(id + ": observation x", x, observable.size());
        Thetas.checkFinite(id + ": observation x", x);
        if (n < 0) {
            throw new IllegalArgumentException(id + ": number of posterior draws must be >= 0, got: " + n);
        }
    }
}
