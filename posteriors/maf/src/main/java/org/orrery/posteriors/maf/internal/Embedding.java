package org.orrery.posteriors.maf.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.orrery.mesh.RealFft;
import org.orrery.nn.Layers;
import org.orrery.nn.NamedArray;
import org.orrery.nn.Ops;
import org.orrery.nn.Params;
import org.orrery.training.ZScore;

/**
 * An embedding network on the shared network runtime (org.orrery.nn, libtorch): maps z-scored
 * observations [n, size] to summaries [n, m] that condition the flow (m = {@link EmbeddingSpec#outputs()}).
 * The cnn has two encoders ({@code embedding_pool}: {@code mean} is {@link Layers.CnnEncoder},
 * {@code power} is {@link PowerEncoder}) and, with {@code embedding_power_bins}, appends the input
 * field's standardised log power in shells of |k| ({@link #logPower}) to the learned summaries.
 */
final class Embedding {

    /** Names of the power shells' standardisation in {@link #weights()} (fitted, not trained). */
    static final String POWER_MEAN = "power.mean";
    static final String POWER_STD = "power.std";

    final EmbeddingSpec spec;
    final Params params;
    private final Layers.CnnEncoder cnn;
    private final PowerEncoder cnnPower;
    private final Layers.Mlp mlp;
    private final Layers.Mlp phi;
    /** Per-shell mean and std of the training fields' log power (identity until {@link #fitPower}). */
    private final float[] powerMean;
    private final float[] powerStd;
    /** Shell index (−1: none) and Hermitian weight of each cell of the half spectrum, built on first use. */
    private int[] shellOf;
    private double[] shellWeight;

    Embedding(EmbeddingSpec spec, long seed) {
        this.spec = spec;
        this.params = new Params(seed);
        int[] s = spec.inputShape();
        powerMean = new float[spec.powerBins()];
        powerStd = new float[spec.powerBins()];
        Arrays.fill(powerStd, 1f);
        switch (spec.kind()) {
            case "cnn" -> {
                if (spec.pool().equals("power")) {
                    cnn = null;
                    cnnPower = new PowerEncoder(params, "cnnp", s.length, spec.channels(), spec.hidden(), spec.summaries(),
                            Math.min(4, spec.channels()[0]), spec.periodic());
                } else {
                    cnn = new Layers.CnnEncoder(params, "cnn", s.length, 1, spec.channels()[0], spec.channels(), spec.hidden(),
                            spec.summaries(), Math.min(4, spec.channels()[0]), spec.periodic());
                    cnnPower = null;
                }
                mlp = null;
                phi = null;
            }
            case "mlp" -> {
                cnn = null;
                cnnPower = null;
                mlp = new Layers.Mlp(params, "mlp", spec.inputSize(), spec.hidden(), spec.hidden(), spec.summaries());
                phi = null;
            }
            default -> {
                // deep sets: φ on each point, mean over the set, ρ on the pooled vector
                int point = spec.inputSize() / spec.setSize();
                cnn = null;
                cnnPower = null;
                phi = new Layers.Mlp(params, "phi", point, spec.hidden(), spec.hidden());
                mlp = new Layers.Mlp(params, "rho", spec.hidden(), spec.hidden(), spec.summaries());
            }
        }
    }

    /**
     * The cnn of {@code embedding_pool: power}: stride-2 conv stages (the first one on the input, so no
     * layer runs at full resolution), each followed by GroupNorm and SiLU. The head sees, for every
     * stage and channel, log(mean over space of z² + 1e-6) where z is the stage's conv output before
     * its GroupNorm (the band power of a learned filter: a variance-like feature that keeps the
     * amplitude GroupNorm divides out), and the last stage's global mean.
     */
    static final class PowerEncoder {
        final List<Layers.Conv> convs = new ArrayList<>();
        final List<Layers.GroupNorm> norms = new ArrayList<>();
        final Layers.Mlp head;

        PowerEncoder(Params p, String name, int dim, int[] channels, int hidden, int summaries, int groups, boolean periodic) {
            int c = 1;
            int features = 0;
            for (int i = 0; i < channels.length; i++) {
                convs.add(new Layers.Conv(p, name + ".conv" + i, dim, c, channels[i], 3, 2, periodic));
                norms.add(new Layers.GroupNorm(p, name + ".norm" + i, groups, channels[i]));
                c = channels[i];
                features += c;
            }
            head = new Layers.Mlp(p, name + ".head", features + c, hidden, summaries);
        }

