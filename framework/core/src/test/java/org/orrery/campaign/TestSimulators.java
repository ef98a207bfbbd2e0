package org.orrery.campaign;

import java.util.concurrent.locks.LockSupport;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.data.ArraySpec;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.prior.Prior;
import org.orrery.simulator.Simulator;

/** Plain simulators for core tests (no OSGi). */
public final class TestSimulators {

    private TestSimulators() {
    }

    /** U(-1, 1)^d. */
    public static Prior uniform(int d) {
        Parameter[] ps = new Parameter[d];
        for (int i = 0; i < d; i++) {
            ps[i] = new Parameter("theta_" + (i + 1), i == 0 ? "Mpc" : "", "\\theta_" + (i + 1), -1, 1);
        }
        ParameterSpace space = ParameterSpace.of(ps);
        return new Prior() {
            @Override
            public ParameterSpace space() {
                return space;
            }

            @Override
            public double[] sample(UniformRandomProvider rng) {
                double[] t = new double[d];
                for (int i = 0; i < d; i++) {
                    t[i] = -1 + 2 * rng.nextDouble();
                }
                return t;
            }

            @Override
            public double logDensity(double[] theta) {
                return space.contains(theta) ? -d * Math.log(2) : Double.NEGATIVE_INFINITY;
            }

            @Override
            public String describe() {
                return "Uniform(-1, 1)^" + d;
            }
        };
    }

    /** x = θ (tiled to the observable's size) + N(0, 0.1²) noise; optionally sleeps per call. */
    public static class Gauss implements Simulator {
        private final Prior prior;
        private final ArraySpec obs;
        private final long sleepMicros;

        public Gauss(int d, int[] shape, long sleepMicros) {
            this.prior = uniform(d);
            this.obs = new ArraySpec("x", shape, "mJy", shape.length == 2 ? ArraySpec.Kind.IMAGE : ArraySpec.Kind.VECTOR);
            this.sleepMicros = sleepMicros;
        }

        @Override
        public String id() {
            return "test_gauss";
        }

        @Override
        public Prior prior() {
            return prior;
        }

        @Override
        public ArraySpec observable() {
            return obs;
        }

        @Override
        public double[] simulate(double[] theta, UniformRandomProvider rng) {
            if (sleepMicros > 0) {
                LockSupport.parkNanos(sleepMicros * 1000);
            }
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
            double[] x = new double[obs.size()];
            for (int j = 0; j < x.length; j++) {
                x[j] = theta[j % theta.length] + 0.1 * g.sample();
            }
            return x;
        }
    }

    /** What {@link Flaky} does with a given θ, decided from θ alone so tests can predict it. */
    public enum Behaviour { OK, THROW, NAN, WRONG_LENGTH, HANG }

    public static Behaviour behaviour(double[] theta) {
        if (theta[1] > 0.985) {
            return Behaviour.HANG;
        }
        if (theta[0] > 0.9) {
            return Behaviour.THROW;
        }
        if (theta[0] < -0.9) {
            return Behaviour.NAN;
        }
        if (theta[1] < -0.95) {
            return Behaviour.WRONG_LENGTH;
        }
        return Behaviour.OK;
    }

    /** A simulator that throws, returns NaN, the wrong length or hangs (ignoring interrupts) on some θ. */
    public static final class Flaky extends Gauss {
        public Flaky() {
            super(2, new int[] {3}, 0);
        }

        @Override
        public String id() {
            return "test_flaky";
        }

        @Override
        public double[] simulate(double[] theta, UniformRandomProvider rng) {
            switch (behaviour(theta)) {
                case HANG:
                    while (true) {
                        LockSupport.parkNanos(1_000_000_000L); // ignores interrupts on purpose
                    }
                case THROW:
                    throw new IllegalStateException("cannot simulate theta_1=" + theta[0]);
                case NAN:
                    double[] x = super.simulate(theta, rng);
                    x[1] = Double.NaN;
                    return x;
                case WRONG_LENGTH:
                    return new double[2];
                default:
                    return super.simulate(theta, rng);
            }
        }
    }
}
