package org.orrery.posteriors.maf.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import org.orrery.nn.Layers;
import org.orrery.nn.NamedArray;
import org.orrery.nn.Ops;
import org.orrery.nn.Params;

/**
 * An embedding network on the shared network runtime (org.orrery.nn, libtorch): maps z-scored
 * observations [n, size] to summaries [n, m] that condition the flow.
 */
final class Embedding {

    final EmbeddingSpec spec;
    final Params params;
    private final Layers.CnnEncoder cnn;
    private final Layers.Mlp mlp;
    private final Layers.Mlp phi;

    Embedding(EmbeddingSpec spec, long seed) {
        this.spec = spec;
        this.params = new Params(seed);
        int[] s = spec.inputShape();
        switch (spec.kind()) {
            case "cnn" -> {
                cnn = new Layers.CnnEncoder(params, "cnn", s.length, 1, spec.channels()[0], spec.channels(), spec.hidden(),
                        spec.summaries(), Math.min(4, spec.channels()[0]), spec.periodic());
                mlp = null;
                phi = null;
            }
            case "mlp" -> {
                cnn = null;
                mlp = new Layers.Mlp(params, "mlp", spec.inputSize(), spec.hidden(), spec.hidden(), spec.summaries());
                phi = null;
            }
            default -> {
                // deep sets: φ on each point, mean over the set, ρ on the pooled vector
                int point = spec.inputSize() / spec.setSize();
                cnn = null;
                phi = new Layers.Mlp(params, "phi", point, spec.hidden(), spec.hidden());
                mlp = new Layers.Mlp(params, "rho", spec.hidden(), spec.hidden(), spec.summaries());
            }
        }
    }

    NDManager manager() {
        return params.manager();
    }

    /** Summaries of x [n, size] (graph kept when a gradient collector is open). */
    NDArray forward(NDArray x) {
        long n = x.getShape().get(0);
        switch (spec.kind()) {
            case "cnn" -> {
                long[] shape = new long[2 + spec.inputShape().length];
                shape[0] = n;
                shape[1] = 1;
                for (int i = 0; i < spec.inputShape().length; i++) {
                    shape[2 + i] = spec.inputShape()[i];
                }
                return cnn.forward(x.reshape(shape));
            }
            case "mlp" -> {
                return mlp.forward(x);
            }
            default -> {
                NDArray pts = x.reshape(n, spec.setSize(), spec.inputSize() / spec.setSize());
                return mlp.forward(Ops.silu(phi.forward(pts)).mean(new int[] {1}));
            }
        }
    }

    /** Rows [from, to) of the row-major double matrix {@code x} (width = input size) as a float tensor. */
    NDArray rows(NDManager m, double[] x, int from, int to) {
        int c = spec.inputSize();
        float[] f = new float[(to - from) * c];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) x[from * c + i];
        }
        return m.create(f, new Shape(to - from, c));
    }

    /** Summaries of rows [from, to) of x, without a graph, as a row-major double array. */
    double[] summarise(double[] x, int from, int to) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            float[] s = forward(rows(manager(), x, from, to)).toFloatArray();
            double[] out = new double[s.length];
            for (int i = 0; i < s.length; i++) {
                out[i] = s[i];
            }
            return out;
        }
    }

    /** The one-line error for an observation whose size does not match the embedding's input. */
    void checkObservation(double[] obs) {
        if (obs == null || obs.length != spec.inputSize()) {
            throw new IllegalArgumentException("observation of " + (obs == null ? 0 : obs.length) + " values does not match the "
                    + spec.kind() + " embedding's input shape " + Arrays.toString(spec.inputShape()) + " (" + spec.inputSize()
                    + " values)");
        }
    }

    List<NamedArray> weights() {
        return params.export();
    }

    void load(List<NamedArray> w) {
        params.load(w);
    }
}