        NDArray forward(NDArray x) {
            NDList f = new NDList();
            NDArray h = x;
            for (int i = 0; i < convs.size(); i++) {
                NDArray z = convs.get(i).forward(h);
                f.add(Ops.globalMean(z.square()).add(1e-6f).log());
                h = Ops.silu(norms.get(i).forward(z));
            }
            f.add(Ops.globalMean(h));
            return head.forward(NDArrays.concat(f, 1));
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
                NDArray learned = cnnPower != null ? cnnPower.forward(x.reshape(shape)) : cnn.forward(x.reshape(shape));
                if (spec.powerBins() == 0) {
                    return learned;
                }
                int b = spec.powerBins();
                int c = spec.inputSize();
                float[] xv = x.toFloatArray();
                double[] field = new double[c];
                double[] lp = new double[b];
                float[] pw = new float[(int) n * b];
                for (int r = 0; r < n; r++) {
                    for (int i = 0; i < c; i++) {
                        field[i] = xv[r * c + i];
                    }
                    logPower(field, lp);
                    for (int k = 0; k < b; k++) {
                        pw[r * b + k] = (float) ((lp[k] - powerMean[k]) / powerStd[k]);
                    }
                }
                return learned.concat(x.getManager().create(pw, new Shape(n, b)), 1);
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

    /**
     * log of the mean of |δ_m / N|² over the modes in each shell b ≤ |m| < b+1 (b = 1..B, m the integer
     * wave vector, N the number of cells; both members of each Hermitian pair counted), from the
     * project's FFT ({@link RealFft}); a shell's log is floored at log(1e-30).
     */
    void logPower(double[] field, double[] out) {
        int[] shape = spec.inputShape();
        int g = shape[0];
        int dims = shape.length;
        int bins = spec.powerBins();
        if (shellOf == null) {
            buildShells(g, dims, bins);
        }
        double[] fk = RealFft.forward(field, g, dims, 1);
        double[] sum = new double[bins];
        double[] wsum = new double[bins];
        for (int cell = 0; cell < shellOf.length; cell++) {
            int b = shellOf[cell];
            if (b >= 0) {
                double re = fk[2 * cell];
                double im = fk[2 * cell + 1];
                sum[b] += shellWeight[cell] * (re * re + im * im);
                wsum[b] += shellWeight[cell];
            }
        }
        double cells2 = (double) field.length * field.length;
        for (int b = 0; b < bins; b++) {
            out[b] = Math.log(Math.max(sum[b] / wsum[b] / cells2, 1e-30));
        }
    }

    private void buildShells(int g, int dims, int bins) {
        int h = g / 2 + 1;
        int rows = dims == 3 ? g * g : g;
        int[] shell = new int[rows * h];
        double[] weight = new double[rows * h];
        for (int r = 0; r < rows; r++) {
            int mi = dims == 3 ? fold(r / g, g) : 0;
            int mj = fold(r % g, g);
            for (int l = 0; l < h; l++) {
                double k = Math.sqrt((double) mi * mi + (double) mj * mj + (double) l * l);
                int b = (int) Math.floor(k);
                int cell = r * h + l;
                shell[cell] = b >= 1 && b <= bins ? b - 1 : -1;
                weight[cell] = l == 0 || l == g / 2 ? 1 : 2;
            }
        }
        shellWeight = weight;
        shellOf = shell;
    }

    private static int fold(int i, int g) {
        return i <= g / 2 ? i : i - g;
    }

    /**
     * Fits the power shells' standardisation on the training fields (rows 0..n-1 as the embedding
     * sees them, i.e. z-scored): per shell, the mean and the unbiased std of the log power.
     */
    void fitPower(int n, IntFunction<double[]> row) {
        int b = spec.powerBins();
        if (b == 0) {
            return;
        }
        double[][] lp = new double[n][b];
        for (int r = 0; r < n; r++) {
            logPower(row.apply(r), lp[r]);
        }
        for (int k = 0; k < b; k++) {
            double m = 0;
            for (double[] v : lp) {
                m += v[k];
            }
            m /= n;
            double s = 0;
            for (double[] v : lp) {
                s += (v[k] - m) * (v[k] - m);
            }
            s = Math.sqrt(s / Math.max(1, n - 1));
            powerMean[k] = (float) m;
            powerStd[k] = (float) (s > 1e-6 ? s : 1.0);
        }
    }

    /**
     * {@code embedding_input: global}: the per-voxel z-scoring {@code z} replaced by one mean and one
     * standard deviation for all voxels, pooled over voxels (mean of the means; variance = mean of the
     * per-voxel variances plus the variance of the per-voxel means).
     */
    static ZScore pooled(ZScore z) {
        int c = z.dim();
        double m = 0;
        for (double v : z.mean()) {
            m += v;
        }
        m /= c;
        double var = 0;
        for (int j = 0; j < c; j++) {
            var += z.std()[j] * z.std()[j] + (z.mean()[j] - m) * (z.mean()[j] - m);
        }
        double s = Math.sqrt(var / c);
        double[] mean = new double[c];
        double[] std = new double[c];
        Arrays.fill(mean, m);
        Arrays.fill(std, s);
        return new ZScore(mean, std);
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

    /** The trained weights, then (with power shells) the shells' fitted standardisation. */
    List<NamedArray> weights() {
        List<NamedArray> w = params.export();
        if (spec.powerBins() > 0) {
            w = new ArrayList<>(w);
            w.add(new NamedArray(POWER_MEAN, new long[] {spec.powerBins()}, powerMean.clone()));
            w.add(new NamedArray(POWER_STD, new long[] {spec.powerBins()}, powerStd.clone()));
        }
        return w;
    }

    void load(List<NamedArray> w) {
        if (spec.powerBins() == 0) {
            params.load(w);
            return;
        }
        List<NamedArray> trained = new ArrayList<>(w.size());
        NamedArray mean = null;
        NamedArray std = null;
        for (NamedArray a : w) {
            switch (a.name()) {
                case POWER_MEAN -> mean = a;
                case POWER_STD -> std = a;
                default -> trained.add(a);
            }
        }
        if (mean == null || std == null || mean.data().length != spec.powerBins() || std.data().length != spec.powerBins()) {
            throw new IllegalArgumentException("the embedding's power shells need " + POWER_MEAN + " and " + POWER_STD + " of "
                    + spec.powerBins() + " values each");
        }
        for (int k = 0; k < spec.powerBins(); k++) {
            if (!Float.isFinite(mean.data()[k]) || !(std.data()[k] > 0) || !Float.isFinite(std.data()[k])) {
                throw new IllegalArgumentException("the embedding's power shell " + (k + 1) + " has an invalid standardisation: mean "
                        + mean.data()[k] + ", std " + std.data()[k]);
            }
        }
        params.load(trained);
        System.arraycopy(mean.data(), 0, powerMean, 0, powerMean.length);
        System.arraycopy(std.data(), 0, powerStd, 0, powerStd.length);
    }
}
