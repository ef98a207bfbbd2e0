package org.orrery.posteriors.interpolant.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.nn.Layers;
import org.orrery.nn.Ops;
import org.orrery.nn.Params;

/**
 * The drift b(x_t, t | x₀) of the field interpolant on a periodic U-Net, and its samplers. x₁ is the
 * pair (latent field, θ), θ z-scored, its noise z_θ one scalar per component; x₀ is the observed field
 * (z-scored): the state's start and, as one more input channel, the conditioning; θ's part of x₀ is 0.
 * θ is carried in one of two ways ({@code theta_head}):
 * <ul>
 * <li>{@link #CHANNELS}: as p constant extra channels of the state; its drift is the spatial mean of p
 * extra output channels. Input channels [field part of x_t, θ part of x_t (p), x₀]; output [field
 * drift, θ drift (p)].
 * <li>{@link #BOTTLENECK}: the U-Net sees [field part of x_t, x₀] and gives the field drift only; a head
 * on its bottleneck gives θ's drift: the bottleneck's global mean, the U-Net's time embedding and the θ
 * part of x_t through an MLP (Linear - SiLU - Linear - SiLU - Linear, {@code timeWidth} wide) to p.
 * </ul>
 */
final class FieldDrift {

    /** t enters the sinusoidal time features as 100·t, so that t ∈ [0, 1] spans their frequencies. */
    static final double TIME_SCALE = 100;

    final int[] grid;
    final int cells;
    final int p;
    final Schedule schedule;
    final Params params;
    final Layers.UNet unet;
    final int[] channels;
    final int timeWidth;
    final int groups;
    /** {@link #CHANNELS} or {@link #BOTTLENECK}. */
    final String thetaHead;
    /** θ's drift from the bottleneck, or null when θ rides as channels (or there is no θ). */
    final Layers.Mlp head;

    static final String CHANNELS = "channels";
    static final String BOTTLENECK = "bottleneck";

    FieldDrift(int[] grid, int p, Schedule schedule, int[] channels, int timeWidth, int groups, String thetaHead, long seed) {
        if (grid.length != 2 && grid.length != 3) {
            throw new IllegalArgumentException("the interpolant needs a 2-D or 3-D field, got shape " + Arrays.toString(grid));
        }
        this.grid = grid.clone();
        int c = 1;
        for (int g : grid) {
            c = Math.multiplyExact(c, g);
        }
        this.cells = c;
        this.p = p;
        this.schedule = schedule;
        this.channels = channels.clone();
        this.timeWidth = timeWidth;
        this.groups = groups;
        if (!CHANNELS.equals(thetaHead) && !BOTTLENECK.equals(thetaHead)) {
            throw new IllegalArgumentException("theta_head must be " + CHANNELS + " or " + BOTTLENECK + ", got " + thetaHead);
        }
        this.thetaHead = thetaHead;
        this.params = new Params(seed);
        boolean onBottleneck = BOTTLENECK.equals(thetaHead) && p > 0;
        int carried = onBottleneck ? 0 : p;
        this.unet = new Layers.UNet(params, "unet", grid.length, 2 + carried, 1 + carried, channels, timeWidth, groups, true);
        this.head = onBottleneck
                ? new Layers.Mlp(params, "theta_head", unet.bottleneckChannels() + unet.timeEmbeddingWidth() + p, timeWidth,
                        timeWidth, p)
                : null;
    }

    private long[] shape(int b, int ch) {
        long[] s = new long[2 + grid.length];
        s[0] = b;
        s[1] = ch;
        for (int i = 0; i < grid.length; i++) {
            s[2 + i] = grid[i];
        }
        return s;
    }

