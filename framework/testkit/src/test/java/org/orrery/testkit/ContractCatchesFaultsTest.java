package org.orrery.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.orrery.data.ArraySpec;
import org.orrery.simulator.Simulator;

/** Each fault a plugin can have makes the matching contract test fail. */
class ContractCatchesFaultsTest {

    private static SimulatorContract contractFor(Supplier<Simulator> s) {
        return new SimulatorContract() {
            @Override
            protected Simulator simulator() {
                return s.get();
            }
        };
    }

    private static void fails(Supplier<Simulator> broken, Consumer<SimulatorContract> test) {
        assertThrows(AssertionFailedError.class, () -> test.accept(contractFor(broken)));
    }

    @Test
    void badId() {
        fails(() -> new Toy() {
            @Override
            public String id() {
                return "two moons";
            }
        }, SimulatorContract::idIsANonEmptyIdentifier);
    }

    @Test
    void wrongObservableSize() {
        fails(() -> new Toy() {
            @Override
            public ArraySpec observable() {
                return ArraySpec.vector("x", 3);
            }
        }, SimulatorContract::simulateReturnsTheObservableSize);
    }

    @Test
    void nonFiniteOutput() {
        fails(() -> new Toy() {
            @Override
            public double[] simulate(double[] theta, UniformRandomProvider rng) {
                return new double[] {theta[0], Double.NaN};
            }
        }, SimulatorContract::simulateReturnsTheObservableSize);
    }

    @Test
    void hiddenGlobalRandomness() {
        fails(() -> new Toy() {
            @Override
            public double[] simulate(double[] theta, UniformRandomProvider rng) {
                return new double[] {theta[0] + Math.random(), theta[1]};
            }
        }, SimulatorContract::sameSeedGivesBitIdenticalOutput);
    }

    @Test
    void ignoresItsStream() {
        fails(() -> new Toy() {
            @Override
            public double[] simulate(double[] theta, UniformRandomProvider rng) {
                return theta.clone();
            }
        }, SimulatorContract::differentSeedsGiveDifferentOutputs);
    }

    @Test
    void missingLatent() {
        fails(() -> new Toy() {
            @Override
            public Map<String, double[]> simulateAll(double[] theta, UniformRandomProvider rng) {
                return Map.of("x", simulate(theta, rng));
            }

            @Override
            public double[] simulate(double[] theta, UniformRandomProvider rng) {
                return new double[] {theta[0] + rng.nextDouble(), theta[1]};
            }
        }, SimulatorContract::simulateAllHoldsTheObservableAndEveryLatent);
    }

    @Test
    void referenceDrawsOutsideThePrior() {
        fails(() -> new Toy() {
            @Override
            public double[][] sampleReferencePosterior(double[] x, int n, UniformRandomProvider rng) {
                double[][] d = super.sampleReferencePosterior(x, n, rng);
                d[n / 2][0] = 1.5;
                return d;
            }
        }, SimulatorContract::referencePosteriorDrawsHaveTheRightShapeAndSupport);
    }

    @Test
    void densityNotZeroPastTheBounds() {
        fails(() -> new Toy() {
            @Override
            public org.orrery.prior.Prior prior() {
                return new org.orrery.prior.Prior() {
                    @Override
                    public org.orrery.parameter.ParameterSpace space() {
                        return Toy.PRIOR.space();
                    }

                    @Override
                    public double[] sample(UniformRandomProvider rng) {
                        return Toy.PRIOR.sample(rng);
                    }

                    @Override
                    public double logDensity(double[] theta) {
                        return Math.log(0.25);
                    }
                };
            }
        }, SimulatorContract::priorDrawsLieInTheSupportWithFiniteLogDensity);
    }
}
