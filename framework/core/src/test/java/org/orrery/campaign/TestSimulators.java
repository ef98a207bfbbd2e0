package org.orrery.campaign;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.data.ArraySpec;
import org.orrery.data.Box;
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

    /** Gauss, with x[0] replaced by the simulation index the campaign hands over (org.orrery.simulator 1.1.0). */
    public static class IndexEcho extends Gauss {
        public IndexEcho() {
            super(2, new int[] {2}, 0);
        }

        @Override
        public double[] simulate(double[] theta, UniformRandomProvider rng, org.orrery.simulator.SimulationContext c) {
            double[] x = simulate(theta, rng);
            x[0] = c.index();
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

    /**
     * LPT-like: observable {@code delta} and latent {@code delta_initial}, both n³ grids in a box;
     * δ_init ~ θ₁·N(0, 1) per cell, δ = 2 δ_init + θ₂.
     */
    public static class Field implements Simulator {
        private final Prior prior = uniform(2);
        private final int n;

        public Field(int n) {
            this.n = n;
        }

        @Override
        public String id() {
            return "test_field";
        }

        @Override
        public Prior prior() {
            return prior;
        }

        @Override
        public ArraySpec observable() {
            return new ArraySpec("delta", new int[] {n, n, n}, "", ArraySpec.Kind.GRID);
        }

        @Override
        public List<ArraySpec> latents() {
            return List.of(new ArraySpec("delta_initial", new int[] {n, n, n}, "", ArraySpec.Kind.GRID));
        }

        @Override
        public Optional<Box> box() {
            return Optional.of(new Box(100, n, 3, 0.5));
        }

        @Override
        public double[] simulate(double[] theta, UniformRandomProvider rng) {
            return simulateAll(theta, rng).get("delta");
        }

        @Override
        public Map<String, double[]> simulateAll(double[] theta, UniformRandomProvider rng) {
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
            double[] initial = new double[n * n * n];
            double[] delta = new double[initial.length];
            for (int i = 0; i < initial.length; i++) {
                initial[i] = theta[0] * g.sample();
                delta[i] = 2 * initial[i] + theta[1];
            }
            Map<String, double[]> out = new LinkedHashMap<>();
            out.put("delta", delta);
            out.put("delta_initial", initial);
            return out;
        }
    }

    /**
     * {@link Field} with its observable {@code delta} declared float32 (the latent stays float64):
     * the same draws, the observable rounded to float when stored.
     */
    public static class Field32 extends Field {
        public Field32(int n) {
            super(n);
        }

        @Override
        public String id() {
            return "test_field32";
        }

        @Override
        public ArraySpec observable() {
            return super.observable().withDtype(ArraySpec.DType.FLOAT32);
        }
    }

    /**
     * grf-like: one float32 n³ field {@code delta} = θ₁·N(0, 1) + θ₂ per cell, no latents; the
     * streaming tests fill banks many times the heap with it.
     */
    public static final class Grid32 implements Simulator {
        private final Prior prior = uniform(2);
        private final int n;

        public Grid32(int n) {
            this.n = n;
        }

        @Override
        public String id() {
            return "test_grid32";
        }

        @Override
        public Prior prior() {
            return prior;
        }

        @Override
        public ArraySpec observable() {
            return new ArraySpec("delta", new int[] {n, n, n}, "", ArraySpec.Kind.GRID, ArraySpec.DType.FLOAT32);
        }

        @Override
        public Optional<Box> box() {
            return Optional.of(new Box(100, n, 3, 0));
        }

        @Override
        public double[] simulate(double[] theta, UniformRandomProvider rng) {
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
            double[] delta = new double[n * n * n];
            for (int i = 0; i < delta.length; i++) {
                delta[i] = theta[0] * g.sample() + theta[1];
            }
            return delta;
        }
    }

    /**
     * Tracers-like: observable {@code positions} [-1, 3] (0 … 7 points, uniform in a 50 Mpc/h box)
     * and latent {@code velocities} [-1, 3] = 100 θ₁ · position. Fails on purpose: θ₁ > 0.95 gives a
     * NaN velocity, θ₁ < -0.95 a position array that is not whole points. Optionally sleeps per call.
     */
    public static final class Points implements Simulator {
        private final Prior prior = uniform(2);
        private final long sleepMicros;

        public Points(long sleepMicros) {
            this.sleepMicros = sleepMicros;
        }

        @Override
        public String id() {
            return "test_points";
        }

        @Override
        public Prior prior() {
            return prior;
        }

        @Override
        public ArraySpec observable() {
            return new ArraySpec("positions", new int[] {-1, 3}, "Mpc/h", ArraySpec.Kind.POINTS);
        }

        @Override
        public List<ArraySpec> latents() {
            return List.of(new ArraySpec("velocities", new int[] {-1, 3}, "km/s", ArraySpec.Kind.POINTS));
        }

        @Override
        public Optional<Box> box() {
            return Optional.of(new Box(50, 0, 3, 0));
        }

        @Override
        public double[] simulate(double[] theta, UniformRandomProvider rng) {
            return simulateAll(theta, rng).get("positions");
        }

        @Override
        public Map<String, double[]> simulateAll(double[] theta, UniformRandomProvider rng) {
            if (sleepMicros > 0) {
                LockSupport.parkNanos(sleepMicros * 1000);
            }
            int count = rng.nextInt(8);
            double[] pos = new double[3 * count];
            double[] vel = new double[3 * count];
            for (int i = 0; i < pos.length; i++) {
                pos[i] = 50 * rng.nextDouble();
                vel[i] = 100 * theta[0] * pos[i];
            }
            if (theta[0] > 0.95 && count > 0) {
                vel[0] = Double.NaN;
            }
            if (theta[0] < -0.95) {
                pos = new double[4];
            }
            Map<String, double[]> out = new LinkedHashMap<>();
            out.put("positions", pos);
            out.put("velocities", vel);
            return out;
        }
    }
}
