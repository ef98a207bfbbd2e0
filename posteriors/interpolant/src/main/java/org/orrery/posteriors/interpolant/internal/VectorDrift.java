package org.orrery.posteriors.interpolant.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.nn.Layers;
import org.orrery.nn.Ops;
import org.orrery.nn.Params;

/**
 * The FMPE velocity network, after sbi's default flow-matching network (sbi's {@code VectorFieldMLP}):
 * θ_t and x each through a linear layer, merged by a linear layer on GELU of the two; then
 * {@code layers} residual blocks h ← LayerNorm(h + GELU(Linear(h)) + Linear(time features)); a
 * zero-initialised linear output. All of θ, x z-scored.
 *
 * <p>Path (σ_min = {@link #SIGMA_MIN}, as Lipman et al. and sbi's {@code noise_scale}):
 * θ_t = (1 − (1 − σ_min) t)·z + t·θ, z ~ N(0, I), target velocity θ − (1 − σ_min) z. As sbi, the
 * network sees θ_t divided by its marginal standard deviation √((1 − (1 − σ_min)t)² + t²) (θ
 * z-scored), and regresses the velocity divided by its standard deviation √(1 + (1 − σ_min)²).
 * Sampling integrates the ODE from z at t = 0 to t = 1 ({@link FlowOde}: adaptive Dormand–Prince by
 * default, as sbi through zuko, or the midpoint rule).
 */
final class VectorDrift {

    static final double SIGMA_MIN = 1e-3;
    private static final double A = 1 - SIGMA_MIN;
    private static final float V_STD = (float) Math.sqrt(1 + A * A);

    final int d;
    final int c;
    final int timeWidth;
    final Params params;
    private final Layers.Linear inTheta;
    private final Layers.Linear inX;
    private final Layers.Linear merge;
    private final Layers.Linear time;
    private final Layers.Linear[] blocks;
    private final NDArray[] gamma;
    private final NDArray[] beta;
    private final NDArray outW;
    private final NDArray outB;
    private final NDArray timeW;
    final boolean fourier;
    final boolean baseline;
    static final double FOURIER_SCALE = 30;
    /** Velocity evaluations of the last {@link #sample} call (for benches). */
    volatile int lastEvaluations;

    /**
     * @param fourier  learnable random Fourier time features (sbi's default: frequencies N(0, 30²) cycles per unit
     *                 time, trained) instead of fixed sinusoidal ones (100·t at 10000^(−k/half) radians)
     * @param baseline sbi's Gaussian baseline: the velocity is the exact one for a standard normal θ plus the
     *                 network's output times the marginal std at t (else the output times the target's constant std)
     */
    VectorDrift(int d, int c, int hidden, int layers, int timeWidth, boolean fourier, boolean baseline, long seed) {
        this.d = d;
        this.c = c;
        this.timeWidth = timeWidth;
        this.fourier = fourier;
        this.baseline = baseline;
        this.params = new Params(seed);
        inTheta = new Layers.Linear(params, "in_theta", d, hidden);
        inX = new Layers.Linear(params, "in_x", c, hidden);
        merge = new Layers.Linear(params, "merge", 2 * hidden, hidden);
        time = new Layers.Linear(params, "time", timeWidth, hidden);
        blocks = new Layers.Linear[layers];
        gamma = new NDArray[layers];
        beta = new NDArray[layers];
        for (int i = 0; i < layers; i++) {
            blocks[i] = new Layers.Linear(params, "block" + i, hidden, hidden);
            gamma[i] = params.constant("norm" + i + ".gamma", 1f, hidden);
            beta[i] = params.constant("norm" + i + ".beta", 0f, hidden);
        }
        outW = params.constant("out.w", 0f, d, hidden);
        outB = params.constant("out.b", 0f, d);
        if (fourier) {
            float[] w = new float[timeWidth / 2];
            java.util.SplittableRandom r = new java.util.SplittableRandom(seed ^ 0x5DEECE66DL);
            for (int k = 0; k < w.length; k++) {
                w[k] = (float) (FOURIER_SCALE * gaussian(r));
            }
            timeW = params.constant("time.fourier", 0f, w.length);
            timeW.set(w);
        } else {
            timeW = null;
        }
    }

