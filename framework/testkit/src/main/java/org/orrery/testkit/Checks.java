package org.orrery.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.prior.Prior;

/** Checks shared by the contracts; each failure message names the offending value. */
final class Checks {

    private Checks() {
    }

    static void priorDrawsInSupport(String who, Prior prior, double[][] draws) {
        ParameterSpace space = prior.space();
        for (double[] theta : draws) {
            assertNotNull(theta, who + ": prior returned a null draw");
            assertEquals(space.dimension(), theta.length,
                    who + ": prior draw has the wrong length: " + Arrays.toString(theta));
            assertAllFinite(who + ": prior draw", theta);
            assertTrue(space.contains(theta),
                    who + ": prior draw outside the parameter bounds: " + Arrays.toString(theta));
            double lp = prior.logDensity(theta);
            assertFalse(Double.isNaN(lp) || Double.isInfinite(lp),
                    who + ": logDensity of a prior draw must be finite, got " + lp + " at " + Arrays.toString(theta));
            assertTrue(prior.inSupport(theta), who + ": inSupport false for a prior draw " + Arrays.toString(theta));
        }
    }

    /** Pushes one component of a valid θ just past each finite bound; the density must vanish there. */
    static void priorVanishesOutsideBounds(String who, Prior prior, double[] inside) {
        ParameterSpace space = prior.space();
        for (int i = 0; i < space.dimension(); i++) {
            Parameter p = space.get(i);
            for (double bound : new double[] {p.lower(), p.upper()}) {
                if (Double.isInfinite(bound)) {
                    continue;
                }
                double[] outside = inside.clone();
                double step = Math.max(1e-6, 1e-3 * Math.abs(bound));
                outside[i] = bound == p.lower() ? bound - step : bound + step;
                double lp = prior.logDensity(outside);
                assertEquals(Double.NEGATIVE_INFINITY, lp,
                        who + ": logDensity must be -Infinity outside the bounds of " + p.name()
                                + ", got " + lp + " at " + Arrays.toString(outside));
                assertFalse(prior.inSupport(outside), who + ": inSupport true outside bounds at " + Arrays.toString(outside));
            }
        }
    }

    static void assertAllFinite(String what, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                fail(what + " has a non-finite value " + values[i] + " at index " + i);
            }
        }
    }

    /** Bit-level equality: 0.0 and -0.0 differ, NaN payloads differ. */
    static boolean bitIdentical(double[] a, double[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
                return false;
            }
        }
        return true;
    }
}
