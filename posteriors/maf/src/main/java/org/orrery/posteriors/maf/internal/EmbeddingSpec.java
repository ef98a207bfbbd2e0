package org.orrery.posteriors.maf.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.orrery.data.ArraySpec;

/**
 * The embedding network of an NPE estimator (sbi's {@code embedding_net}), trained jointly with the
 * flow: {@code embedding: cnn|deepsets|mlp} in the estimator's options with its own settings beside
 * it, all prefixed {@code embedding_}:
 * <ul>
 * <li>{@code embedding_summaries} (default 8): the number of summaries the flow is conditioned on;</li>
 * <li>{@code embedding_channels} (cnn, default "8,16"): channels of the stride-2 conv stages;</li>
 * <li>{@code embedding_hidden} (default 64): width of the head (cnn) or hidden layers (mlp, deepsets);</li>
 * <li>{@code embedding_periodic} (cnn, default false): periodic padding for fields in periodic boxes;</li>
 * <li>{@code embedding_set_size} (deepsets): points per set; the point dimension is size / set_size;</li>
 * <li>{@code embedding_pool} (cnn, default {@code mean}): {@code mean} is the original encoder (a stride-1
 *     stem, stride-2 conv stages with GroupNorm and SiLU, global mean pooling, an MLP head);
 *     {@code power} starts with a stride-2 conv (no full-resolution stem: 32³ is affordable) and feeds the
 *     head, besides the last stage's global mean, the log of the spatial mean of the square of every
 *     stage's conv output taken before its GroupNorm: variance-like pooled features, band powers of
 *     learned filters, which keep the field's amplitude that GroupNorm divides out;</li>
 * <li>{@code embedding_input} (cnn, default {@code voxel}): {@code voxel} z-scores every voxel on its
 *     own (as every flat observable); {@code global} uses one mean and one standard deviation over all
 *     voxels of the training fields (δ/σ), which keeps the field's statistical homogeneity;</li>
 * <li>{@code embedding_power_bins} (cnn, default 0): when B &gt; 0 the embedding is a hybrid: it appends
 *     to its learned summaries the log of the input field's power spectrum in B shells b ≤ |m| &lt; b+1
 *     (b = 1..B, m the integer wave vector), computed inside the embedding with the project's FFT
 *     ({@link org.orrery.mesh.RealFft}) and standardised with the training fields' mean and spread per
 *     shell. The flow then sees {@code summaries + B} values. Such a network sees every voxel and
 *     contains P(k) by construction; it is an explicit option, never the default.</li>
 * </ul>
 * {@code inputShape} is the observable's shape (2-D image or 3-D grid for cnn, flat for the others).
 */
