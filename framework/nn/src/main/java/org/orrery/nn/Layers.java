package org.orrery.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Small modules over {@link Ops}, each registering its parameters in a {@link Params} under a dotted
 * name. Initialisation follows torch's defaults (U(±1/√fan_in) for weights and biases, GroupNorm
 * γ = 1, β = 0) so that the same network in Python starts from the same distribution.
 */
public final class Layers {

    private Layers() {
    }

    /** torch.nn.Linear. */
    public static final class Linear {
        final NDArray w;
        final NDArray b;

        public Linear(Params p, String name, int in, int out) {
            double bound = 1 / Math.sqrt(in);
            w = p.uniform(name + ".w", bound, out, in);
            b = p.uniform(name + ".b", bound, out);
        }

        public NDArray forward(NDArray x) {
            return Ops.linear(x, w, b);
        }
    }

    /** Convolution over 2 or 3 spatial axes, "same" padding (zero or periodic), optional stride. */
    public static final class Conv {
        final NDArray w;
        final NDArray b;
        final int stride;
        final boolean periodic;

        public Conv(Params p, String name, int dim, int in, int out, int kernel, int stride, boolean periodic) {
            long[] shape = new long[2 + dim];
            shape[0] = out;
            shape[1] = in;
            long fanIn = in;
            for (int i = 0; i < dim; i++) {
                shape[2 + i] = kernel;
                fanIn *= kernel;
            }
            double bound = 1 / Math.sqrt(fanIn);
            w = p.uniform(name + ".w", bound, shape);
            b = p.uniform(name + ".b", bound, out);
            this.stride = stride;
            this.periodic = periodic;
        }

        public NDArray forward(NDArray x) {
            return Ops.conv(x, w, b, stride, periodic);
        }
    }

    /** GroupNorm with a per-channel affine. */
    public static final class GroupNorm {
        final NDArray gamma;
        final NDArray beta;
        final int groups;

        public GroupNorm(Params p, String name, int groups, int channels) {
            this.groups = Math.min(groups, channels);
            gamma = p.constant(name + ".gamma", 1f, channels);
            beta = p.constant(name + ".beta", 0f, channels);
        }

        public NDArray forward(NDArray x) {
            return Ops.groupNorm(x, groups, gamma, beta, 1e-5f);
        }
    }

    /** MLP: Linear - SiLU - … - Linear (no activation after the last layer). */
    public static final class Mlp {
        final List<Linear> layers = new ArrayList<>();

        public Mlp(Params p, String name, int... widths) {
            for (int i = 0; i + 1 < widths.length; i++) {
                layers.add(new Linear(p, name + "." + i, widths[i], widths[i + 1]));
            }
        }

        public NDArray forward(NDArray x) {
            NDArray h = x;
            for (int i = 0; i < layers.size(); i++) {
                h = layers.get(i).forward(h);
                if (i + 1 < layers.size()) {
                    h = Ops.silu(h);
                }
            }
            return h;
        }
    }

    /** Sinusoidal features of t followed by Linear - SiLU - Linear. */
    public static final class TimeEmbedding {
        final int features;
        final Mlp mlp;

        public TimeEmbedding(Params p, String name, int features, int width) {
            this.features = features;
            mlp = new Mlp(p, name, features, width, width);
        }

        public NDArray forward(NDArray t) {
            return mlp.forward(Ops.timeFeatures(t, features));
        }
    }

    /**
     * Residual block: GN - SiLU - conv3 - (+ Linear(temb)) - GN - SiLU - conv3, plus the input
     * (through a 1×1 conv when the channel count changes).
     */
    public static final class ResBlock {
        final GroupNorm n1;
        final GroupNorm n2;
        final Conv c1;
        final Conv c2;
        final Conv skip;
        final Linear t;

        public ResBlock(Params p, String name, int dim, int in, int out, int temb, int groups, boolean periodic) {
            n1 = new GroupNorm(p, name + ".n1", groups, in);
            c1 = new Conv(p, name + ".c1", dim, in, out, 3, 1, periodic);
            t = temb > 0 ? new Linear(p, name + ".t", temb, out) : null;
            n2 = new GroupNorm(p, name + ".n2", groups, out);
            c2 = new Conv(p, name + ".c2", dim, out, out, 3, 1, periodic);
            skip = in != out ? new Conv(p, name + ".skip", dim, in, out, 1, 1, false) : null;
        }

        public NDArray forward(NDArray x, NDArray temb) {
            NDArray h = c1.forward(Ops.silu(n1.forward(x)));
            if (t != null) {
                NDArray e = t.forward(temb);
                long[] s = new long[h.getShape().dimension()];
                java.util.Arrays.fill(s, 1);
                s[0] = e.getShape().get(0);
                s[1] = e.getShape().get(1);
                h = h.add(e.reshape(s));
            }
            h = c2.forward(Ops.silu(n2.forward(h)));
            return h.add(skip == null ? x : skip.forward(x));
        }
    }

