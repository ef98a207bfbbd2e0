package org.orrery.workflow;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a pipeline file through SnakeYAML's node tree, so that every error names the line a person
 * has to fix: unknown keys (with the nearest known key), wrong types, duplicate keys, missing
 * observation files. Relative paths are resolved against the YAML file's folder.
 *
 * <pre>
 * simulator: two_moons          # required
 * prior: normal(0, 0.5)         # optional: prior text for every parameter, per parameter
 *                               # ({theta_1: "uniform(-1, 1)", theta_2: "normal(0, 0.3)"}), or a
 *                               # prior plugin id; default: the simulator's prior
 * simulations: 10000            # required (1e4 is accepted too)
 * seed: 1                       # default 0
 * workers: 2                    # default: all cores
 * estimator:                    # required; "estimator: maf" is short for {id: maf}
 *   id: maf
 *   config: {max_epochs: 150}   # handed to the estimator as is
 * observations: [obs.fits]      # FITS, HDF5 (file.h5:/dataset) or CSV; may be empty
 * samples: 1000                 # posterior samples per observation
 * heldout: 200                  # held-out simulations for the checks
 * checks: [sbc, tarp, coverage, c2st]
 * report: report                # report folder; default: OUT/report
 * out: run                      # work folder; default: &lt;yaml name&gt;-out
 * settings:                     # per plugin id, that plugin's settings (see orrery plugins --describe ID)
 *   two_moons: {}
 *   sbc: {pairs: 100}
 * </pre>
 */
public final class PipelineYaml {

    public static final List<String> KEYS = List.of("simulator", "prior", "simulations", "seed", "workers", "estimator",
            "observations", "samples", "heldout", "checks", "report", "out", "settings");
    static final List<String> ESTIMATOR_KEYS = List.of("id", "config");

    /** An observation spec: a file with a known extension, then optionally ":/dataset" or ":EXTNAME". */
    private static final Pattern OBSERVATION =
            Pattern.compile("(?i)^(.+?\\.(?:fits|fit|fts|fits\\.gz|h5|hdf5|csv))(:.*)?$");

    private final Path file;
    private final String name;

    private PipelineYaml(Path file) {
        this.file = file;
        this.name = file.toString();
    }

    public static PipelineSpec read(Path file) {
        return new PipelineYaml(file).parse();
    }

