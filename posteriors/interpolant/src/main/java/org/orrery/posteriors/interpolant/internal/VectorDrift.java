package org.orrery.posteriors.interpolant.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.nn.Layers;
import org.orrery.nn.Ops;
import org.orrery.nn.Params;

/**
 * The FMPE drift: an MLP on [θ_t, x, time features(t)] → velocity in θ (all z-scored). Path
 * θ_t = (1 − t)·z + t·θ with z ~ N(0, I) (the interpolant with σ₀ = 0 and β = t, x₀ = z), target θ − z;
 * sampling integrates the ODE from z at t = 0 to t = 1 with the midpoint rule.
 */
final class VectorDrift {

    final int d;
    final int c;
    final int timeWidth;
    final Params params;
    final Layers.Mlp mlp;

    VectorDrift(int d, int c, int hidden, int layers, int timeWidth, long seed) {
        this.d = d;
        this.c = c;
        this.timeWidth = timeWidth;
        this.params = new Params(seed);
        int[] widths = new int[layers + 2];
        widths[0] = d + c + timeWidth;
        for (int i = 1; i <= layers; i++) {
            widths[i] = hidden;
        }
        widths[layers + 1] = d;
        this.mlp = new Layers.Mlp(params, "mlp", widths);
    }

    NDArray forward(NDManager m, float[] theta, float[] x, float[] t, int b) {
        float[] ts = new float[b];
        for (int i = 0; i < b; i++) {
            ts[i] = (float) (t[i] * FieldDrift.TIME_SCALE);
        }
        NDArray feats = Ops.timeFeatures(m.create(ts, new Shape(b)), timeWidth);
        NDArray in = NDArrays.concat(new NDList(m.create(theta, new Shape(b, d)), m.create(x, new Shape(b, c)), feats), 1);
        return mlp.forward(in);
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
                th[k] = (float) ((1 - ti) * z + ti * theta[k]);
                target[k] = (float) (theta[k] - z);
            }
        }
        return Ops.mse(forward(m, th, x, t, b), m.create(target, new Shape(b, d)));
    }

    /** b draws given one z-scored x: midpoint-rule ODE from z ~ N(0, I). */
    float[] sample(float[] xOne, int b, int steps, UniformRandomProvider rng) {
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
        float[] mid = new float[b * d];
        double h = 1.0 / steps;
        for (int s = 0; s < steps; s++) {
            java.util.Arrays.fill(t, (float) (s * h));
            float[] v1 = velocity(th, x, t, b);
            for (int k = 0; k < th.length; k++) {
                mid[k] = (float) (th[k] + 0.5 * h * v1[k]);
            }
            java.util.Arrays.fill(t, (float) ((s + 0.5) * h));
            float[] v2 = velocity(mid, x, t, b);
            for (int k = 0; k < th.length; k++) {
                th[k] = (float) (th[k] + h * v2[k]);
            }
        }
        return th;
    }

    private float[] velocity(float[] th, float[] x, float[] t, int b) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            try (NDManager m = params.manager().newSubManager()) {
                return forward(m, th, x, t, b).toFloatArray();
            }
        }
    }
}
