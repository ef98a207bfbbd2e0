package org.orrery.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;

/**
 * Functional network ops on channel-first tensors ([N, C, H, W] or [N, C, D, H, W]); all are
 * differentiable by libtorch's autograd.
 */
public final class Ops {

    private Ops() {
    }

    /** Spatial rank of a channel-first tensor (2 or 3). */
    public static int spatial(NDArray x) {
        return x.getShape().dimension() - 2;
    }

    /**
     * Convolution with "same" padding for odd kernels: zero padding, or periodic (circular) padding
     * for fields in periodic boxes. Weight [Cout, Cin, k...], bias [Cout] or null.
     */
    public static NDArray conv(NDArray x, NDArray w, NDArray b, int stride, boolean periodic) {
        int dim = spatial(x);
        int k = (int) w.getShape().get(2);
        int pad = k / 2;
        long[] s = new long[dim];
        long[] p = new long[dim];
        long[] d = new long[dim];
        java.util.Arrays.fill(s, stride);
        java.util.Arrays.fill(p, periodic ? 0 : pad);
        java.util.Arrays.fill(d, 1);
        NDArray in = periodic && pad > 0 ? periodicPad(x, pad) : x;
        NDList out = dim == 2
                ? Conv2d.conv2d(in, w, b, new Shape(s), new Shape(p), new Shape(d), 1)
                : Conv3d.conv3d(in, w, b, new Shape(s), new Shape(p), new Shape(d), 1);
        return out.singletonOrThrow();
    }

    /** Wraps {@code pad} cells of every spatial axis around (periodic boundary). */
    public static NDArray periodicPad(NDArray x, int pad) {
        NDArray y = x;
        int rank = x.getShape().dimension();
        for (int axis = 2; axis < rank; axis++) {
            long n = y.getShape().get(axis);
            if (pad > n) {
                throw new IllegalArgumentException("periodic padding " + pad + " exceeds axis length " + n);
            }
            // split gives views (cheap, and their backward is a plain copy); string indexing was ~5× slower
            NDList parts = y.split(new long[] {pad, n - pad}, axis);
            NDArray lo = parts.get(parts.size() - 1);
            NDArray hi = parts.get(0);
            y = NDArrays.concat(new NDList(lo, y, hi), axis);
        }
        return y;
    }

    private static NDIndex slice(int rank, int axis, long from, long to) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rank; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(i == axis ? from + ":" + to : ":");
        }
        return new NDIndex(sb.toString());
    }

    /** GroupNorm (Wu and He 2018): normalise over (C/groups, spatial) per sample, then a per-channel affine. */
    public static NDArray groupNorm(NDArray x, int groups, NDArray gamma, NDArray beta, float eps) {
        Shape shape = x.getShape();
        long n = shape.get(0);
        long c = shape.get(1);
        if (c % groups != 0) {
            throw new IllegalArgumentException("GroupNorm: " + c + " channels do not split into " + groups + " groups");
        }
        // libtorch's fused layer_norm over each (sample, group) row; the per-channel affine follows
        NDArray g = x.reshape(n, groups, -1);
        long k = g.getShape().get(2);
        NDArray one = g.getManager().ones(new Shape(k), g.getDataType());
        NDArray zero = g.getManager().zeros(new Shape(k), g.getDataType());
        NDArray normed = g.getNDArrayInternal().layerNorm(g, new Shape(k), one, zero, eps).singletonOrThrow().reshape(shape);
        long[] bshape = new long[shape.dimension()];
        java.util.Arrays.fill(bshape, 1);
        bshape[1] = c;
        return normed.mul(gamma.reshape(bshape)).add(beta.reshape(bshape));
    }

    /**
     * x·c for a constant c, safe inside a graph. DJL's {@code x.mul(Number)} makes c a Java-memory
     * tensor and closes it at once while autograd keeps it for backward: after a GC the backward pass
     * reads freed memory (issue 13; {@code FromJavaDataTest}). Use this for any constant factor on a
     * tensor that requires a gradient.
     */
    public static NDArray scale(NDArray x, double c) {
        NDArray k = Nn.scalar(x.getManager(), c);
        return x.mul(x.getDataType() == k.getDataType() ? k : k.toType(x.getDataType(), false));
    }

    /** SiLU (swish): x·σ(x). */
    public static NDArray silu(NDArray x) {
        return Activation.sigmoid(x).mul(x);
    }

    /** x [N, in] · wᵀ + b, w [out, in] as torch.nn.Linear. */
    public static NDArray linear(NDArray x, NDArray w, NDArray b) {
        NDArray y = x.matMul(w.transpose());
        return b == null ? y : y.add(b);
    }

    /** Nearest-neighbour ×2 upsampling of every spatial axis. */
    public static NDArray upsample2(NDArray x) {
        Shape s = x.getShape();
        int dim = spatial(x);
        long[] expanded = new long[2 + 2 * dim];
        long[] broadcast = new long[2 + 2 * dim];
        long[] out = new long[2 + dim];
        expanded[0] = broadcast[0] = out[0] = s.get(0);
        expanded[1] = broadcast[1] = out[1] = s.get(1);
        for (int i = 0; i < dim; i++) {
            long n = s.get(2 + i);
            expanded[2 + 2 * i] = broadcast[2 + 2 * i] = n;
            expanded[3 + 2 * i] = 1;
            broadcast[3 + 2 * i] = 2;
            out[2 + i] = 2 * n;
        }
        return x.reshape(expanded).broadcast(broadcast).reshape(out);
    }

    /** Mean over all spatial axes: [N, C, ...] → [N, C]. */
    public static NDArray globalMean(NDArray x) {
        return x.reshape(x.getShape().get(0), x.getShape().get(1), -1).mean(new int[] {2});
    }

    /** Sinusoidal features of t [N] (Vaswani et al.; as DDPM): [sin(t·f_k), cos(t·f_k)], f_k = 10000^(−k/half). */
    public static NDArray timeFeatures(NDArray t, int dim) {
        int half = dim / 2;
        float[] f = new float[half];
        for (int k = 0; k < half; k++) {
            f[k] = (float) Math.exp(-Math.log(10000.0) * k / half);
        }
        NDArray freq = Nn.create(t.getManager(), f, new Shape(1, half)).toType(t.getDataType(), false);
        NDArray a = t.reshape(-1, 1).mul(freq);
        return NDArrays.concat(new NDList(a.sin(), a.cos()), 1);
    }

    /** Mean squared error over all elements. */
    public static NDArray mse(NDArray pred, NDArray target) {
        return pred.sub(target).square().mean();
    }
}
