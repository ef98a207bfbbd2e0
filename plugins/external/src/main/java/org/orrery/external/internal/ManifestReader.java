package org.orrery.external.internal;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.orrery.data.ArraySpec;
import org.orrery.parameter.Parameter;
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

/**
 * Reads a {@code *.simulator.yaml} through SnakeYAML's node tree so that every error names the file,
 * the line and the field a person has to fix, e.g.
 * {@code my.simulator.yaml:7: parameters[1].prior: unknown prior family 'gauss'; use uniform, normal or loguniform}.
 *
 * <pre>
 * id: my_sim                      # required: letters, digits, _ (what users type)
 * version: 1.0.0                  # required; recorded in banks
 * name: My simulator              # optional display name
 * description: one line           # optional
 * parameters:                     # required, in θ order
 *   - name: omega_m
 *     unit: ""                    # optional
 *     latex: '\Omega_m'           # optional
 *     prior: uniform(0.1, 0.5)    # uniform(a, b) | normal(mu, sigma) | loguniform(a, b)
 * outputs:                        # required; the first is the observable x, the others are kept beside it
 *   - name: x
 *     shape: [8]
 *     kind: vector                # vector | image | grid | points (optional)
 *     unit: ""                    # optional
 * command: [/usr/bin/python3, my_sim.py]   # argv; relative program paths are resolved against this file's folder
 * working_dir: .                  # optional, relative to this file; default: a fresh scratch folder per simulation
 * environment: {OMP_NUM_THREADS: "1"}      # optional
 * timeout: 30                     # seconds per simulation (also "500ms", "2m"); default 60
 * mode: worker                    # worker | per-call
 * </pre>
 */
public final class ManifestReader {

    /** Largest manifest accepted: a manifest is a page of YAML, not a data file. */
    public static final int MAX_BYTES = 64 * 1024;
    static final int MAX_PARAMETERS = 1000;
    static final int MAX_OUTPUTS = 100;
    /** Values per simulation over all outputs (800 MB of doubles). */
    static final long MAX_VALUES = 100_000_000L;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    static final List<String> KEYS = List.of("id", "version", "name", "description", "parameters", "outputs",
            "command", "working_dir", "environment", "timeout", "mode");
    static final List<String> PARAMETER_KEYS = List.of("name", "unit", "latex", "prior");
    static final List<String> OUTPUT_KEYS = List.of("name", "shape", "kind", "unit");

    private static final Pattern PRIOR = Pattern.compile(
            "\\s*([a-zA-Z_]+)\\s*\\(\\s*([^,()]+?)\\s*,\\s*([^,()]+?)\\s*\\)\\s*");
    private static final Pattern DURATION = Pattern.compile("\\s*([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*(ms|s|m|h)?\\s*");
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Path file;
    private final String label;

    private ManifestReader(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.label = String.valueOf(this.file.getFileName());
    }

