package org.orrery.external.internal;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.parameter.ParameterSpace;
import org.orrery.prior.Prior;

/** The product of the manifest's one-dimensional priors: uniform, normal and log-uniform. */
final class ManifestPrior implements Prior {

    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private final ParameterSpace space;
    private final List<Manifest.PriorSpec> priors;

    ManifestPrior(ParameterSpace space, List<Manifest.PriorSpec> priors) {
        this.space = space;
        this.priors = List.copyOf(priors);
    }

    @Override
    public ParameterSpace space() {
        return space;
    }

    @Override
    public double[] sample(UniformRandomProvider rng) {
        double[] t = new double[priors.size()];
        ZigguratSampler.NormalizedGaussian gauss = null;
        for (int i = 0; i < t.length; i++) {
            Manifest.PriorSpec p = priors.get(i);
            switch (p.family()) {
                case "uniform" -> t[i] = p.a() + (p.b() - p.a()) * rng.nextDouble();
                case "loguniform" -> t[i] = Math.exp(Math.log(p.a()) + (Math.log(p.b()) - Math.log(p.a())) * rng.nextDouble());
                default -> {
                    if (gauss == null) {
                        gauss = ZigguratSampler.NormalizedGaussian.of(rng);
                    }
                    t[i] = p.a() + p.b() * gauss.sample();
                }
            }
            // rounding at the top of a uniform range must not leave the support
            t[i] = Math.min(Math.max(t[i], space.get(i).lower()), space.get(i).upper());
        }
        return t;
    }

    @Override
    public double logDensity(double[] theta) {
        if (theta == null || theta.length != priors.size()) {
            return Double.NEGATIVE_INFINITY;
        }
        double lp = 0;
        for (int i = 0; i < theta.length; i++) {
            Manifest.PriorSpec p = priors.get(i);
            double v = theta[i];
            switch (p.family()) {
                case "uniform" -> {
                    if (!(v >= p.a() && v <= p.b())) {
                        return Double.NEGATIVE_INFINITY;
                    }
                    lp -= Math.log(p.b() - p.a());
                }
                case "loguniform" -> {
                    if (!(v >= p.a() && v <= p.b())) {
                        return Double.NEGATIVE_INFINITY;
                    }
                    lp -= Math.log(v) + Math.log(Math.log(p.b()) - Math.log(p.a()));
                }
                default -> {
                    if (!Double.isFinite(v)) {
                        return Double.NEGATIVE_INFINITY;
                    }
                    double z = (v - p.a()) / p.b();
                    lp -= 0.5 * z * z + Math.log(p.b()) + LOG_SQRT_2PI;
                }
            }
        }
        return lp;
    }

    @Override
    public String describe() {
        return priors.stream().map(Manifest.PriorSpec::describe).collect(Collectors.joining(" × "));
    }
}
