package org.orrery.posteriors.maf.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.orrery.plugin.Setting;
import org.orrery.plugin.Setting.Range;

/**
 * Training options of the MAF and NSF estimators. Defaults follow sbi's {@code posterior_nn("maf")}
 * and its trainer: 5 MADE transforms of two hidden layers of 50 tanh units, Adam 5e-4, batch 200,
 * 10 % validation split, early stop after 20 epochs without validation improvement, gradient norm 5.
 * {@code bins} = 0 is the affine MAF; bins ≥ 2 makes every transform a rational-quadratic spline on
 * [−tail_bound, tail_bound] in z-scored units (the NSF estimator: 10 bins as sbi; bound 5, not
 * sbi's 3, because C2ST and held-out likelihood were better or equal on all three benchmark tasks
 * with 5, see bench/README.md).
 */
public record MafConfig(int transforms, int hidden, int batchSize, double learningRate,
        double validationFraction, int patience, int maxEpochs, double clipNorm, int bins, double tailBound) {

    public static final List<String> KEYS = List.of("transforms", "hidden", "batch_size", "learning_rate",
            "validation_fraction", "patience", "max_epochs", "clip_norm");
    /** The NSF estimator's options: the MAF's and the spline's shape. */
    public static final List<String> NSF_KEYS = List.of("transforms", "hidden", "batch_size", "learning_rate",
            "validation_fraction", "patience", "max_epochs", "clip_norm", "bins", "tail_bound");

    public static final MafConfig DEFAULTS = new MafConfig(5, 50, 200, 5e-4, 0.1, 20, 1000, 5.0, 0, 0);
    public static final MafConfig NSF_DEFAULTS = new MafConfig(5, 50, 200, 5e-4, 0.1, 20, 1000, 5.0, 10, 5.0);

    /** The affine MAF's options (bins 0). */
    public MafConfig(int transforms, int hidden, int batchSize, double learningRate, double validationFraction,
            int patience, int maxEpochs, double clipNorm) {
        this(transforms, hidden, batchSize, learningRate, validationFraction, patience, maxEpochs, clipNorm, 0, 0);
    }

    public MafConfig {
        positive(bins, "transforms", transforms);
        positive(bins, "hidden", hidden);
        positive(bins, "batch_size", batchSize);
        positive(bins, "patience", patience);
        positive(bins, "max_epochs", maxEpochs);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException(id(bins) + " option learning_rate must be positive and finite, got " + learningRate);
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException(id(bins) + " option validation_fraction must lie in (0, 1), got " + validationFraction);
        }
        if (!(clipNorm > 0)) {
            throw new IllegalArgumentException(id(bins) + " option clip_norm must be positive (Infinity disables clipping), got " + clipNorm);
        }
        if (bins == 0 ? tailBound != 0 : bins < 2 || bins > 1000 || !(tailBound > 0) || Double.isInfinite(tailBound)) {
            throw new IllegalArgumentException("nsf options must have bins in [2, 1000] and a positive finite tail_bound"
                    + " (bins 0, tail_bound 0 for maf), got bins=" + bins + ", tail_bound=" + tailBound);
        }
        if ((long) hidden * hidden * transforms > 50_000_000L) {
            throw new IllegalArgumentException(id(bins) + " network too large: transforms=" + transforms + ", hidden=" + hidden);
        }
    }

    private static String id(int bins) {
        return bins == 0 ? "maf" : "nsf";
    }

    private static void positive(int bins, String key, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(id(bins) + " option " + key + " must be >= 1, got " + v);
        }
    }

    /** The estimator these options belong to: "maf" (affine) or "nsf" (spline). */
    public String estimator() {
        return id(bins);
    }

    /** MAF defaults overridden by {@code options}; unknown keys and ill-typed values are rejected by name. */
    public static MafConfig from(Map<String, Object> options) {
        return from(options, DEFAULTS);
    }

    /** {@code defaults} ({@link #DEFAULTS} or {@link #NSF_DEFAULTS}) overridden by {@code options}. */
    public static MafConfig from(Map<String, Object> options, MafConfig defaults) {
        Map<String, Object> o = options == null ? Map.of() : options;
        MafConfig d = defaults;
        String id = d.estimator();
        List<String> keys = d.bins == 0 ? KEYS : NSF_KEYS;
        var unknown = new TreeSet<String>();
        for (String key : o.keySet()) {
            if (!keys.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown " + id + " option(s) " + unknown + "; known options: " + keys);
        }
        return new MafConfig(
                intOf(o, id, "transforms", d.transforms), intOf(o, id, "hidden", d.hidden),
                intOf(o, id, "batch_size", d.batchSize), doubleOf(o, id, "learning_rate", d.learningRate),
                doubleOf(o, id, "validation_fraction", d.validationFraction), intOf(o, id, "patience", d.patience),
                intOf(o, id, "max_epochs", d.maxEpochs), doubleOf(o, id, "clip_norm", d.clipNorm),
                intOf(o, id, "bins", d.bins), doubleOf(o, id, "tail_bound", d.tailBound));
    }

    /** The options as declared settings with these values as defaults (the estimator's {@code settings()}). */
    public List<Setting> settings() {
        var out = new java.util.ArrayList<Setting>(List.of(
                Setting.integer("transforms", transforms, Range.atLeast(1), "", "number of autoregressive transforms"),
                Setting.integer("hidden", hidden, Range.atLeast(1), "", "hidden units in each of the two MADE layers"),
                Setting.integer("batch_size", batchSize, Range.atLeast(1), "", "training batch size"),
                Setting.number("learning_rate", learningRate, Range.positive(), "", "Adam learning rate"),
                Setting.number("validation_fraction", validationFraction, Range.open(0, 1), "",
                        "share of the bank held out for early stopping"),
                Setting.integer("patience", patience, Range.atLeast(1), "", "epochs without validation improvement before stopping"),
                Setting.integer("max_epochs", maxEpochs, Range.atLeast(1), "", "upper limit on training epochs"),
                Setting.number("clip_norm", clipNorm, new Range(0, false, Double.POSITIVE_INFINITY, true), "",
                        "gradient norm clipping (.inf disables it)")));
        if (bins != 0) {
            out.add(Setting.integer("bins", bins, Range.closed(2, 1000), "", "rational-quadratic spline bins per transform"));
            out.add(Setting.number("tail_bound", tailBound, Range.positive(), "",
                    "spline interval [-B, B] in z-scored units; identity outside"));
        }
        out.addAll(EmbeddingSpec.settings());
        return List.copyOf(out);
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
        if (bins != 0) {
            m.put("bins", bins);
            m.put("tail_bound", tailBound);
        }
        return m;
    }

    private static int intOf(Map<String, Object> o, String id, String key, int dflt) {
        Object v = o.get(key);
        if (v == null) {
            return dflt;
        }
        double x = number(id, key, v);
        if (x != Math.rint(x) || Math.abs(x) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(id + " option " + key + " must be an integer, got " + v);
        }
        return (int) x;
    }

    private static double doubleOf(Map<String, Object> o, String id, String key, double dflt) {
        Object v = o.get(key);
        return v == null ? dflt : number(id, key, v);
    }

    private static double number(String id, String key, Object v) {
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
        throw new IllegalArgumentException(id + " option " + key + " must be a number, got " + v);
    }
}