    /** Reads and checks a manifest file. */
    public static Manifest read(Path file) throws ManifestException {
        ManifestReader r = new ManifestReader(file);
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ManifestException(r.label + ": " + size + " bytes; a manifest may hold at most " + MAX_BYTES);
            }
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ManifestException(r.label + ": not UTF-8 text");
        } catch (IOException e) {
            throw new ManifestException(r.label + ": cannot read: " + e.getMessage());
        }
        return r.parse(text);
    }

    /** Parses manifest text as if it were the file {@code file} (used by tests and {@link #read}). */
    public static Manifest parse(Path file, String text) throws ManifestException {
        return new ManifestReader(file).parse(text);
    }

    private Manifest parse(String text) throws ManifestException {
        if (text.length() > MAX_BYTES) {
            throw new ManifestException(label + ": " + text.length() + " characters; a manifest may hold at most " + MAX_BYTES);
        }
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(20);
            options.setCodePointLimit(MAX_BYTES + 1);
            options.setNestingDepthLimit(20);
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage().lines().findFirst().orElse("");
            throw new ManifestException(label + (m == null ? "" : ":" + (m.getLine() + 1)) + ": not valid YAML: " + what);
        } catch (YAMLException e) {
            throw new ManifestException(label + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null) {
            throw new ManifestException(label + ": empty manifest; it needs at least id, version, parameters, outputs and command");
        }
        Map<String, NodeTuple> top = mapping(root, "the manifest", KEYS);

        String id = requiredString(top, root, "id");
        if (!IDENT.matcher(id).matches()) {
            throw error(top.get("id").getValueNode(), "id", "must be an identifier (letters, digits, _), got: " + id);
        }
        String version = requiredString(top, root, "version");
        String name = optionalString(top, "name", id);
        String description = optionalString(top, "description", "external " + modeWord(top) + " simulator " + id);

        List<Parameter> parameters = new ArrayList<>();
        List<Manifest.PriorSpec> priors = new ArrayList<>();
        SequenceNode ps = sequence(required(top, root, "parameters"), "parameters");
        if (ps.getValue().isEmpty()) {
            throw error(ps, "parameters", "needs at least one parameter");
        }
        if (ps.getValue().size() > MAX_PARAMETERS) {
            throw error(ps, "parameters", ps.getValue().size() + " parameters; at most " + MAX_PARAMETERS);
        }
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < ps.getValue().size(); i++) {
            String f = "parameters[" + i + "]";
            Node pn = ps.getValue().get(i);
            Map<String, NodeTuple> p = mapping(pn, f, PARAMETER_KEYS);
            String pname = requiredString(p, pn, f + ".name");
            if (!IDENT.matcher(pname).matches()) {
                throw error(p.get("name").getValueNode(), f + ".name", "must be an identifier (letters, digits, _), got: " + pname);
            }
            if (!seen.add(pname)) {
                throw error(p.get("name").getValueNode(), f + ".name", "duplicate parameter name: " + pname);
            }
            String unit = optionalString(p, "unit", "");
            String latex = optionalString(p, "latex", pname);
            Node priorNode = required(p, pn, f + ".prior");
            Manifest.PriorSpec prior = prior(scalar(priorNode, f + ".prior"), priorNode, f + ".prior");
            double lo = switch (prior.family()) {
                case "uniform", "loguniform" -> prior.a();
                default -> Double.NEGATIVE_INFINITY;
            };
            double hi = switch (prior.family()) {
                case "uniform", "loguniform" -> prior.b();
                default -> Double.POSITIVE_INFINITY;
            };
            parameters.add(new Parameter(pname, unit, latex, lo, hi));
            priors.add(prior);
        }

        List<ArraySpec> outputs = new ArrayList<>();
        SequenceNode os = sequence(required(top, root, "outputs"), "outputs");
        if (os.getValue().isEmpty()) {
            throw error(os, "outputs", "needs at least one output (the first is the observable)");
        }
        if (os.getValue().size() > MAX_OUTPUTS) {
            throw error(os, "outputs", os.getValue().size() + " outputs; at most " + MAX_OUTPUTS);
        }
        Set<String> outNames = new java.util.HashSet<>();
        long values = 0;
        for (int i = 0; i < os.getValue().size(); i++) {
            String f = "outputs[" + i + "]";
            Node on = os.getValue().get(i);
            Map<String, NodeTuple> o = mapping(on, f, OUTPUT_KEYS);
            String oname = requiredString(o, on, f + ".name");
            if (!IDENT.matcher(oname).matches() || oname.equals("theta") || oname.equals("index")) {
                throw error(o.get("name").getValueNode(), f + ".name",
                        "must be an identifier other than theta and index, got: " + oname);
            }
            if (!outNames.add(oname)) {
                throw error(o.get("name").getValueNode(), f + ".name", "duplicate output name: " + oname);
            }
            Node shapeNode = required(o, on, f + ".shape");
            int[] shape = shape(shapeNode, f + ".shape");
            ArraySpec.Kind kind = ArraySpec.Kind.VECTOR;
            if (o.containsKey("kind")) {
                Node kn = o.get("kind").getValueNode();
                String k = scalar(kn, f + ".kind").toUpperCase(Locale.ROOT);
                try {
                    kind = ArraySpec.Kind.valueOf(k);
                } catch (IllegalArgumentException e) {
                    throw error(kn, f + ".kind", "unknown kind '" + k.toLowerCase(Locale.ROOT)
                            + "'; use vector, image, grid or points");
                }
                if (kind == ArraySpec.Kind.POINTS) {
                    throw error(kn, f + ".kind", "point sets of varying size are not supported by external simulators yet");
                }
            }
            String unit = optionalString(o, "unit", "");
            ArraySpec spec;
            try {
                spec = new ArraySpec(oname, shape, unit, kind);
            } catch (IllegalArgumentException e) {
                throw error(shapeNode, f + ".shape", e.getMessage());
            }
            values += spec.size();
            if (values > MAX_VALUES) {
                throw error(shapeNode, f + ".shape", "outputs hold more than " + MAX_VALUES + " values per simulation");
            }
            outputs.add(spec);
        }

        Node cn = required(top, root, "command");
        List<String> command = new ArrayList<>();
        if (cn instanceof ScalarNode s) {
            for (String w : s.getValue().trim().split("\\s+")) {
                if (!w.isEmpty()) {
                    command.add(w);
                }
            }
        } else if (cn instanceof SequenceNode s) {
            for (int i = 0; i < s.getValue().size(); i++) {
                command.add(scalar(s.getValue().get(i), "command[" + i + "]"));
            }
        } else {
            throw error(cn, "command", "must be a list of words, e.g. [/usr/bin/python3, my_sim.py]");
        }
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw error(cn, "command", "is empty; name the program to run");
        }
        String program = command.get(0);
        if (program.contains("/") && !Path.of(program).isAbsolute()) {
            command.set(0, file.getParent().resolve(program).normalize().toString());
        }

        Path workingDir = null;
        if (top.containsKey("working_dir")) {
            Node wn = top.get("working_dir").getValueNode();
            Path w = file.getParent().resolve(scalar(wn, "working_dir")).normalize();
            if (!Files.isDirectory(w)) {
                throw error(wn, "working_dir", "no such directory: " + w);
            }
            workingDir = w;
        }

        Map<String, String> env = new LinkedHashMap<>();
        if (top.containsKey("environment")) {
            Node en = top.get("environment").getValueNode();
            Map<String, NodeTuple> e = mapping(en, "environment", null);
            for (Map.Entry<String, NodeTuple> t : e.entrySet()) {
                if (!ENV_NAME.matcher(t.getKey()).matches()) {
                    throw error(t.getValue().getKeyNode(), "environment", "not a variable name: " + t.getKey());
                }
                env.put(t.getKey(), scalar(t.getValue().getValueNode(), "environment." + t.getKey()));
            }
        }

        Duration timeout = DEFAULT_TIMEOUT;
        if (top.containsKey("timeout")) {
            Node tn = top.get("timeout").getValueNode();
            timeout = duration(scalar(tn, "timeout"), tn);
        }

        Manifest.Mode mode;
        Node mn = required(top, root, "mode");
        String m = scalar(mn, "mode");
        mode = switch (m) {
            case "worker" -> Manifest.Mode.WORKER;
            case "per-call", "per_call", "percall" -> Manifest.Mode.PER_CALL;
            default -> throw error(mn, "mode", "unknown mode '" + m + "'; use worker or per-call");
        };
        if (mode == Manifest.Mode.WORKER) {
            // a worker is started once per lane: per-simulation placeholders have nothing to stand for
            List<String> perSimulation = new ArrayList<>(List.of("{theta}", "{seed}", "{input}"));
            parameters.forEach(p -> perSimulation.add("{" + p.name() + "}"));
            for (String word : command) {
                for (String ph : perSimulation) {
                    if (word.contains(ph)) {
                        throw error(cn, "command", ph + " is a per-call placeholder; a worker gets theta and the seed"
                                + " in each request (use mode: per-call, or read them from the request)");
                    }
                }
            }
        }
        return new Manifest(file, id, version, name, description, List.copyOf(parameters), List.copyOf(priors),
                List.copyOf(outputs), List.copyOf(command), workingDir, Map.copyOf(env), timeout, mode);
    }

    private static String modeWord(Map<String, NodeTuple> top) {
        NodeTuple t = top.get("mode");
        return t != null && t.getValueNode() instanceof ScalarNode s ? s.getValue() : "";
    }

    private Manifest.PriorSpec prior(String text, Node node, String field) throws ManifestException {
        Matcher m = PRIOR.matcher(text);
        if (!m.matches()) {
            throw error(node, field, "expected uniform(a, b), normal(mu, sigma) or loguniform(a, b), got: " + text);
        }
        String family = m.group(1).toLowerCase(Locale.ROOT);
        double a = number(m.group(2), node, field);
        double b = number(m.group(3), node, field);
        switch (family) {
            case "uniform" -> {
                if (!(a < b)) {
                    throw error(node, field, "uniform(a, b) needs a < b, got: " + text);
                }
            }
            case "loguniform" -> {
                if (!(a > 0 && a < b)) {
                    throw error(node, field, "loguniform(a, b) needs 0 < a < b, got: " + text);
                }
            }
            case "normal" -> {
                if (!(b > 0)) {
                    throw error(node, field, "normal(mu, sigma) needs sigma > 0, got: " + text);
                }
            }
            default -> throw error(node, field, "unknown prior family '" + family
                    + "'; use uniform, normal or loguniform");
        }
        return new Manifest.PriorSpec(family, a, b);
    }

    private double number(String s, Node node, String field) throws ManifestException {
        try {
            double v = Double.parseDouble(s.trim());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw error(node, field, "not a finite number: " + s.trim());
        }
    }

    private Duration duration(String s, Node node) throws ManifestException {
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            throw error(node, "timeout", "expected seconds (30), or 500ms / 30s / 2m / 1h, got: " + s);
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double seconds = switch (unit) {
            case "ms" -> v / 1000;
            case "m" -> v * 60;
            case "h" -> v * 3600;
            default -> v;
        };
        if (!(seconds > 0) || seconds > 7 * 24 * 3600) {
            throw error(node, "timeout", "must be more than 0 and at most a week, got: " + s);
        }
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    private int[] shape(Node node, String field) throws ManifestException {
        List<Node> items;
        if (node instanceof SequenceNode s) {
            items = s.getValue();
        } else if (node instanceof ScalarNode) {
            items = List.of(node);
        } else {
            throw error(node, field, "must be a list of positive integers, e.g. [64, 64]");
        }
        if (items.isEmpty() || items.size() > 8) {
            throw error(node, field, "must have 1 to 8 extents, got " + items.size());
        }
        int[] shape = new int[items.size()];
        for (int i = 0; i < shape.length; i++) {
            String v = scalar(items.get(i), field);
            try {
                shape[i] = Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw error(items.get(i), field, "extent is not an integer: " + v);
            }
            if (shape[i] <= 0) {
                throw error(items.get(i), field, "extents must be positive, got: " + shape[i]);
            }
        }
        return shape;
    }

    // ------------------------------------------------------------------ node helpers

    private Map<String, NodeTuple> mapping(Node node, String field, List<String> allowed) throws ManifestException {
        if (!(node instanceof MappingNode mn)) {
            throw error(node, field, "must be a mapping of key: value lines");
        }
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : mn.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
            if (key == null) {
                throw error(t.getKeyNode(), field, "keys must be plain words");
            }
            if (allowed != null && !allowed.contains(key)) {
                throw error(t.getKeyNode(), field.equals("the manifest") ? key : field + "." + key,
                        "unknown key '" + key + "'" + suggestion(key, allowed) + "; known keys: " + String.join(", ", allowed));
            }
            if (out.containsKey(key)) {
                throw error(t.getKeyNode(), field.equals("the manifest") ? key : field + "." + key,
                        "duplicate key (first on line " + (out.get(key).getKeyNode().getStartMark().getLine() + 1) + ")");
            }
            out.put(key, t);
        }
        return out;
    }

    private static String suggestion(String key, List<String> allowed) {
        String best = null;
        int bestD = 3;
        for (String a : allowed) {
            int d = distance(key.toLowerCase(Locale.ROOT), a);
            if (d < bestD) {
                bestD = d;
                best = a;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private Node required(Map<String, NodeTuple> map, Node parent, String field) throws ManifestException {
        String key = field.contains(".") ? field.substring(field.lastIndexOf('.') + 1) : field;
        NodeTuple t = map.get(key);
        if (t == null) {
            throw error(parent, field, "is required");
        }
        return t.getValueNode();
    }

    private String requiredString(Map<String, NodeTuple> map, Node parent, String field) throws ManifestException {
        Node n = required(map, parent, field);
        String s = scalar(n, field).strip();
        if (s.isEmpty()) {
            throw error(n, field, "must not be empty");
        }
        return s;
    }

    private String optionalString(Map<String, NodeTuple> map, String key, String fallback) throws ManifestException {
        NodeTuple t = map.get(key);
        return t == null ? fallback : scalar(t.getValueNode(), key);
    }

    private String scalar(Node node, String field) throws ManifestException {
        if (!(node instanceof ScalarNode s)) {
            throw error(node, field, "must be a single value, not a list or mapping");
        }
        return s.getValue();
    }

    private SequenceNode sequence(Node node, String field) throws ManifestException {
        if (!(node instanceof SequenceNode s)) {
            throw error(node, field, "must be a list (lines starting with '- ')");
        }
        return s;
    }

    private ManifestException error(Node node, String field, String message) {
        int line = node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
        return new ManifestException(label + (line > 0 ? ":" + line : "") + ": " + field + ": " + message);
    }
}