    /** [field drift (b, 1, grid…), θ drift (b, p)] at states (field, θ) given x₀ and t. */
    NDArray[] forward(NDManager m, float[] field, float[] theta, float[] x0, float[] t, int b) {
        NDArray f = m.create(field, new Shape(shape(b, 1)));
        NDArray o = m.create(x0, new Shape(shape(b, 1)));
        float[] ts = new float[b];
        for (int i = 0; i < b; i++) {
            ts[i] = (float) (t[i] * TIME_SCALE);
        }
        if (head != null) {
            Layers.UNet.Pass pass = unet.pass(NDArrays.concat(new NDList(f, o), 1), m.create(ts, new Shape(b)));
            NDArray features = NDArrays.concat(new NDList(Ops.globalMean(pass.bottleneck()), pass.timeEmbedding(),
                    m.create(theta, new Shape(b, p))), 1);
            return new NDArray[] {pass.output(), head.forward(features)};
        }
        NDList in = new NDList(f);
        if (p > 0) {
            long[] th = shape(b, p);
            long[] small = new long[th.length];
            Arrays.fill(small, 1);
            small[0] = b;
            small[1] = p;
            in.add(m.create(theta, new Shape(small)).broadcast(new Shape(th)));
        }
        in.add(o);
        NDArray out = unet.forward(NDArrays.concat(in, 1), m.create(ts, new Shape(b)));
        if (p == 0) {
            return new NDArray[] {out, null};
        }
        NDList parts = out.split(new long[] {1}, 1);
        return new NDArray[] {parts.get(0), Ops.globalMean(parts.get(1))};
    }

    /**
     * The regression loss on a batch: x0 [b·cells], x1 [b·cells], θ [b·p] (all z-scored); t ~ U(0, 1),
     * z ~ N(0, 1) per cell and per θ component. Mean squared error of the field drift plus that of θ's.
     */
    NDArray loss(NDManager m, float[] x0, float[] x1, float[] th, int b, UniformRandomProvider rng) {
        var gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        float[] t = new float[b];
        float[] xf = new float[b * cells];
        float[] tf = new float[b * cells];
        float[] xt = new float[b * p];
        float[] tt = new float[b * p];
        for (int i = 0; i < b; i++) {
            double ti = rng.nextDouble();
            t[i] = (float) ti;
            for (int c = 0, k = i * cells; c < cells; c++, k++) {
                double z = gauss.sample();
                xf[k] = (float) schedule.point(ti, x0[k], x1[k], z);
                tf[k] = (float) schedule.target(ti, x0[k], x1[k], z);
            }
            for (int j = 0, k = i * p; j < p; j++, k++) {
                double z = gauss.sample();
                xt[k] = (float) schedule.point(ti, 0, th[k], z);
                tt[k] = (float) schedule.target(ti, 0, th[k], z);
            }
        }
        NDArray[] b2 = forward(m, xf, xt, x0, t, b);
        NDArray l = Ops.mse(b2[0], m.create(tf, new Shape(shape(b, 1))));
        if (p > 0) {
            l = l.add(Ops.mse(b2[1], m.create(tt, new Shape(b, p))));
        }
        return l;
    }

    /**
     * Integrates from x₀ (z-scored observation, one field) at t = 0 to t = 1 for {@code b} draws at
     * once: Euler–Maruyama with diffusion γσ(t) ({@code gamma}; the first step always with γ = 1,
     * where only the trained drift is defined), or, with {@code ode}, one such step and then the
     * probability-flow ODE (γ = 0) by Euler. Returns {field [b·cells], θ [b·p]}, z-scored.
     */
    float[][] sample(float[] obs, int b, int steps, boolean ode, double gamma, UniformRandomProvider rng) {
        var gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        float[] x0 = new float[b * cells];
        float[] field = new float[b * cells];
        for (int i = 0; i < b; i++) {
            System.arraycopy(obs, 0, x0, i * cells, cells);
            System.arraycopy(obs, 0, field, i * cells, cells);
        }
        float[] theta = new float[b * p];
        float[] t = new float[b];
        double h = 1.0 / steps;
        NDManager root = params.manager();
        for (int s = 0; s < steps; s++) {
            double ts = s * h;
            double g = s == 0 ? 1 : ode ? 0 : gamma;
            Arrays.fill(t, (float) ts);
            float[] bf;
            float[] bt;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                try (NDManager m = root.newSubManager()) {
                    NDArray[] out = forward(m, field, theta, x0, t, b);
                    bf = out[0].toFloatArray();
                    bt = p > 0 ? out[1].toFloatArray() : new float[0];
                }
            }
            double noise = g * schedule.sigma(ts) * Math.sqrt(h);
            for (int k = 0; k < field.length; k++) {
                double d = schedule.drift(ts, field[k], x0[k], bf[k], g);
                field[k] = (float) (field[k] + d * h + (noise > 0 ? noise * gauss.sample() : 0));
            }
            for (int k = 0; k < theta.length; k++) {
                double d = schedule.drift(ts, theta[k], 0, bt[k], g);
                theta[k] = (float) (theta[k] + d * h + (noise > 0 ? noise * gauss.sample() : 0));
            }
        }
        return new float[][] {field, theta};
    }
}
