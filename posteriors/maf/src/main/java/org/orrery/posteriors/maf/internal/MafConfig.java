package org.orrery.posteriors.maf.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Training options of the MAF estimator. Defaults follow sbi's {@code posterior_nn("maf")} and its
 * trainer: 5 MADE transforms of two hidden layers of 50 tanh units, Adam 5e-4, batch 200, 10 %
 * validation split, early stop after 20 epochs without validation improvement, gradient norm 5.
 */
public record MafConfig(int transforms, int hidden, int batchSize, double learningRate,
        double validationFraction, int patience, int maxEpochs, double clipNorm) {

    public static final List<String> KEYS = List.of("transforms", "hidden", "batch_size", "learning_rate",
            "validation_fraction", "patience", "max_epochs", "clip_norm");

    public static final MafConfig DEFAULTS = new MafConfig(5, 50, 200, 5e-4, 0.1, 20, 1000, 5.0);

    public MafConfig {
        positive("transforms", transforms);
        positive("hidden", hidden);
        positive("batch_size", batchSize);
        positive("patience", patience);
        positive("max_epochs", maxEpochs);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("maf option learning_rate must be positive and finite, got " + learningRate);
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("maf option validation_fraction must lie in (0, 1), got " + validationFraction);
        }
        if (!(clipNorm > 0)) {
            throw new IllegalArgumentException("maf option clip_norm must be positive (Infinity disables clipping), got " + clipNorm);
        }
        if ((long) hidden * hidden * transforms > 50_000_000L) {
            throw new IllegalArgumentException("maf network too large: transforms=" + transforms + ", hidden=" + hidden);
        }
    }

    private static void positive(String key, int v) {
        if (v < 1) {
            throw new IllegalArgumentException("maf option " + key + " must be >= 1, got " + v);
        }
    }

    /** Defaults overridden by {@code options}; unknown keys and ill-typed values are rejected by name. */
    public static MafConfig from(Map<String, Object> options) {
        Map<String, Object> o = options == null ? Map.of() : options;
        var unknown = new TreeSet<String>();
        for (String key : o.keySet()) {
            if (!KEYS.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown maf option(s) " + unknown + "; known options: " + KEYS);
        }
        MafConfig d = DEFAULTS;
        return new MafConfig(
                intOf(o, "transforms", d.transforms), intOf(o, "hidden", d.hidden),
                intOf(o, "batch_size", d.batchSize), doubleOf(o, "learning_rate", d.learningRate),
                doubleOf(o, "validation_fraction", d.validationFraction), intOf(o, "patience", d.patience),
                intOf(o, "max_epochs", d.maxEpochs), doubleOf(o, "clip_norm", d.clipNorm));
    }

    /** The options as a map that {@link #from} accepts (for history and reports). */
    public Map<String, Object> asMap() {
        var m = new LinkedHashMap<String, Object>();
        m.put("transforms", transforms);
        m.put("hidden", hidden);
        m.put("batch_size", batchSize);
        m.put("learning_rate", learningRate);
        m.put("validation_fraction", validationFraction);
        m.put("patience", patience);
        m.put("max_epochs", maxEpochs);
        m.put("clip_norm", clipNorm);
        return m;
    }

    private static int intOf(Map<String, Object> o, String key, int dflt) {
        Object v = o.get(key);
        if (v == null) {
            return dflt;
        }
        double x = number(key, v);
        if (x != Math.rint(x) || Math.abs(x) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maf option " + key + " must be an integer, got " + v);
        }
        return (int) x;
    }

    private static double doubleOf(Map<String, Object> o, String key, double dflt) {
        Object v = o.get(key);
        return v == null ? dflt : number(key, v);
    }

    private static double number(String key, Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("maf option " + key + " must be a number, got " + v);
    }
}