    private PipelineSpec parse() {
        Node root;
        String text;
        try {
            text = org.orrery.io.SafeYaml.text(file); // size limit checked before reading
        } catch (org.orrery.io.BadInputException e) {
            throw new WorkflowException(e.getMessage(), e);
        }
        try (Reader r = new java.io.StringReader(text)) {
            root = new Yaml(org.orrery.io.SafeYaml.loaderOptions()).compose(r); // alias, depth and key limits
        } catch (NoSuchFileException e) {
            throw new WorkflowException("no such file: " + file);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage().lines().findFirst().orElse("");
            throw new WorkflowException(name + (m == null ? "" : ":" + (m.getLine() + 1)) + ": not valid YAML: " + problem, e);
        } catch (YAMLException e) {
            throw new WorkflowException(name + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
        } catch (IOException e) {
            throw new WorkflowException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (root == null) {
            throw new WorkflowException(name + ": the pipeline file is empty; it needs at least simulator, simulations and estimator");
        }
        if (!(root instanceof MappingNode map)) {
            throw error(root, "expected a mapping of pipeline settings (key: value), found a " + kind(root));
        }
        Map<String, NodeTuple> entries = entries(map, KEYS);
        Path base = file.toAbsolutePath().getParent();

        String simulator = requiredString(entries, map, "simulator");
        String prior = prior(entries);
        long simulations = requiredLong(entries, map, "simulations", 2);
        long seed = entries.containsKey("seed") ? integer(entries.get("seed").getValueNode(), "seed", Long.MIN_VALUE) : 0;
        Integer workers = entries.containsKey("workers") ? (int) integer(entries.get("workers").getValueNode(), "workers", 1) : null;

        NodeTuple est = entries.get("estimator");
        if (est == null) {
            throw error(map, "missing key 'estimator' (e.g. 'estimator: maf' or 'estimator: {id: maf, config: {...}}')");
        }
        String estimator;
        Map<String, Object> config = Map.of();
        if (est.getValueNode() instanceof MappingNode em) {
            Map<String, NodeTuple> e = entries(em, ESTIMATOR_KEYS);
            estimator = requiredString(e, em, "id");
            if (e.containsKey("config")) {
                Node c = e.get("config").getValueNode();
                if (!(c instanceof MappingNode cm)) {
                    if (isNull(c)) {
                        c = null;
                    } else {
                        throw error(c, "'config' must be a mapping of estimator settings, got a " + kind(c));
                    }
                }
                if (c != null) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) plain(c);
                    config = m;
                }
            }
        } else {
            estimator = string(est.getValueNode(), "estimator");
        }

        List<String> observations = new ArrayList<>();
        if (entries.containsKey("observations")) {
            for (Node n : stringList(entries.get("observations").getValueNode(), "observations")) {
                observations.add(observation(n, base));
            }
        }
        int samples = entries.containsKey("samples")
                ? (int) integer(entries.get("samples").getValueNode(), "samples", 1, Integer.MAX_VALUE) : PipelineSpec.DEFAULT_SAMPLES;
        int heldOut = entries.containsKey("heldout")
                ? (int) integer(entries.get("heldout").getValueNode(), "heldout", 1, Integer.MAX_VALUE) : PipelineSpec.DEFAULT_HELD_OUT;
        List<String> checks = new ArrayList<>();
        if (entries.containsKey("checks")) {
            Node c = entries.get("checks").getValueNode();
            for (Node n : stringList(c, "checks")) {
                for (String id : string(n, "checks").split(",")) {
                    if (!id.isBlank()) {
                        checks.add(id.strip());
                    }
                }
            }
        } else {
            checks.addAll(PipelineSpec.DEFAULT_CHECKS);
        }
        String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        Path out = entries.containsKey("out") ? base.resolve(string(entries.get("out").getValueNode(), "out")) : base.resolve(stem + "-out");
        Path report = entries.containsKey("report") ? base.resolve(string(entries.get("report").getValueNode(), "report"))
                : out.resolve("report");
        Map<String, Map<String, Object>> settings = new LinkedHashMap<>();
        if (entries.containsKey("settings") && !isNull(entries.get("settings").getValueNode())) {
            Node sn = entries.get("settings").getValueNode();
            if (!(sn instanceof MappingNode sm)) {
                throw error(sn, "'settings' must be a mapping of plugin id to that plugin's settings, got a " + kind(sn));
            }
            for (NodeTuple t : sm.getValue()) {
                String id = string(t.getKeyNode(), "settings");
                Node v = t.getValueNode();
                if (isNull(v)) {
                    continue;
                }
                if (!(v instanceof MappingNode)) {
                    throw error(v, "settings." + id + " must be a mapping of setting names to values, got a " + kind(v));
                }
                if (settings.containsKey(id)) {
                    throw error(t.getKeyNode(), "duplicate key '" + id + "'");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) plain(v);
                settings.put(id, m);
            }
        }
        try {
            return new PipelineSpec(file.toAbsolutePath(), simulator, prior, simulations, seed, workers, estimator, config,
                    observations, samples, heldOut, checks, report.normalize(), out.normalize(), settings);
        } catch (IllegalArgumentException e) {
            throw new WorkflowException(name + ": " + e.getMessage(), e);
        }
    }

