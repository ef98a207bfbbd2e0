package org.orrery.priors;

import org.junit.jupiter.api.Nested;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.prior.Prior;
import org.orrery.testkit.PriorContract;

/** The testkit's contract, once per family and for a mixed product. */
class PriorContractsTest {

    static final ParameterSpace SPACE = ParameterSpace.of(new Parameter("omega_m", "", "\\Omega_m", 0, 1),
            new Parameter("sigma_8", "", "\\sigma_8", 0, 2));

    @Nested
    class Uniform extends PriorContract {
        protected Prior prior() {
            return PriorText.parse("uniform(0.1, 0.5)", SPACE);
        }
    }

    @Nested
    class Normal extends PriorContract {
        protected Prior prior() {
            return PriorText.parse("normal(0.8, 0.05)", SPACE);
        }
    }

    @Nested
    class LogNormal extends PriorContract {
        protected Prior prior() {
            return PriorText.parse("lognormal(0, 0.5)", SPACE);
        }
    }

    @Nested
    class LogUniform extends PriorContract {
        protected Prior prior() {
            return PriorText.parse("loguniform(1e-3, 1)", SPACE);
        }
    }

    @Nested
    class TruncatedNormal extends PriorContract {
        protected Prior prior() {
            return PriorText.parse("truncnormal(0, 1, -0.5, 2)", SPACE);
        }
    }

    @Nested
    class Product extends PriorContract {
        protected Prior prior() {
            return PriorText.parse("omega_m: uniform(0.1, 0.5); sigma_8: truncnormal(0.8, 0.1, 0.5, 1.2)", SPACE);
        }
    }
}
