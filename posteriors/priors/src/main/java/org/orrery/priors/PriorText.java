package org.orrery.priors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.orrery.parameter.ParameterSpace;

/**
 * Reads a prior from text, as given to {@code --prior} or in YAML, without any Java:
 * <pre>
 *   normal(0, 1)                                    every parameter
 *   omega_m: uniform(0.1, 0.5); sigma_8: normal(0.8, 0.05)   per parameter (';', ',' or newlines)
 * </pre>
 * Families: {@code uniform(a, b)} (or {@code box}), {@code normal(mu, sigma)} (or {@code gaussian}),
 * {@code lognormal(mu, sigma)} (of log x), {@code loguniform(a, b)}, {@code truncnormal(mu, sigma, a, b)}.
 * Every error is one line naming the bad text and what was expected.
 */
public final class PriorText {

    /** The family names and their argument lists, for messages and help. */
    public static final String FAMILIES = "uniform(a, b), normal(mu, sigma), lognormal(mu, sigma), loguniform(a, b),"
            + " truncnormal(mu, sigma, a, b)";

    private PriorText() {
    }

    /** Parses {@code text} into a prior over {@code parameters}. */
    public static IndependentPrior parse(String text, ParameterSpace parameters) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty prior; expected " + FAMILIES);
        }
        List<String> parts = splitTop(text.trim());
        if (parts.size() == 1 && !hasName(parts.get(0))) {
            Marginal m = marginal(parts.get(0));
            List<Marginal> all = new ArrayList<>();
            for (int i = 0; i < parameters.dimension(); i++) {
                all.add(m);
            }
            return new IndependentPrior(parameters, all);
        }
        Map<String, String> byName = new LinkedHashMap<>();
        for (String p : parts) {
            if (!hasName(p)) {
                throw new IllegalArgumentException("prior part '" + p + "' needs a parameter name (name: family(...)) when"
                        + " the prior is given per parameter");
            }
            int colon = p.indexOf(':');
            String name = p.substring(0, colon).trim();
            if (byName.put(name, p.substring(colon + 1).trim()) != null) {
                throw new IllegalArgumentException("prior names parameter " + name + " twice");
            }
        }
        return fromMap(byName, parameters);
    }

    /**
     * A prior from parsed YAML: a string (as {@link #parse}) or a mapping of parameter name to a
     * family string.
     */
    public static IndependentPrior fromYaml(Object value, ParameterSpace parameters) {
        if (value instanceof String s) {
            return parse(s, parameters);
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, String> byName = new LinkedHashMap<>();
            for (var e : m.entrySet()) {
                if (!(e.getValue() instanceof String)) {
                    throw new IllegalArgumentException("prior for " + e.getKey() + " must be text such as normal(0, 1), got "
                            + e.getValue());
                }
                byName.put(String.valueOf(e.getKey()), (String) e.getValue());
            }
            return fromMap(byName, parameters);
        }
        throw new IllegalArgumentException("prior must be text such as normal(0, 1) or a mapping of parameter names to"
                + " such text, got " + value);
    }

    private static IndependentPrior fromMap(Map<String, String> byName, ParameterSpace parameters) {
        List<String> names = parameters.names();
        for (String n : byName.keySet()) {
            if (!names.contains(n)) {
                throw new IllegalArgumentException("prior names unknown parameter " + n + "; the parameters are "
                        + String.join(", ", names));
            }
        }
        List<Marginal> ms = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String n : names) {
            String t = byName.get(n);
            if (t == null) {
                missing.add(n);
            } else {
                ms.add(marginal(t));
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("prior gives no distribution for " + String.join(", ", missing)
                    + "; give one per parameter (" + String.join(", ", names) + ") or one for all");
        }
        return new IndependentPrior(parameters, ms);
    }

    private static boolean hasName(String part) {
        int colon = part.indexOf(':');
        int paren = part.indexOf('(');
        return colon > 0 && (paren < 0 || colon < paren);
    }

    /** Splits at ';', ',' or newlines outside parentheses. */
    static List<String> splitTop(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (depth == 0 && (c == ';' || c == ',' || c == '\n')) {
                if (!cur.toString().isBlank()) {
                    out.add(cur.toString().trim());
                }
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("prior '" + s + "' has unbalanced parentheses");
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().trim());
        }
        return out;
    }

    /** One family with its arguments, e.g. {@code normal(0, 1)}. */
    public static Marginal marginal(String text) {
        String t = text.trim();
        int open = t.indexOf('(');
        if (open <= 0 || !t.endsWith(")")) {
            throw new IllegalArgumentException("prior '" + t + "' is not family(arguments); expected one of " + FAMILIES);
        }
        String family = t.substring(0, open).trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        String[] raw = t.substring(open + 1, t.length() - 1).split(",", -1);
        double[] a = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            try {
                a[i] = Double.parseDouble(raw[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("prior '" + t + "' has argument '" + raw[i].trim() + "', not a number");
            }
        }
        try {
            return switch (family) {
                case "uniform", "box", "flat" -> new Marginal.Uniform(arg(t, a, 2, 0), a[1]);
                case "normal", "gaussian" -> new Marginal.Normal(arg(t, a, 2, 0), a[1]);
                case "lognormal" -> new Marginal.LogNormal(arg(t, a, 2, 0), a[1]);
                case "loguniform", "reciprocal" -> new Marginal.LogUniform(arg(t, a, 2, 0), a[1]);
                case "truncnormal", "truncatednormal" -> new Marginal.TruncatedNormal(arg(t, a, 4, 0), a[1], a[2], a[3]);
                default -> throw new IllegalArgumentException("prior '" + t + "' has unknown family '" + t.substring(0, open).trim()
                        + "'; expected one of " + FAMILIES);
            };
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("prior '") ? e : new IllegalArgumentException("prior '" + t + "': " + e.getMessage());
        }
    }

    private static double arg(String t, double[] a, int n, int i) {
        if (a.length != n) {
            throw new IllegalArgumentException("prior '" + t + "' has " + a.length + " argument(s), its family takes " + n);
        }
        return a[i];
    }
}