    /** The keys of a mapping, refusing unknown and duplicate ones at their line. */
    private Map<String, NodeTuple> entries(MappingNode map, List<String> known) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            Node k = t.getKeyNode();
            if (!(k instanceof ScalarNode ks)) {
                throw error(k, "keys must be plain words, found a " + kind(k));
            }
            String key = ks.getValue();
            if (!known.contains(key)) {
                String near = nearest(key, known);
                throw error(k, "unknown key '" + key + "'" + (near != null ? " (did you mean '" + near + "'?)"
                        : "; known keys: " + String.join(", ", known)));
            }
            if (out.put(key, t) != null) {
                throw error(k, "duplicate key '" + key + "'");
            }
        }
        return out;
    }

    private String requiredString(Map<String, NodeTuple> entries, Node parent, String key) {
        NodeTuple t = entries.get(key);
        if (t == null) {
            throw error(parent, "missing key '" + key + "'");
        }
        return string(t.getValueNode(), key);
    }

    /** {@code prior:} as text ("normal(0, 1)", a plugin id) or a mapping of parameter name to text, joined as "a: …; b: …". */
    private String prior(Map<String, NodeTuple> entries) {
        NodeTuple t = entries.get("prior");
        if (t == null || isNull(t.getValueNode())) {
            return null;
        }
        if (t.getValueNode() instanceof MappingNode m) {
            StringBuilder b = new StringBuilder();
            for (NodeTuple e : m.getValue()) {
                String name = string(e.getKeyNode(), "prior");
                String family = string(e.getValueNode(), "prior." + name);
                if (!family.contains("(")) {
                    throw error(e.getValueNode(), "prior." + name + " must be a family with its arguments, such as"
                            + " normal(0, 1), got '" + family + "'");
                }
                b.append(b.length() == 0 ? "" : "; ").append(name).append(": ").append(family);
            }
            if (b.length() == 0) {
                throw error(m, "'prior' is an empty mapping; give one distribution per parameter or leave it out");
            }
            return b.toString();
        }
        return string(t.getValueNode(), "prior");
    }

    private String optionalString(Map<String, NodeTuple> entries, String key) {
        NodeTuple t = entries.get(key);
        return t == null || isNull(t.getValueNode()) ? null : string(t.getValueNode(), key);
    }

    private long requiredLong(Map<String, NodeTuple> entries, Node parent, String key, long min) {
        NodeTuple t = entries.get(key);
        if (t == null) {
            throw error(parent, "missing key '" + key + "'");
        }
        return integer(t.getValueNode(), key, min);
    }

    private String string(Node n, String key) {
        if (!(n instanceof ScalarNode s) || isNull(n) || s.getValue().isBlank()) {
            throw error(n, "'" + key + "' must be a text value, got " + describe(n));
        }
        return s.getValue().strip();
    }

    private long integer(Node n, String key, long min) {
        return integer(n, key, min, Long.MAX_VALUE);
    }

    /** Integers, also written as 1e4 or 10_000; anything else names the value found. */
    private long integer(Node n, String key, long min, long max) {
        long v;
        if (!(n instanceof ScalarNode s) || isNull(n)) {
            throw error(n, "'" + key + "' must be an integer, got " + describe(n));
        }
        try {
            BigDecimal d = new BigDecimal(s.getValue().strip().replace("_", ""));
            v = d.longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw error(n, "'" + key + "' must be an integer, got " + describe(n));
        }
        if (v < min || v > max) {
            throw error(n, "'" + key + "' must be " + (max == Long.MAX_VALUE ? "at least " + min : "between " + min + " and " + max)
                    + ", got " + v);
        }
        return v;
    }

    /** A list of scalars; a single scalar counts as a list of one. */
    private List<Node> stringList(Node n, String key) {
        if (isNull(n)) {
            return List.of();
        }
        if (n instanceof ScalarNode) {
            return List.of(n);
        }
        if (!(n instanceof SequenceNode seq)) {
            throw error(n, "'" + key + "' must be a list, got a " + kind(n));
        }
        for (Node item : seq.getValue()) {
            if (!(item instanceof ScalarNode) || isNull(item)) {
                throw error(item, "each entry of '" + key + "' must be a text value, got " + describe(item));
            }
        }
        return seq.getValue();
    }

    private String observation(Node n, Path base) {
        String spec = string(n, "observations");
        Matcher m = OBSERVATION.matcher(spec);
        if (!m.matches()) {
            throw error(n, "observation '" + spec + "' is not a .fits, .h5/.hdf5 or .csv file");
        }
        Path p = base.resolve(m.group(1)).normalize();
        if (!Files.isRegularFile(p)) {
            throw error(n, "observation file not found: " + p);
        }
        return p + (m.group(2) == null ? "" : m.group(2));
    }

    /** Estimator settings as plain values: maps, lists, Long, Double, Boolean, String, null. */
    private Object plain(Node n) {
        if (n instanceof MappingNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            Set<String> seen = new HashSet<>();
            for (NodeTuple t : m.getValue()) {
                String key = string(t.getKeyNode(), "key");
                if (!seen.add(key)) {
                    throw error(t.getKeyNode(), "duplicate key '" + key + "'");
                }
                out.put(key, plain(t.getValueNode()));
            }
            return out;
        }
        if (n instanceof SequenceNode s) {
            List<Object> out = new ArrayList<>();
            s.getValue().forEach(item -> out.add(plain(item)));
            return out;
        }
        ScalarNode s = (ScalarNode) n;
        String v = s.getValue().replace("_", "");
        Tag tag = s.getTag();
        try {
            if (tag.equals(Tag.NULL)) {
                return null;
            } else if (tag.equals(Tag.INT)) {
                return Long.decode(v);
            } else if (tag.equals(Tag.FLOAT)) {
                return Double.parseDouble(v.replace(".inf", "Infinity").replace(".Inf", "Infinity").replace(".INF", "Infinity"));
            } else if (tag.equals(Tag.BOOL)) {
                return Boolean.parseBoolean(v.toLowerCase(Locale.ROOT)) || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("on");
            }
        } catch (NumberFormatException e) {
            return s.getValue();
        }
        return s.getValue();
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    private static String kind(Node n) {
        return n instanceof MappingNode ? "mapping" : n instanceof SequenceNode ? "list" : "value";
    }

    private static String describe(Node n) {
        if (isNull(n)) {
            return "nothing";
        }
        return n instanceof ScalarNode s ? "'" + s.getValue() + "'" : "a " + kind(n);
    }

    private WorkflowException error(Node n, String message) {
        return new WorkflowException(name + ":" + (n.getStartMark().getLine() + 1) + ": " + message);
    }

    /** The known key closest in edit distance, if close enough to be a typo. */
    public static String nearest(String key, List<String> known) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String k : known) {
            int d = editDistance(key.toLowerCase(Locale.ROOT), k);
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return bestD <= Math.max(2, key.length() / 3) ? best : null;
    }

    public static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
