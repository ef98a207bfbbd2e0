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
 * <li>{@code embedding_set_size} (deepsets): points per set; the point dimension is size / set_size.</li>
 * </ul>
 * {@code inputShape} is the observable's shape (2-D image or 3-D grid for cnn, flat for the others).
 */
record EmbeddingSpec(String kind, int[] inputShape, int summaries, int[] channels, int hidden, boolean periodic, int setSize) {

    static final List<String> KEYS = List.of("embedding", "embedding_summaries", "embedding_channels", "embedding_hidden",
            "embedding_periodic", "embedding_set_size", "embedding_augment");
    static final List<String> KINDS = List.of("cnn", "deepsets", "mlp");

    EmbeddingSpec {
        inputShape = inputShape.clone();
        channels = channels.clone();
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("embedding must be one of " + KINDS + ", got " + kind);
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
                        "cnn: a random flip/rotation of each training field per epoch (statistically isotropic fields only)"));
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
        int[] shape = kind.equals("cnn") ? observable.shape() : new int[] {observable.size()};
        return new EmbeddingSpec(kind, shape, summaries, channels, hidden, periodic, setSize);
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
                && periodic == e.periodic && setSize == e.setSize;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(inputShape);
    }
}
