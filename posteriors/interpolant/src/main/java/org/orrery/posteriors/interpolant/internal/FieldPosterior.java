package org.orrery.posteriors.interpolant.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.ArraySpec;
import org.orrery.parameter.ParameterSpace;
import org.orrery.posterior.JointPosterior;

/**
 * The joint posterior p(latent field, θ | observed field) of a trained field interpolant: draws are
 * integrated from the observation (see {@link FieldDrift#sample}) and mapped back from z-scores.
 * There is no tractable density: {@link #logProb} refuses in one line.
 */
final class FieldPosterior implements JointPosterior {

    /** Rounds of draws before a posterior whose θ draws keep leaving the prior box gives up. */
    static final int MAX_ROUNDS = 50;

    final DriftConfig config;
    final ParameterSpace space;
    final ArraySpec observable;
    final ArraySpec latent;
    final FieldDrift drift;
    /** obs mean, obs std, latent mean, latent std. */
    final double[] fieldScale;
    final double[] thetaMean;
    final double[] thetaStd;
    final List<double[]> history;

    FieldPosterior(DriftConfig config, ParameterSpace space, ArraySpec observable, ArraySpec latent, FieldDrift drift,
            double[] fieldScale, double[] thetaMean, double[] thetaStd, List<double[]> history) {
        this.config = config;
        this.space = space;
        this.observable = observable;
        this.latent = latent;
        this.drift = drift;
        this.fieldScale = fieldScale.clone();
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
    public List<ArraySpec> latents() {
        return List.of(latent);
    }

    /** The settings it was trained with. */
    public Map<String, Object> settings() {
        return config.values().values();
    }

    void checkObservation(double[] x) {
        if (x == null || x.length != observable.size()) {
            throw new IllegalArgumentException("observation of " + (x == null ? 0 : x.length) + " values does not match the "
                    + "interpolant's observable " + observable + " (" + observable.size() + " values)");
        }
        for (double v : x) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("observation holds a non-finite value " + v);
            }
        }
    }

    /**
     * n joint draws with the posterior's own sampler settings; θ draws outside the prior box are
     * dropped and drawn again. Rows: θ [n][p] and the latent field [n][cells].
     */
    double[][][] draw(double[] x, int n, UniformRandomProvider rng) {
        return draw(x, n, config.text("sampler").equals("ode"), config.integer("sampling_steps"), config.number("diffusion"), rng);
    }

    double[][][] draw(double[] x, int n, boolean ode, int steps, double gamma, UniformRandomProvider rng) {
        checkObservation(x);
        if (n < 1) {
            throw new IllegalArgumentException("number of draws must be >= 1, got " + n);
        }
        int cells = drift.cells;
        float[] obs = new float[cells];
        for (int i = 0; i < cells; i++) {
            obs[i] = (float) ((x[i] - fieldScale[0]) / fieldScale[1]);
        }
        int batch = config.integer("sample_batch");
        int p = space.dimension();
        double[][] th = new double[n][];
        double[][] fields = new double[n][];
        int got = 0;
        for (int round = 0; got < n; round++) {
            if (round >= MAX_ROUNDS * Math.max(1, (n + batch - 1) / batch)) {
                throw new IllegalStateException("interpolant: only " + got + " of " + n
                        + " draws fell inside the prior box after " + round + " batches; the observation may be far outside the training set");
            }
            int b = Math.min(batch, n - got);
            float[][] s = drift.sample(obs, b, steps, ode, gamma, rng);
            for (int i = 0; i < b && got < n; i++) {
                double[] t = new double[p];
                for (int j = 0; j < p; j++) {
                    t[j] = thetaMean[j] + thetaStd[j] * s[1][i * p + j];
                }
                if (!space.contains(t)) {
                    continue;
                }
                double[] f = new double[cells];
                for (int c = 0; c < cells; c++) {
                    f[c] = fieldScale[2] + fieldScale[3] * s[0][i * cells + c];
                }
                th[got] = t;
                fields[got] = f;
                got++;
            }
        }
        return new double[][][] {th, fields};
    }

    @Override
    public double[][] sample(double[] x, int n, UniformRandomProvider rng) {
        return draw(x, n, rng)[0];
    }

    @Override
    public Map<String, double[]> sampleJoint(double[] x, UniformRandomProvider rng) {
        return sampleJoint(x, 1, rng).get(0);
    }

    @Override
    public List<Map<String, double[]>> sampleJoint(double[] x, int n, UniformRandomProvider rng) {
        double[][][] d = draw(x, n, rng);
        List<Map<String, double[]>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, double[]> m = new LinkedHashMap<>();
            m.put("theta", d[0][i]);
            m.put(latent.name(), d[1][i]);
            out.add(m);
        }
        return out;
    }

    @Override
    public double logProb(double[] theta, double[] x) {
        throw new UnsupportedOperationException("the interpolant posterior has no tractable density (it samples p(θ, "
                + latent.name() + " | x)); use samples, e.g. validators sbc and tarp");
    }

    @Override
    public void write(OutputStream out) throws IOException {
        DriftCodec.writeField(this, out);
    }

    @Override
    public String toString() {
        return "interpolant posterior of " + latent + " and " + space.names() + " given " + observable
                + " (U-Net " + Arrays.toString(drift.channels) + ", theta_head " + drift.thetaHead + ")";
    }
}
