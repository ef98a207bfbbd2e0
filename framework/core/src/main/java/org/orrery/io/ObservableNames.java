package org.orrery.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.orrery.data.ArraySpec;

/**
 * The names an observation's parts must carry so that a file is matched to the simulator's
 * observable by name, never by position: a CSV header, FITS TTYPE columns or HDF5 datasets named
 * {@code data_1 … data_n} (sbibm's convention) or {@code <observable>_1 … <observable>_n}, in any
 * order; a whole array (an image, a vector column, one HDF5 dataset) named after the observable
 * ({@code x}, or the simulator's name for it), or {@code data}/{@code observation}. A file whose
 * names match neither is refused with one line listing the expected names.
 */
public final class ObservableNames {

    private static final List<String> WHOLE_ALIASES = List.of("x", "data", "observation", "obs");

    private ObservableNames() {
    }

    /** The per-value names in flat order: {@code data_1 … data_n}. */
    public static List<String> expected(ArraySpec spec) {
        return names("data", spec.size());
    }

    private static List<String> names(String prefix, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            out.add(prefix + "_" + i);
        }
        return out;
    }

    /** Whether {@code name} may label the whole observable (null/blank: unnamed, accepted). */
    public static boolean acceptsWhole(String name, ArraySpec spec) {
        if (name == null || name.isBlank()) {
            return true;
        }
        String n = name.trim();
        return n.equalsIgnoreCase(spec.name()) || WHOLE_ALIASES.stream().anyMatch(n::equalsIgnoreCase);
    }

    static void checkWholeColumn(String src, String column, ArraySpec spec) {
        if (spec != null && !acceptsWhole(column, spec)) {
            throw new BadInputException("observation " + src + " has column '" + column + "'; expected "
                    + wholeNames(spec) + " (the simulator's " + spec.name() + ")");
        }
    }

    private static String wholeNames(ArraySpec spec) {
        List<String> all = new ArrayList<>();
        all.add(spec.name());
        for (String a : WHOLE_ALIASES) {
            if (!a.equalsIgnoreCase(spec.name())) {
                all.add(a);
            }
        }
        return String.join(" or ", all);
    }

    /**
     * Reorders {@code values} (labelled by {@code labels} in file order) into the observable's flat
     * order, or fails listing the expected names. Labels are {@code data_i} or
     * {@code <name>_i}, case-insensitive, each exactly once.
     */
    public static double[] byName(String src, String what, String[] labels, double[] values, ArraySpec spec) {
        int n = spec.size();
        if (n <= 0) {
            return values;
        }
        if (labels.length == 1 && n == 1 && acceptsWhole(labels[0], spec)) {
            return values;
        }
        int[] position = new int[labels.length];
        String bad = null;
        for (int i = 0; i < labels.length && bad == null; i++) {
            position[i] = index(labels[i], spec);
            if (position[i] < 0 || position[i] >= n) {
                bad = labels[i] == null ? "(unnamed)" : labels[i];
            }
        }
        if (bad == null && labels.length != n) {
            bad = labels.length + " names for " + n + " values";
        }
        double[] out = new double[n];
        boolean[] seen = new boolean[n];
        for (int i = 0; i < labels.length && bad == null; i++) {
            if (seen[position[i]]) {
                bad = labels[i] + " twice";
            } else {
                seen[position[i]] = true;
                out[position[i]] = values[i];
            }
        }
        if (bad != null) {
            throw new BadInputException("observation " + src + " has " + what + " " + shortList(labels) + "; expected "
                    + describe(spec) + " in any order (" + bad + " does not match)");
        }
        return out;
    }

    /** "data_1, data_2, …, data_8" (or the prefix for the observable's own name). */
    static String describe(ArraySpec spec) {
        List<String> e = expected(spec);
        String list = e.size() <= 6 ? String.join(",", e) : e.get(0) + "," + e.get(1) + ",…," + e.get(e.size() - 1);
        return list + " (or " + spec.name() + "_1,…)";
    }

    private static String shortList(String[] labels) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < labels.length && i < 6; i++) {
            l.add(labels[i] == null ? "(unnamed)" : labels[i]);
        }
        if (labels.length > 6) {
            l.add("… (" + labels.length + " in all)");
        }
        return String.join(",", l);
    }

    /** 0-based position named by {@code label}, or -1. */
    static int index(String label, ArraySpec spec) {
        if (label == null) {
            return -1;
        }
        String l = label.trim().toLowerCase(Locale.ROOT);
        for (String prefix : new String[] {"data_", spec.name().toLowerCase(Locale.ROOT) + "_"}) {
            if (l.startsWith(prefix) && l.length() > prefix.length() && l.length() - prefix.length() <= 9) {
                String digits = l.substring(prefix.length());
                if (digits.chars().allMatch(Character::isDigit) && digits.charAt(0) != '0') {
                    return Integer.parseInt(digits) - 1;
                }
            }
        }
        return -1;
    }

    static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1).trim() : s;
    }

    /** The dataset named for the whole observable, looked up at the root: its own name, then the aliases. */
    static Dataset wholeDataset(HdfFile h, ArraySpec spec) {
        Map<String, Node> children = h.getChildren();
        Map<String, Dataset> lower = new HashMap<>();
        for (var e : children.entrySet()) {
            if (e.getValue() instanceof Dataset d) {
                lower.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), d);
            }
        }
        if (spec != null && lower.containsKey(spec.name().toLowerCase(Locale.ROOT))) {
            return lower.get(spec.name().toLowerCase(Locale.ROOT));
        }
        for (String a : WHOLE_ALIASES) {
            if (lower.containsKey(a)) {
                return lower.get(a);
            }
        }
        return null;
    }

    /** One scalar (or single-value) root dataset per value, named {@code data_i}; null when there are none. */
    static Observation perValueDatasets(HdfFile h, ArraySpec spec, Path path, long fileLength) {
        List<String> labels = new ArrayList<>();
        List<Dataset> sets = new ArrayList<>();
        for (var e : h.getChildren().entrySet()) {
            if (e.getValue() instanceof Dataset d && index(e.getKey(), spec) >= 0) {
                labels.add(e.getKey());
                sets.add(d);
            }
        }
        if (sets.isEmpty()) {
            return null;
        }
        if (sets.size() > spec.size()) {
            throw new BadInputException("observation " + path + " has " + sets.size() + " per-value datasets; expected "
                    + describe(spec));
        }
        double[] v = new double[sets.size()];
        for (int i = 0; i < sets.size(); i++) {
            String src = path + ":" + sets.get(i).getPath();
            Observation one = ObservationReader.readDataset(sets.get(i), src, ArraySpec.vector("value", 1), fileLength);
            v[i] = one.values()[0];
        }
        String src = path.toString();
        double[] ordered = byName(src, "datasets", labels.toArray(String[]::new), v, spec);
        return new Observation(ordered, spec.shape(), src);
    }

    static String paths(List<Dataset> all) {
        String s = all.stream().limit(6).map(Dataset::getPath).collect(Collectors.joining(", "));
        return all.size() > 6 ? s + ", … (" + all.size() + " in all)" : s;
    }

    static String describeHdf5(ArraySpec spec) {
        if (spec == null) {
            return "one dataset";
        }
        String others = WHOLE_ALIASES.stream().filter(a -> !a.equalsIgnoreCase(spec.name()) && !a.equals("obs"))
                .map(a -> "/" + a).collect(Collectors.joining(", "));
        return "a dataset /" + spec.name() + " (or " + others + ") holding the simulator's " + spec.name()
                + ", or one dataset per value named " + describe(spec);
    }
}
