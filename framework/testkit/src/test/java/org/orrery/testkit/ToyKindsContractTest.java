package org.orrery.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.orrery.data.ArraySpec;
import org.orrery.data.Box;
import org.orrery.data.SimulationSet;
import org.orrery.posterior.Posterior;
import org.orrery.posterior.PosteriorEstimator;
import org.orrery.validation.Series;
import org.orrery.validation.Statistic;
import org.orrery.validation.ValidationResult;
import org.orrery.validation.Validator;

/** Correct toy plugins pass the estimator, validator and statistic contracts; faulty ones fail them. */
class ToyKindsContractTest {

    @Nested
    class EstimatorPasses extends EstimatorContract {
        @Override
        protected PosteriorEstimator estimator() {
            return new ToyKinds.Estimator();
        }
    }

    @Nested
    class ValidatorPasses extends ValidatorContract {
        @Override
        protected Validator validator() {
            return new ToyKinds.Validator68();
        }
    }

    @Nested
    class StatisticPasses extends StatisticContract {
        @Override
        protected Statistic statistic() {
            return new ToyKinds.Moments();
        }

        @Override
        protected Input input() {
            return ToyKinds.field();
        }

        @Override
        protected ArraySpec rejected() {
            return ArraySpec.vector("x", 3);
        }
    }

    @Test
    void anEstimatorWhoseReadCrashesOnCorruptBytesFails() {
        EstimatorContract c = new EstimatorContract() {
            @Override
            protected PosteriorEstimator estimator() {
                return new ToyKinds.Estimator() {
                    @Override
                    public Posterior read(InputStream in) throws IOException {
                        try {
                            return super.read(in);
                        } catch (IOException e) {
                            throw new IllegalStateException("boom", e);
                        }
                    }
                };
            }
        };
        assertThrows(AssertionFailedError.class, c::readOfCorruptBytesThrowsIOException);
    }

    @Test
    void anEstimatorThatIgnoresTheDataFails() {
        EstimatorContract c = new EstimatorContract() {
            @Override
            protected PosteriorEstimator estimator() {
                return new ToyKinds.Estimator() {
                    @Override
                    public Posterior train(SimulationSet data, java.util.Map<String, Object> config, UniformRandomProvider rng,
                                           org.orrery.posterior.TrainingListener listener) {
                        ToyKinds.Fitted f = (ToyKinds.Fitted) super.train(data, config, rng, listener);
                        return new ToyKinds.Fitted(f.parameters(), f.observable(), new double[2], new double[] {2, 2}, f.s());
                    }
                };
            }
        };
        assertThrows(AssertionFailedError.class, c::trainedPosteriorSamplesAndScoresOverTheTrainingSpace);
    }

    @Test
    void aValidatorThatAlwaysPassesFails() {
        ValidatorContract c = new ValidatorContract() {
            @Override
            protected Validator validator() {
                return new ToyKinds.Validator68() {
                    @Override
                    public ValidationResult validate(Posterior p, SimulationSet held, UniformRandomProvider rng) {
                        ValidationResult r = super.validate(p, held, rng);
                        return new ValidationResult(r.check(), true, r.summary(), r.metrics(), r.series());
                    }
                };
            }
        };
        assertThrows(AssertionFailedError.class, c::aShiftedPosteriorFails);
    }

    @Test
    void aStatisticThatScribblesOnItsInputFails() {
        StatisticContract c = new StatisticContract() {
            @Override
            protected Statistic statistic() {
                return new ToyKinds.Moments() {
                    @Override
                    public List<Series> compute(double[] values, ArraySpec spec, double[] velocities, Box box) {
                        values[0] = 42;
                        return super.compute(values, spec, velocities, box);
                    }
                };
            }

            @Override
            protected Input input() {
                return ToyKinds.field();
            }
        };
        assertThrows(AssertionFailedError.class, c::computeLeavesItsInputAloneAndIsDeterministic);
    }
}