    private static double gaussian(java.util.SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** The network's raw output for z-scored θ_t and x ({@code velocity(m, out, …)} makes it the velocity). */
    NDArray forward(NDManager m, float[] theta, float[] x, float[] t, int b) {
        float[] ts = new float[b];
        float[] scaled = new float[b * d];
        for (int i = 0; i < b; i++) {
            ts[i] = (float) (t[i] * FieldDrift.TIME_SCALE);
            double a = 1 - A * t[i];
            float inv = (float) (1 / Math.sqrt(a * a + (double) t[i] * t[i]));
            for (int j = 0, k = i * d; j < d; j++, k++) {
                scaled[k] = theta[k] * inv;
            }
        }
        NDArray te;
        if (fourier) {
            NDArray a = m.create(t, new Shape(b, 1)).mul(timeW.reshape(1, timeWidth / 2)).mul((float) (2 * Math.PI));
            te = time.forward(NDArrays.concat(new NDList(a.sin(), a.cos()), 1));
        } else {
            te = time.forward(Ops.timeFeatures(m.create(ts, new Shape(b)), timeWidth));
        }
        NDArray h = merge.forward(Activation.gelu(NDArrays.concat(new NDList(
                inTheta.forward(m.create(scaled, new Shape(b, d))), inX.forward(m.create(x, new Shape(b, c)))), 1)));
        h = Activation.gelu(h);
        for (int i = 0; i < blocks.length; i++) {
            h = layerNorm(h.add(Activation.gelu(blocks[i].forward(h))).add(te), gamma[i], beta[i]);
        }
        return Ops.linear(h, outW, outB);
    }

    private static NDArray layerNorm(NDArray h, NDArray g, NDArray b) {
        NDArray mean = h.mean(new int[] {1}, true);
        NDArray centred = h.sub(mean);
        NDArray var = centred.square().mean(new int[] {1}, true);
        return centred.div(var.add(1e-5f).sqrt()).mul(g).add(b);
    }

    NDArray loss(NDManager m, float[] x, float[] theta, int b, UniformRandomProvider rng) {
        var gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        float[] t = new float[b];
        float[] th = new float[b * d];
        float[] target = new float[b * d];
        for (int i = 0; i < b; i++) {
            double ti = rng.nextDouble();
            t[i] = (float) ti;
            for (int j = 0, k = i * d; j < d; j++, k++) {
                double z = gauss.sample();
                th[k] = (float) ((1 - A * ti) * z + ti * theta[k]);
                target[k] = (float) ((theta[k] - A * z) / V_STD);
            }
        }
        NDArray out = forward(m, th, x, t, b);
        if (!baseline) {
            return Ops.mse(out, m.create(target, new Shape(b, d)));
        }
        for (int k = 0; k < target.length; k++) {
            target[k] *= V_STD;
        }
        return Ops.mse(velocity(m, out, th, t, b), m.create(target, new Shape(b, d)));
    }

    /**
     * b draws given one z-scored x: the ODE from z ~ N(0, I) at t = 0 to t = 1, with the midpoint rule
     * on {@code steps} equal steps or, when {@code rtol} is not NaN, adaptive Dormand–Prince ({@link FlowOde}).
     */
    float[] sample(float[] xOne, int b, int steps, double atol, double rtol, UniformRandomProvider rng) {
        var gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        float[] x = new float[b * c];
        for (int i = 0; i < b; i++) {
            System.arraycopy(xOne, 0, x, i * c, c);
        }
        float[] th = new float[b * d];
        for (int k = 0; k < th.length; k++) {
            th[k] = (float) gauss.sample();
        }
        float[] t = new float[b];
        FlowOde.Velocity v = (y, time) -> {
            java.util.Arrays.fill(t, (float) time);
            return velocity(y, x, t, b);
        };
        FlowOde.Result r = Double.isNaN(rtol) ? FlowOde.midpoint(v, th, steps) : FlowOde.dopri5(v, th, atol, rtol, 100_000);
        lastEvaluations = r.evaluations();
        return r.y();
    }

    /**
     * The velocity from the network's output: out·{@link #V_STD}, or with the Gaussian baseline
     * out·s(t) + (t − A(1 − At))/s(t)²·θ_t, s(t)² = (1 − At)² + t², the exact velocity for θ ~ N(0, I) plus a
     * learned correction scaled by θ_t's marginal std (sbi's {@code gaussian_baseline}).
     */
    NDArray velocity(NDManager m, NDArray out, float[] theta, float[] t, int b) {
        if (!baseline) {
            return out.mul(V_STD);
        }
        float[] std = new float[b];
        float[] affine = new float[b * d];
        for (int i = 0; i < b; i++) {
            double a = 1 - A * t[i];
            double var = a * a + (double) t[i] * t[i];
            std[i] = (float) Math.sqrt(var);
            double slope = (t[i] - A * a) / var;
            for (int j = 0, k = i * d; j < d; j++, k++) {
                affine[k] = (float) (slope * theta[k]);
            }
        }
        return out.mul(m.create(std, new Shape(b, 1))).add(m.create(affine, new Shape(b, d)));
    }

    float[] velocity(float[] th, float[] x, float[] t, int b) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            try (NDManager m = params.manager().newSubManager()) {
                return velocity(m, forward(m, th, x, t, b), th, t, b).toFloatArray();
            }
        }
    }
}
