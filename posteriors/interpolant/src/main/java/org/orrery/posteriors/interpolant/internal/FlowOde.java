package org.orrery.posteriors.interpolant.internal;

/**
 * Integrators of a batched ODE dy/dt = v(y, t) from t = 0 to 1, for the fmpe sampler: the midpoint
 * rule on a uniform grid, and Dormand–Prince 5(4) with adaptive steps (the scheme of zuko's
 * {@code odeint}, which sbi's FMPE samples with, at sbi's tolerances atol 1e-6, rtol 1e-5). The
 * adaptive solver matters where the velocity gets sharp: a posterior much narrower than the prior
 * makes v change on a time scale of its width near t = 1, which a uniform grid under-resolves.
 * The error of a step is the root mean square over all batch entries of the scaled local error
 * e / (atol + rtol·max(|y₀|, |y₁|)), as torchdiffeq and zuko measure it.
 */
final class FlowOde {

    /** The velocity of a batch of states at time t. */
    interface Velocity {
        float[] at(float[] y, double t);
    }

    /** The state at t = 1 and the number of velocity evaluations spent. */
    record Result(float[] y, int evaluations) {
    }

    private FlowOde() {
    }

    /** The midpoint rule with {@code steps} equal steps; y is not modified. */
    static Result midpoint(Velocity v, float[] y0, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("midpoint steps must be >= 1, got " + steps);
        }
        float[] y = y0.clone();
        float[] mid = new float[y.length];
        double h = 1.0 / steps;
        for (int s = 0; s < steps; s++) {
            float[] k1 = v.at(y, s * h);
            for (int k = 0; k < y.length; k++) {
                mid[k] = (float) (y[k] + 0.5 * h * k1[k]);
            }
            float[] k2 = v.at(mid, (s + 0.5) * h);
            for (int k = 0; k < y.length; k++) {
                y[k] = (float) (y[k] + h * k2[k]);
            }
        }
        return new Result(y, 2 * steps);
    }

    // Dormand–Prince 5(4) tableau (Dormand & Prince 1980; Hairer, Nørsett & Wanner, table 5.2)
    private static final double[] C = {0, 1 / 5.0, 3 / 10.0, 4 / 5.0, 8 / 9.0, 1, 1};
    private static final double[][] A = {
        {},
        {1 / 5.0},
        {3 / 40.0, 9 / 40.0},
        {44 / 45.0, -56 / 15.0, 32 / 9.0},
        {19372 / 6561.0, -25360 / 2187.0, 64448 / 6561.0, -212 / 729.0},
        {9017 / 3168.0, -355 / 33.0, 46732 / 5247.0, 49 / 176.0, -5103 / 18656.0},
        {35 / 384.0, 0, 500 / 1113.0, 125 / 192.0, -2187 / 6784.0, 11 / 84.0},
    };
    /** Fifth-order weights (= the last row of A: first same as last). */
    private static final double[] B5 = {35 / 384.0, 0, 500 / 1113.0, 125 / 192.0, -2187 / 6784.0, 11 / 84.0, 0};
    /** Fifth- minus fourth-order weights: the local error estimate. */
    private static final double[] E = {35 / 384.0 - 5179 / 57600.0, 0, 500 / 1113.0 - 7571 / 16695.0, 125 / 192.0 - 393 / 640.0,
        -2187 / 6784.0 + 92097 / 339200.0, 11 / 84.0 - 187 / 2100.0, -1 / 40.0};

    /**
     * Adaptive Dormand–Prince 5(4) from t = 0 to 1; y is not modified. Steps whose scaled error
     * exceeds 1 are retried smaller; the step size follows 0.9·err^(−1/5), bounded to [0.2, 10]×.
     * Refuses more than {@code maxEvaluations} velocity evaluations in one line.
     */
    static Result dopri5(Velocity v, float[] y0, double atol, double rtol, int maxEvaluations) {
        if (!(atol > 0) || !(rtol >= 0) || Double.isInfinite(atol) || Double.isInfinite(rtol)) {
            throw new IllegalArgumentException("dopri5 needs atol > 0 and rtol >= 0, finite; got atol " + atol + ", rtol " + rtol);
        }
        int n = y0.length;
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            y[k] = y0[k];
        }
        double[][] ks = new double[7][];
        ks[0] = doubles(v.at(y0, 0));
        int evals = 1;
        double t = 0;
        double h = initialStep(y, ks[0], atol, rtol);
        double[] stage = new double[n];
        float[] stageF = new float[n];
        double[] y1 = new double[n];
        while (t < 1) {
            if (t + h > 1 || 1 - (t + h) < 1e-9) {
                h = 1 - t;
            }
            for (int s = 1; s < 7; s++) {
                for (int k = 0; k < n; k++) {
                    double acc = 0;
                    for (int j = 0; j < s; j++) {
                        acc += A[s][j] * ks[j][k];
                    }
                    stage[k] = y[k] + h * acc;
                }
                if (s == 6) {
                    System.arraycopy(stage, 0, y1, 0, n); // the fifth-order solution (A's last row is B5)
                }
                for (int k = 0; k < n; k++) {
                    stageF[k] = (float) stage[k];
                }
                ks[s] = doubles(v.at(stageF, t + C[s] * h));
                evals++;
            }
            double sum = 0;
            for (int k = 0; k < n; k++) {
                double e = 0;
                for (int j = 0; j < 7; j++) {
                    e += E[j] * ks[j][k];
                }
                double scale = atol + rtol * Math.max(Math.abs(y[k]), Math.abs(y1[k]));
                double r = h * e / scale;
                sum += r * r;
            }
            double err = Math.sqrt(sum / n);
            if (!Double.isFinite(err)) {
                throw new ArithmeticException("dopri5: the velocity turned non-finite at t = " + t);
            }
            if (err <= 1) {
                t = (1 - (t + h) < 1e-12) ? 1 : t + h;
                double[] swap = y;
                y = y1;
                y1 = swap;
                ks[0] = ks[6]; // first same as last
            }
            h *= Math.min(10, Math.max(0.2, 0.9 * Math.pow(Math.max(err, 1e-10), -0.2)));
            if (evals > maxEvaluations) {
                throw new IllegalStateException("dopri5: more than " + maxEvaluations + " velocity evaluations before t = 1 (at t = "
                        + t + "); loosen the tolerance or use the midpoint solver");
            }
        }
        float[] out = new float[n];
        for (int k = 0; k < n; k++) {
            out[k] = (float) y[k];
        }
        return new Result(out, evals);
    }

    /** Hairer's starting step: 0.01·‖y‖/‖f‖ in the scaled norm, at most 0.1. */
    private static double initialStep(double[] y, double[] f, double atol, double rtol) {
        double d0 = 0;
        double d1 = 0;
        for (int k = 0; k < y.length; k++) {
            double scale = atol + rtol * Math.abs(y[k]);
            d0 += (y[k] / scale) * (y[k] / scale);
            d1 += (f[k] / scale) * (f[k] / scale);
        }
        d0 = Math.sqrt(d0 / y.length);
        d1 = Math.sqrt(d1 / y.length);
        double h = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1;
        return Math.min(Math.max(h, 1e-6), 0.1);
    }

    private static double[] doubles(float[] f) {
        double[] d = new double[f.length];
        for (int k = 0; k < f.length; k++) {
            d[k] = f[k];
        }
        return d;
    }
}
