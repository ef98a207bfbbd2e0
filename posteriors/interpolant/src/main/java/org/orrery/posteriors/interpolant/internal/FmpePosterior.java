package org.orrery.posteriors.interpolant.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.ArraySpec;
import org.orrery.parameter.ParameterSpace;
import org.orrery.posterior.Posterior;

/**
 * Flow-matching posterior q(θ | x): draws integrate the learned velocity from a standard normal;
 * draws outside the prior box are dropped and drawn again. The density would need the divergence
 * along the path and is not offered: {@link #logProb} refuses in one line.
 */
final class FmpePosterior implements Posterior {

    final DriftConfig config;
    final ParameterSpace space;
    final ArraySpec observable;
    final VectorDrift drift;
    final double[] xMean;
    final double[] xStd;
    final double[] thetaMean;
    final double[] thetaStd;
    final List<double[]> history;

    FmpePosterior(DriftConfig config, ParameterSpace space, ArraySpec observable, VectorDrift drift, double[] xMean,
            double[] xStd, double[] thetaMean, double[] thetaStd, List<double[]> history) {
        this.config = config;
        this.space = space;
        this.observable = observable;
        this.drift = drift;
        this.xMean = xMean.clone();
        this.xStd = xStd.clone();
        this.thetaMean = thetaMean.clone();
        this.thetaStd = thetaStd.clone();
        this.history = List.copyOf(history);
    }

    @Override
    public ParameterSpace parameters() {
        return space;
    }

    @Override
    public ArraySpec observable() {
        return observable;
    }

    @Override
    public double[][] sample(double[] x, int n, UniformRandomProvider rng) {
        if (x == null || x.length != drift.c) {
            throw new IllegalArgumentException("observation of " + (x == null ? 0 : x.length) + " values does not match the fmpe "
                    + "posterior's observable " + observable + " (" + drift.c + " values)");
        }
        if (n < 1) {
            throw new IllegalArgumentException("number of draws must be >= 1, got " + n);
        }
        float[] xz = new float[drift.c];
        for (int i = 0; i < drift.c; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException("observation holds a non-finite value " + x[i]);
            }
            xz[i] = (float) ((x[i] - xMean[i]) / xStd[i]);
        }
        int d = drift.d;
        int batch = Math.max(config.integer("sample_batch"), 1);
        int steps = config.integer("sampling_steps");
        boolean adaptive = config.text("ode_solver").equals("dopri5");
        double atol = config.number("ode_atol");
        double rtol = adaptive ? config.number("ode_rtol") : Double.NaN;
        double[][] out = new double[n][];
        int got = 0;
        int rounds = 0;
        while (got < n) {
            if (++rounds > 50 + 50 * ((n + batch - 1) / batch)) {
                throw new IllegalStateException("fmpe: only " + got + " of " + n + " draws fell inside the prior box");
            }
            int b = Math.min(batch, Math.max(n - got, 1));
            float[] th = drift.sample(xz, b, steps, atol, rtol, rng);
            for (int i = 0; i < b && got < n; i++) {
                double[] t = new double[d];
                for (int j = 0; j < d; j++) {
                    t[j] = thetaMean[j] + thetaStd[j] * th[i * d + j];
                }
                if (space.contains(t)) {
                    out[got++] = t;
                }
            }
        }
        return out;
    }

    @Override
    public double logProb(double[] theta, double[] x) {
        throw new UnsupportedOperationException("the fmpe posterior offers samples only (its density needs the ODE's divergence)");
    }

    @Override
    public void write(OutputStream out) throws IOException {
        DriftCodec.writeVector(this, out);
    }
}