record EmbeddingSpec(String kind, int[] inputShape, int summaries, int[] channels, int hidden, boolean periodic, int setSize,
        String pool, String input, int powerBins) {

    static final List<String> KEYS = List.of("embedding", "embedding_summaries", "embedding_channels", "embedding_hidden",
            "embedding_periodic", "embedding_set_size", "embedding_augment", "embedding_pool", "embedding_input",
            "embedding_power_bins");
    static final List<String> KINDS = List.of("cnn", "deepsets", "mlp");
    static final List<String> POOLS = List.of("mean", "power");
    static final List<String> INPUTS = List.of("voxel", "global");

    /** The spec as before the pool/input/power options (files of version 3): mean pooling, per-voxel z-scoring. */
    EmbeddingSpec(String kind, int[] inputShape, int summaries, int[] channels, int hidden, boolean periodic, int setSize) {
        this(kind, inputShape, summaries, channels, hidden, periodic, setSize, "mean", "voxel", 0);
    }

    EmbeddingSpec {
        inputShape = inputShape.clone();
        channels = channels.clone();
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("embedding must be one of " + KINDS + ", got " + kind);
        }
        if (!POOLS.contains(pool)) {
            throw new IllegalArgumentException("embedding_pool must be one of " + POOLS + ", got " + pool);
        }
        if (!INPUTS.contains(input)) {
            throw new IllegalArgumentException("embedding_input must be one of " + INPUTS + ", got " + input);
        }
        if (!kind.equals("cnn") && (!pool.equals("mean") || !input.equals("voxel") || powerBins != 0)) {
            throw new IllegalArgumentException("embedding_pool, embedding_input and embedding_power_bins apply to embedding cnn only, not "
                    + kind);
        }
        if (powerBins < 0) {
            throw new IllegalArgumentException("embedding_power_bins must be 0 (off) or positive, got " + powerBins);
        }
        if (powerBins > 0) {
            for (int s : inputShape) {
                if (s != inputShape[0]) {
                    throw new IllegalArgumentException("embedding_power_bins needs a square image or cubic grid, got shape "
                            + Arrays.toString(inputShape));
                }
            }
            if (inputShape[0] % 2 != 0) {
                throw new IllegalArgumentException("embedding_power_bins needs an even grid side for the FFT, got shape "
                        + Arrays.toString(inputShape));
            }
            int max = maxPowerBins(inputShape);
            if (powerBins > max) {
                throw new IllegalArgumentException("embedding_power_bins " + powerBins + " exceeds the " + max
                        + " shells a grid of shape " + Arrays.toString(inputShape) + " holds");
            }
        }
        if (summaries < 1 || summaries > 4096 || hidden < 1 || hidden > 65536) {
            throw new IllegalArgumentException("embedding_summaries and embedding_hidden must be positive, got "
                    + summaries + ", " + hidden);
        }
        if (kind.equals("cnn")) {
            if (inputShape.length < 2 || inputShape.length > 3) {
                throw new IllegalArgumentException("embedding cnn needs a 2-D image or 3-D grid observable, got shape "
                        + Arrays.toString(inputShape));
            }
            if (channels.length < 1) {
                throw new IllegalArgumentException("embedding_channels must list at least one stage");
            }
            for (int ch : channels) {
                if (ch < 1 || ch > 4096) {
                    throw new IllegalArgumentException("embedding_channels must be positive, got " + Arrays.toString(channels));
                }
            }
        }
        if (kind.equals("deepsets") && (setSize < 1 || inputSize(inputShape) % setSize != 0)) {
            throw new IllegalArgumentException("embedding deepsets needs embedding_set_size dividing the observable's "
                    + inputSize(inputShape) + " values, got " + setSize);
        }
    }

    /** Shells b ≤ |m| < b+1, b ≥ 1, that hold at least one mode of an n^dims grid: b ≤ ⌊(n/2)·√dims⌋. */
    static int maxPowerBins(int[] shape) {
        if (shape.length < 2 || shape.length > 3) {
            return 0;
        }
        return (int) Math.floor(shape[0] / 2 * Math.sqrt(shape.length));
    }

    /** The number of values the flow is conditioned on: the learned summaries and the power shells. */
    int outputs() {
        return summaries + powerBins;
    }

    static int inputSize(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    int inputSize() {
        return inputSize(inputShape);
    }

    /** The embedding named in {@code options}, or null; its keys are removed from {@code options}. */
    /** The embedding's settings as the estimators declare them; {@code embedding: none} trains without one. */
    static java.util.List<org.orrery.plugin.Setting> settings() {
        var atLeastOne = org.orrery.plugin.Setting.Range.atLeast(1);
        return java.util.List.of(
                org.orrery.plugin.Setting.choice("embedding", NONE, java.util.List.of(NONE, "cnn", "deepsets", "mlp"),
                        "embedding network trained jointly with the flow: cnn for 2-D/3-D grids, deepsets for sets, mlp for long vectors"),
                org.orrery.plugin.Setting.integer("embedding_summaries", 8, atLeastOne, "", "summaries the embedding hands to the flow"),
                org.orrery.plugin.Setting.text("embedding_channels", "8,16", "cnn channels per stage, comma-separated"),
                org.orrery.plugin.Setting.integer("embedding_hidden", 64, atLeastOne, "", "hidden units of the mlp/deepsets layers"),
                org.orrery.plugin.Setting.bool("embedding_periodic", false, "cnn: periodic padding (cosmological boxes)"),
                org.orrery.plugin.Setting.integer("embedding_set_size", 1, atLeastOne, "",
                        "deepsets: members in the set (the observable splits into this many equal vectors)"),
                org.orrery.plugin.Setting.bool("embedding_augment", false,
                        "cnn: a random flip/rotation of each training field per epoch (statistically isotropic fields only)"),
                org.orrery.plugin.Setting.choice("embedding_pool", "mean", POOLS,
                        "cnn: mean (global mean pooling after GroupNorm) or power (a strided first conv and log mean-square pooled "
                                + "features of every stage before its GroupNorm: learned band powers)"),
                org.orrery.plugin.Setting.choice("embedding_input", "voxel", INPUTS,
                        "cnn: z-score every voxel on its own (voxel) or the field as a whole, one mean and std (global)"),
                org.orrery.plugin.Setting.integer("embedding_power_bins", 0, org.orrery.plugin.Setting.Range.atLeast(0), "",
                        "cnn: 0, or append the log power spectrum of the input field in this many shells of |k| (hybrid network)"));
    }

    static final String NONE = "none";

    /** Takes {@code embedding_augment} out of the options (a training choice, not part of the network). */
    static boolean takeAugment(Map<String, Object> options) {
        Object v = options == null ? null : options.remove("embedding_augment");
        return v != null && (v instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(v).trim()));
    }

    static EmbeddingSpec take(Map<String, Object> options, ArraySpec observable) {
        if (options != null && NONE.equals(String.valueOf(options.get("embedding")).trim())) {
            KEYS.forEach(options::remove); // resolved settings carry every default: nothing to check
            return null;
        }
        if (options == null || !options.containsKey("embedding")) {
            for (String k : KEYS) {
                if (options != null && options.containsKey(k)) {
                    throw new IllegalArgumentException("option " + k + " needs embedding: cnn|deepsets|mlp beside it");
                }
            }
            return null;
        }
        String kind = String.valueOf(options.remove("embedding")).trim();
        int summaries = intOf(options.remove("embedding_summaries"), "embedding_summaries", 8);
        Object ch = options.remove("embedding_channels");
        int[] channels = ch == null ? new int[] {8, 16} : parseList(ch);
        int hidden = intOf(options.remove("embedding_hidden"), "embedding_hidden", 64);
        Object per = options.remove("embedding_periodic");
        boolean periodic = per != null && (per instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(per).trim()));
        int setSize = intOf(options.remove("embedding_set_size"), "embedding_set_size", 1);
        Object pool = options.remove("embedding_pool");
        Object input = options.remove("embedding_input");
        int powerBins = intOf(options.remove("embedding_power_bins"), "embedding_power_bins", 0);
        int[] shape = kind.equals("cnn") ? observable.shape() : new int[] {observable.size()};
        return new EmbeddingSpec(kind, shape, summaries, channels, hidden, periodic, setSize,
                pool == null ? "mean" : String.valueOf(pool).trim(), input == null ? "voxel" : String.valueOf(input).trim(), powerBins);
    }

    private static int[] parseList(Object v) {
        if (v instanceof List<?> l) {
            return l.stream().mapToInt(o -> intOf(o, "embedding_channels", 0)).toArray();
        }
        try {
            return Arrays.stream(String.valueOf(v).split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("embedding_channels must be a comma-separated list of integers, got " + v);
        }
    }

    private static int intOf(Object v, String key, int dflt) {
        if (v == null) {
            return dflt;
        }
        try {
            double x = v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v).trim());
            if (x != Math.rint(x)) {
                throw new NumberFormatException();
            }
            return (int) x;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + " must be an integer, got " + v);
        }
    }

    Map<String, Object> asMap() {
        var m = new LinkedHashMap<String, Object>();
        m.put("embedding", kind);
        m.put("embedding_summaries", summaries);
        if (kind.equals("cnn")) {
            m.put("embedding_channels", Arrays.toString(channels).replaceAll("[\\[\\] ]", ""));
            m.put("embedding_periodic", periodic);
            m.put("embedding_pool", pool);
            m.put("embedding_input", input);
            m.put("embedding_power_bins", powerBins);
        }
        m.put("embedding_hidden", hidden);
        if (kind.equals("deepsets")) {
            m.put("embedding_set_size", setSize);
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmbeddingSpec e && kind.equals(e.kind) && Arrays.equals(inputShape, e.inputShape)
                && summaries == e.summaries && Arrays.equals(channels, e.channels) && hidden == e.hidden
                && periodic == e.periodic && setSize == e.setSize && pool.equals(e.pool) && input.equals(e.input)
                && powerBins == e.powerBins;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(inputShape);
    }
}
