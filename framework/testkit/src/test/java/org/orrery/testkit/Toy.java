package org.orrery.testkit;

import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.ArraySpec;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.prior.Prior;
import org.orrery.simulator.ReferencePosterior;
import org.orrery.simulator.Simulator;

/** A small well-behaved simulator (x = θ + uniform noise, one latent) and ways to break it. */
class Toy implements Simulator, ReferencePosterior {

    static final Prior PRIOR = new Prior() {
        private final ParameterSpace space = ParameterSpace.of(
                new Parameter("a", "", "a", -1, 1), new Parameter("b", "", "b", -1, 1));

        @Override
        public ParameterSpace space() {
            return space;
        }

        @Override
        public double[] sample(UniformRandomProvider rng) {
            return new double[] {2 * rng.nextDouble() - 1, 2 * rng.nextDouble() - 1};
        }

        @Override
        public double logDensity(double[] theta) {
            return space.contains(theta) ? Math.log(0.25) : Double.NEGATIVE_INFINITY;
        }

        @Override
        public String describe() {
            return "Uniform(-1, 1)^2";
        }
    };

    @Override
    public String id() {
        return "toy";
    }

    @Override
    public Prior prior() {
        return PRIOR;
    }

    @Override
    public ArraySpec observable() {
        return ArraySpec.vector("x", 2);
    }

    @Override
    public List<ArraySpec> latents() {
        return List.of(ArraySpec.vector("noise", 2));
    }

    @Override
    public double[] simulate(double[] theta, UniformRandomProvider rng) {
        return simulateAll(theta, rng).get("x");
    }

    @Override
    public Map<String, double[]> simulateAll(double[] theta, UniformRandomProvider rng) {
        double[] noise = {rng.nextDouble() - 0.5, rng.nextDouble() - 0.5};
        return Map.of("x", new double[] {theta[0] + noise[0], theta[1] + noise[1]}, "noise", noise);
    }

    @Override
    public double[][] sampleReferencePosterior(double[] x, int n, UniformRandomProvider rng) {
        return PRIOR.sample(rng, n);
    }
}