    /**
     * U-Net over 2 or 3 spatial axes with a time embedding: per level two residual blocks, stride-2
     * conv down, nearest ×2 + conv3 up, skip concatenation. The reference network of bench/nn-runtime.sh.
     */
    public static final class UNet {
        final int dim;
        final TimeEmbedding temb;
        final Conv in;
        final List<ResBlock[]> enc = new ArrayList<>();
        final List<Conv> down = new ArrayList<>();
        final List<Conv> up = new ArrayList<>();
        final List<ResBlock[]> dec = new ArrayList<>();
        final GroupNorm nout;
        final Conv out;
        final int bottleneckChannels;
        final int tembWidth;

        public UNet(Params p, String name, int dim, int inChannels, int outChannels, int[] channels, int tembWidth,
                    int groups, boolean periodic) {
            this.dim = dim;
            temb = new TimeEmbedding(p, name + ".temb", 32, tembWidth);
            in = new Conv(p, name + ".in", dim, inChannels, channels[0], 3, 1, periodic);
            int c = channels[0];
            for (int i = 0; i < channels.length; i++) {
                String l = name + ".enc" + i;
                enc.add(new ResBlock[] {
                    new ResBlock(p, l + ".0", dim, c, channels[i], tembWidth, groups, periodic),
                    new ResBlock(p, l + ".1", dim, channels[i], channels[i], tembWidth, groups, periodic)});
                c = channels[i];
                if (i < channels.length - 1) {
                    down.add(new Conv(p, name + ".down" + i, dim, c, c, 3, 2, periodic));
                }
            }
            for (int i = channels.length - 2; i >= 0; i--) {
                String l = name + ".dec" + i;
                up.add(new Conv(p, name + ".up" + i, dim, c, c, 3, 1, periodic));
                dec.add(new ResBlock[] {
                    new ResBlock(p, l + ".0", dim, c + channels[i], channels[i], tembWidth, groups, periodic),
                    new ResBlock(p, l + ".1", dim, channels[i], channels[i], tembWidth, groups, periodic)});
                c = channels[i];
            }
            nout = new GroupNorm(p, name + ".nout", groups, c);
            out = new Conv(p, name + ".out", dim, c, outChannels, 3, 1, periodic);
            this.bottleneckChannels = channels[channels.length - 1];
            this.tembWidth = tembWidth;
        }

        public NDArray forward(NDArray x, NDArray t) {
            return pass(x, t).output();
        }

        /**
         * The same forward pass as {@link #forward} (the same operations in the same order, so the same
         * output), also returning the bottleneck (the deepest level's activation after its residual
         * blocks, [b, {@link #bottleneckChannels()}, grid / 2^(levels − 1)…]) and the time embedding
         * [b, tembWidth], for a head that reads them.
         */
        public Pass pass(NDArray x, NDArray t) {
            NDArray e = temb.forward(t);
            NDArray h = in.forward(x);
            Deque<NDArray> skips = new ArrayDeque<>();
            for (int i = 0; i < enc.size(); i++) {
                for (ResBlock b : enc.get(i)) {
                    h = b.forward(h, e);
                }
                if (i < down.size()) {
                    skips.push(h);
                    h = down.get(i).forward(h);
                }
            }
            NDArray bottleneck = h;
            for (int i = 0; i < up.size(); i++) {
                h = up.get(i).forward(Ops.upsample2(h));
                h = NDArrays.concat(new NDList(h, skips.pop()), 1);
                for (ResBlock b : dec.get(i)) {
                    h = b.forward(h, e);
                }
            }
            return new Pass(out.forward(Ops.silu(nout.forward(h))), bottleneck, e);
        }

        /** Channels of the bottleneck: the last entry of the channels per level. */
        public int bottleneckChannels() {
            return bottleneckChannels;
        }

        /** The width of the time embedding. */
        public int timeEmbeddingWidth() {
            return tembWidth;
        }

        /** One forward pass: the output, the bottleneck activation and the time embedding. */
        public record Pass(NDArray output, NDArray bottleneck, NDArray timeEmbedding) {
        }
    }

    /**
     * Convolutional encoder of 2-D images or 3-D grids to a summary vector: conv3 to {@code stem}
     * channels, then per entry of {@code channels} a stride-2 conv3, GroupNorm, SiLU; global mean;
     * Linear - SiLU - Linear to {@code summaries}. The bench's reference encoder is
     * (stem 16, channels 32-64-128, hidden 128, summaries 32).
     */
    public static final class CnnEncoder {
        final Conv in;
        final List<Conv> convs = new ArrayList<>();
        final List<GroupNorm> norms = new ArrayList<>();
        final Mlp head;

        public CnnEncoder(Params p, String name, int dim, int inChannels, int stem, int[] channels, int hidden,
                          int summaries, int groups, boolean periodic) {
            in = new Conv(p, name + ".in", dim, inChannels, stem, 3, 1, periodic);
            int c = stem;
            for (int i = 0; i < channels.length; i++) {
                convs.add(new Conv(p, name + ".conv" + i, dim, c, channels[i], 3, 2, periodic));
                norms.add(new GroupNorm(p, name + ".norm" + i, groups, channels[i]));
                c = channels[i];
            }
            head = new Mlp(p, name + ".head", c, hidden, summaries);
        }

        public NDArray forward(NDArray x) {
            NDArray h = in.forward(x);
            for (int i = 0; i < convs.size(); i++) {
                h = Ops.silu(norms.get(i).forward(convs.get(i).forward(h)));
            }
            return head.forward(Ops.globalMean(h));
        }
    }
}
