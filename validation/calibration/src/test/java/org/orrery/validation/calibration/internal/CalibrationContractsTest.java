package org.orrery.validation.calibration.internal;

import org.junit.jupiter.api.Nested;
import org.orrery.testkit.ValidatorContract;
import org.orrery.validation.Validator;

/**
 * The built-in calibration checks meet the testkit's validator contract (exact posterior passes, a
 * biased one fails). c2st meets it too but trains a classifier per run (~90 s here), so it is left out.
 */
class CalibrationContractsTest {

    @Nested
    class SbcContract extends ValidatorContract {
        @Override
        protected Validator validator() {
            return new Sbc(200, 100);
        }
    }

    @Nested
    class TarpContract extends ValidatorContract {
        @Override
        protected Validator validator() {
            return new Tarp(200, 100);
        }
    }

    @Nested
    class CoverageContract extends ValidatorContract {
        @Override
        protected Validator validator() {
            return new HpdCoverage(200, 100);
        }
    }
}
