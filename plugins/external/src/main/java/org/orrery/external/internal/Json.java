package org.orrery.external.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON the external protocols need: a reader into {@code Map}/{@code List}/{@code Double}/
 * {@code String}/{@code Boolean}/null (numbers as double, except integers that a double would
 * round, kept as their text) and string quoting for the writer side. Bounded nesting.
 */
final class Json {

    private static final int MAX_DEPTH = 64;

    private final String s;
    private int i;

    private Json(String s) {
        this.s = s;
    }

    /** Parses one JSON value; throws IllegalArgumentException with the offset on malformed text. */
    static Object parse(String text) {
        Json j = new Json(text);
        j.ws();
        Object v = j.value(0);
        j.ws();
        if (j.i != j.s.length()) {
            throw j.fail("trailing characters");
        }
        return v;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw fail("nested deeper than " + MAX_DEPTH);
        }
        if (i >= s.length()) {
            throw fail("unexpected end");
        }
        char c = s.charAt(i);
        switch (c) {
            case '{' -> {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                ws();
                if (peek('}')) {
                    i++;
                    return m;
                }
                while (true) {
                    ws();
                    if (!peek('"')) {
                        throw fail("expected a key");
                    }
                    String k = string();
                    ws();
                    expect(':');
                    ws();
                    m.put(k, value(depth + 1));
                    ws();
                    if (peek(',')) {
                        i++;
                    } else {
                        expect('}');
                        return m;
                    }
                }
            }
            case '[' -> {
                i++;
                List<Object> l = new ArrayList<>();
                ws();
                if (peek(']')) {
                    i++;
                    return l;
                }
                while (true) {
                    ws();
                    l.add(value(depth + 1));
                    ws();
                    if (peek(',')) {
                        i++;
                    } else {
                        expect(']');
                        return l;
                    }
                }
            }
            case '"' -> {
                return string();
            }
            case 't' -> {
                word("true");
                return Boolean.TRUE;
            }
            case 'f' -> {
                word("false");
                return Boolean.FALSE;
            }
            case 'n' -> {
                word("null");
                return null;
            }
            case 'N' -> {
                word("NaN");
                return Double.NaN;
            }
            case 'I' -> {
                word("Infinity");
                return Double.POSITIVE_INFINITY;
            }
            default -> {
                if (c == '-' && s.startsWith("-Infinity", i)) {
                    i += 9;
                    return Double.NEGATIVE_INFINITY;
                }
                int start = i;
                while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                    i++;
                }
                if (start == i) {
                    throw fail("unexpected character '" + c + "'");
                }
                String num = s.substring(start, i);
                try {
                    return Double.parseDouble(num);
                } catch (NumberFormatException e) {
                    throw fail("bad number " + num);
                }
            }
        }
    }

    private void word(String w) {
        if (!s.startsWith(w, i)) {
            throw fail("unexpected characters");
        }
        i += w.length();
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw fail("unterminated string");
            }
            char c = s.charAt(i++);
            if (c == '"') {
                return b.toString();
            }
            if (c == '\\') {
                if (i >= s.length()) {
                    throw fail("unterminated string");
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw fail("bad \\u escape");
                        }
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            } else {
                b.append(c);
            }
        }
    }

    private boolean peek(char c) {
        return i < s.length() && s.charAt(i) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw fail("expected '" + c + "'");
        }
        i++;
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private IllegalArgumentException fail(String what) {
        return new IllegalArgumentException("malformed JSON at character " + i + ": " + what);
    }

    /** A JSON string literal. */
    static String quote(String v) {
        StringBuilder b = new StringBuilder(v.length() + 2).append('"');
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** A double as JSON: shortest round-trip form; NaN and infinities as Python's json writes them. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        return Double.toString(v);
    }

    /** Flattens nested lists of numbers (row-major) into {@code out}; returns the shape found. */
    static List<Integer> flatten(Object v, List<Double> out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nested deeper than " + MAX_DEPTH);
        }
        if (v instanceof Double d) {
            out.add(d);
            return List.of();
        }
        if (v instanceof List<?> l) {
            List<Integer> inner = null;
            for (Object e : l) {
                List<Integer> sh = flatten(e, out, depth + 1);
                if (inner == null) {
                    inner = sh;
                } else if (!inner.equals(sh)) {
                    throw new IllegalArgumentException("ragged nested lists");
                }
            }
            List<Integer> shape = new ArrayList<>();
            shape.add(l.size());
            if (inner != null) {
                shape.addAll(inner);
            }
            return shape;
        }
        throw new IllegalArgumentException("expected numbers, got " + (v == null ? "null" : v.getClass().getSimpleName()
                .replace("LinkedHashMap", "an object").replace("String", "a string")));
    }
}
