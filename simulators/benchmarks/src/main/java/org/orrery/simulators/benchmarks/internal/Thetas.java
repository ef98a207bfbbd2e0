package org.orrery.simulators.benchmarks.internal;

import java.util.ArrayList;
import java.util.List;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;

/** Parameter spaces named as in sbibm: theta_1 … theta_n, LaTeX \theta_{i}. */
final class Thetas {

    private Thetas() {
    }

    static ParameterSpace space(int dim, double lower, double upper) {
        if (dim < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got: " + dim);
        }
        List<Parameter> ps = new ArrayList<>(dim);
        for (int i = 1; i <= dim; i++) {
            ps.add(new Parameter("theta_" + i, "", "\\theta_{" + i + "}", lower, upper));
        }
        return new ParameterSpace(ps);
    }

    /** 1 → "1", 0.1 → "0.1", so that descriptions read like the papers. */
    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    static void checkLength(String what, double[] values, int n) {
        if (values == null || values.length != n) {
            throw new IllegalArgumentException(what + " must have length " + n + ", got: "
                    + (values == null ? "null" : values.length));
        }
    }

    static void checkFinite(String what, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(what + " has a non-finite value " + values[i] + " at index " + i);
            }
        }
    }
}
