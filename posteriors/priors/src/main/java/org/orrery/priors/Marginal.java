package org.orrery.priors;

import java.util.Locale;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/** A one-dimensional prior: the factors of an {@link IndependentPrior}. */
public sealed interface Marginal {

    double sample(UniformRandomProvider rng);

    /** log density, {@code -Infinity} outside the support. */
    double logDensity(double x);

    double lower();

    double upper();

    /** The text that {@link PriorText} parses back to this marginal, e.g. {@code normal(0, 1)}. */
    String text();

    double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = Double.toString(v);
        return s.toLowerCase(Locale.ROOT);
    }

    private static double gaussian(UniformRandomProvider rng) {
        return ZigguratSampler.NormalizedGaussian.of(rng).sample();
    }

    /** Uniform on [a, b] (also spelt {@code box}). */
    record Uniform(double a, double b) implements Marginal {
        public Uniform {
            if (!(Double.isFinite(a) && Double.isFinite(b) && b > a)) {
                throw new IllegalArgumentException("uniform(a, b) needs finite a < b, got uniform(" + a + ", " + b + ")");
            }
        }

        public double sample(UniformRandomProvider rng) {
            return a + (b - a) * rng.nextDouble();
        }

        public double logDensity(double x) {
            return x >= a && x <= b ? -Math.log(b - a) : Double.NEGATIVE_INFINITY;
        }

        public double lower() {
            return a;
        }

        public double upper() {
            return b;
        }

        public String text() {
            return "uniform(" + num(a) + ", " + num(b) + ")";
        }
    }

    /** Normal with mean μ and standard deviation σ. */
    record Normal(double mu, double sigma) implements Marginal {
        public Normal {
            if (!(Double.isFinite(mu) && sigma > 0 && Double.isFinite(sigma))) {
                throw new IllegalArgumentException("normal(mu, sigma) needs finite mu and sigma > 0, got normal(" + mu + ", " + sigma + ")");
            }
        }

        public double sample(UniformRandomProvider rng) {
            return mu + sigma * gaussian(rng);
        }

        public double logDensity(double x) {
            double z = (x - mu) / sigma;
            return Double.isFinite(x) ? -0.5 * z * z - Math.log(sigma) - LOG_SQRT_2PI : Double.NEGATIVE_INFINITY;
        }

        public double lower() {
            return Double.NEGATIVE_INFINITY;
        }

        public double upper() {
            return Double.POSITIVE_INFINITY;
        }

        public String text() {
            return "normal(" + num(mu) + ", " + num(sigma) + ")";
        }
    }

    /** log x ~ normal(μ, σ). */
    record LogNormal(double mu, double sigma) implements Marginal {
        public LogNormal {
            if (!(Double.isFinite(mu) && sigma > 0 && Double.isFinite(sigma))) {
                throw new IllegalArgumentException("lognormal(mu, sigma) needs finite mu and sigma > 0 (of log x), got lognormal("
                        + mu + ", " + sigma + ")");
            }
        }

        public double sample(UniformRandomProvider rng) {
            return Math.exp(mu + sigma * gaussian(rng));
        }

        public double logDensity(double x) {
            if (!(x > 0) || Double.isInfinite(x)) {
                return Double.NEGATIVE_INFINITY;
            }
            double z = (Math.log(x) - mu) / sigma;
            return -0.5 * z * z - Math.log(sigma * x) - LOG_SQRT_2PI;
        }

        public double lower() {
            return 0;
        }

        public double upper() {
            return Double.POSITIVE_INFINITY;
        }

        public String text() {
            return "lognormal(" + num(mu) + ", " + num(sigma) + ")";
        }
    }

    /** Density ∝ 1/x on [a, b], 0 < a < b. */
    record LogUniform(double a, double b) implements Marginal {
        public LogUniform {
            if (!(a > 0 && Double.isFinite(b) && b > a)) {
                throw new IllegalArgumentException("loguniform(a, b) needs 0 < a < b, got loguniform(" + a + ", " + b + ")");
            }
        }

        public double sample(UniformRandomProvider rng) {
            return Math.exp(Math.log(a) + (Math.log(b) - Math.log(a)) * rng.nextDouble());
        }

        public double logDensity(double x) {
            return x >= a && x <= b ? -Math.log(x) - Math.log(Math.log(b / a)) : Double.NEGATIVE_INFINITY;
        }

        public double lower() {
            return a;
        }

        public double upper() {
            return b;
        }

        public String text() {
            return "loguniform(" + num(a) + ", " + num(b) + ")";
        }
    }

    /** normal(μ, σ) restricted to [a, b], drawn by inverting its CDF. */
    record TruncatedNormal(double mu, double sigma, double a, double b) implements Marginal {
        private static final NormalDistribution STD = new NormalDistribution(null, 0, 1);

        public TruncatedNormal {
            if (!(Double.isFinite(mu) && sigma > 0 && Double.isFinite(sigma) && b > a)) {
                throw new IllegalArgumentException("truncnormal(mu, sigma, a, b) needs sigma > 0 and a < b, got truncnormal("
                        + mu + ", " + sigma + ", " + a + ", " + b + ")");
            }
            double mass = STD.cumulativeProbability((b - mu) / sigma) - STD.cumulativeProbability((a - mu) / sigma);
            if (!(mass > 1e-12)) {
                throw new IllegalArgumentException("truncnormal(" + mu + ", " + sigma + ", " + a + ", " + b
                        + ") keeps no probability mass: [a, b] lies too far in the tail");
            }
        }

        private double lo() {
            return STD.cumulativeProbability((a - mu) / sigma);
        }

        private double hi() {
            return STD.cumulativeProbability((b - mu) / sigma);
        }

        public double sample(UniformRandomProvider rng) {
            double u = lo() + (hi() - lo()) * rng.nextDouble();
            double x = mu + sigma * STD.inverseCumulativeProbability(Math.min(Math.max(u, Double.MIN_NORMAL), 1 - 1e-16));
            return Math.min(Math.max(x, a), b);
        }

        public double logDensity(double x) {
            if (!(x >= a && x <= b)) {
                return Double.NEGATIVE_INFINITY;
            }
            double z = (x - mu) / sigma;
            return -0.5 * z * z - Math.log(sigma) - LOG_SQRT_2PI - Math.log(hi() - lo());
        }

        public double lower() {
            return a;
        }

        public double upper() {
            return b;
        }

        public String text() {
            return "truncnormal(" + num(mu) + ", " + num(sigma) + ", " + num(a) + ", " + num(b) + ")";
        }
    }
}
