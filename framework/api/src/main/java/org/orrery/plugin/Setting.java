package org.orrery.plugin;

import java.util.List;
import java.util.Locale;

/**
 * One setting a plugin offers: its name, type, default, unit, allowed values and a one-line help.
 * A plugin lists its settings in {@link Configurable#settings()}; the host checks what a user gives
 * (command line {@code --set KEY=VALUE}, {@code --config file.yaml}, a pipeline's {@code settings:})
 * against them with {@link #parse(Object)} before the plugin sees a value, so every plugin refuses
 * bad input the same way.
 *
 * @param name          identifier, e.g. {@code grid} or {@code box_length}
 * @param type          what kind of value it takes
 * @param defaultValue  the value used when none is given, already of {@code type}'s Java class
 *                      ({@link Integer}, {@link Double}, {@link Boolean}, {@link String})
 * @param unit          physical unit ({@code Mpc/h}), empty when dimensionless
 * @param range         allowed interval for {@link Type#INTEGER} and {@link Type#NUMBER}, else null
 * @param multipleOf    integers only: values must be a multiple of this (2 for an even grid); 1 otherwise
 * @param choices       {@link Type#CHOICE} only: the allowed values; empty otherwise
 * @param help          one line for {@code orrery plugins --describe}
 * @param shapeChanging true when the value changes the shape of the plugin's outputs (a simulator's
 *                      grid or dimensionality): such settings are part of a bank's identity
 */
public record Setting(String name, Type type, Object defaultValue, String unit, Range range, int multipleOf,
        List<String> choices, String help, boolean shapeChanging) {

    /** The kinds of value a setting takes. */
    public enum Type { INTEGER, NUMBER, BOOLEAN, TEXT, CHOICE }

    /**
     * An interval of allowed numbers; an infinite end is written {@code inf}.
     *
     * @param min          lower end (may be {@code -Infinity})
     * @param minInclusive whether {@code min} itself is allowed
     * @param max          upper end (may be {@code +Infinity})
     * @param maxInclusive whether {@code max} itself is allowed
     */
    public record Range(double min, boolean minInclusive, double max, boolean maxInclusive) {
        public Range {
            if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
                throw new IllegalArgumentException("a range needs min <= max, got: [" + min + ", " + max + "]");
            }
        }

        /** [min, max]. */
        public static Range closed(double min, double max) {
            return new Range(min, true, max, true);
        }

        /** (min, max). */
        public static Range open(double min, double max) {
            return new Range(min, false, max, false);
        }

        /** [min, inf). */
        public static Range atLeast(double min) {
            return new Range(min, true, Double.POSITIVE_INFINITY, false);
        }

        /** (0, inf). */
        public static Range positive() {
            return new Range(0, false, Double.POSITIVE_INFINITY, false);
        }

        /** Every finite number. */
        public static Range finite() {
            return new Range(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false);
        }

        public boolean contains(double v) {
            return (minInclusive ? v >= min : v > min) && (maxInclusive ? v <= max : v < max) && !Double.isNaN(v);
        }

        @Override
        public String toString() {
            return (minInclusive ? "[" : "(") + end(min) + ", " + end(max) + (maxInclusive ? "]" : ")");
        }

        private static String end(double v) {
            if (Double.isInfinite(v)) {
                return v > 0 ? "inf" : "-inf";
            }
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
    }

    public Setting {
        if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("a setting name must be lower_snake_case, got: " + name);
        }
        if (type == null) {
            throw new IllegalArgumentException("setting " + name + " needs a type");
        }
        unit = unit == null ? "" : unit;
        help = help == null ? "" : help.strip();
        if (help.contains("\n")) {
            throw new IllegalArgumentException("setting " + name + ": help must be one line");
        }
        choices = choices == null ? List.of() : List.copyOf(choices);
        if (type == Type.CHOICE && choices.isEmpty()) {
            throw new IllegalArgumentException("setting " + name + " is a choice but lists no choices");
        }
        if (type != Type.CHOICE && !choices.isEmpty()) {
            throw new IllegalArgumentException("setting " + name + " lists choices but is of type " + type);
        }
        boolean numeric = type == Type.INTEGER || type == Type.NUMBER;
        if (numeric && range == null) {
            range = Range.finite();
        }
        if (!numeric && range != null) {
            throw new IllegalArgumentException("setting " + name + " has a range but is of type " + type);
        }
        if (multipleOf < 1 || (multipleOf != 1 && type != Type.INTEGER)) {
            throw new IllegalArgumentException("setting " + name + ": multipleOf must be 1, or >= 1 for integers, got: "
                    + multipleOf);
        }
        if (defaultValue == null) {
            throw new IllegalArgumentException("setting " + name + " needs a default value");
        }
        // the default must itself be allowed: a plugin that declares a default it refuses is a bug
        Object parsed = check(name, type, range, multipleOf, choices, defaultValue);
        defaultValue = parsed;
    }

    /** An integer setting (a grid size, a number of draws). */
    public static Setting integer(String name, int defaultValue, Range range, String unit, String help) {
        return new Setting(name, Type.INTEGER, defaultValue, unit, range, 1, List.of(), help, false);
    }

    /** A real-valued setting (a box length, a redshift, a learning rate). */
    public static Setting number(String name, double defaultValue, Range range, String unit, String help) {
        return new Setting(name, Type.NUMBER, defaultValue, unit, range, 1, List.of(), help, false);
    }

    /** A true/false setting. */
    public static Setting bool(String name, boolean defaultValue, String help) {
        return new Setting(name, Type.BOOLEAN, defaultValue, "", null, 1, List.of(), help, false);
    }

    /** A free text setting. */
    public static Setting text(String name, String defaultValue, String help) {
        return new Setting(name, Type.TEXT, defaultValue, "", null, 1, List.of(), help, false);
    }

    /** One of a fixed list of words. */
    public static Setting choice(String name, String defaultValue, List<String> choices, String help) {
        return new Setting(name, Type.CHOICE, defaultValue, "", null, 1, choices, help, false);
    }

    /** This setting, its integer values restricted to multiples of {@code step} (2: even). */
    public Setting multipleOf(int step) {
        return new Setting(name, type, defaultValue, unit, range, step, choices, help, shapeChanging);
    }

    /** This setting, marked as changing the shape of the plugin's outputs. */
    public Setting changesShape() {
        return new Setting(name, type, defaultValue, unit, range, multipleOf, choices, help, true);
    }

    /**
     * A value given by a user (text from the command line, or a YAML scalar) as this setting's Java
     * type; a value of the wrong type or outside the allowed values fails with a one-line message
     * naming the setting, the value and what is allowed.
     */
    public Object parse(Object raw) {
        return check(name, type, range, multipleOf, choices, raw);
    }

    /** What is allowed, in words: {@code even integer in [4, 1024]}, {@code number in (0, inf)}, {@code one of: a, b}. */
    public String allowed() {
        return allowed(type, range, multipleOf, choices);
    }

    private static String allowed(Type type, Range range, int multipleOf, List<String> choices) {
        return switch (type) {
            case INTEGER -> (multipleOf == 2 ? "even integer" : multipleOf > 2 ? "integer multiple of " + multipleOf
                    : "integer") + (isAll(range) ? "" : " in " + range);
            case NUMBER -> "number" + (isAll(range) ? "" : " in " + range);
            case BOOLEAN -> "true or false";
            case TEXT -> "any text";
            case CHOICE -> "one of: " + String.join(", ", choices);
        };
    }

    private static boolean isAll(Range r) {
        return r.min() == Double.NEGATIVE_INFINITY && r.max() == Double.POSITIVE_INFINITY;
    }

    private static Object check(String name, Type type, Range range, int multipleOf, List<String> choices, Object raw) {
        String bad = name + " = " + raw + " is not allowed; " + name + " takes: " + allowed(type, range, multipleOf, choices);
        if (raw == null) {
            throw new IllegalArgumentException(name + " needs a value; " + name + " takes: "
                    + allowed(type, range, multipleOf, choices));
        }
        switch (type) {
            case INTEGER: {
                long v;
                if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
                    v = ((Number) raw).longValue();
                } else if (raw instanceof Number n) {
                    double d = n.doubleValue();
                    if (d != Math.rint(d) || Math.abs(d) > Long.MAX_VALUE / 2.0) {
                        throw new IllegalArgumentException(bad);
                    }
                    v = (long) d;
                } else if (raw instanceof String s) {
                    try {
                        v = Long.parseLong(s.strip());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(bad);
                    }
                } else {
                    throw new IllegalArgumentException(bad);
                }
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE || !range.contains(v) || v % multipleOf != 0) {
                    throw new IllegalArgumentException(bad);
                }
                return (int) v;
            }
            case NUMBER: {
                double v;
                if (raw instanceof Number n) {
                    v = n.doubleValue();
                } else if (raw instanceof String s) {
                    try {
                        v = Double.parseDouble(s.strip());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(bad);
                    }
                } else {
                    throw new IllegalArgumentException(bad);
                }
                if (!range.contains(v)) {
                    throw new IllegalArgumentException(bad);
                }
                return v;
            }
            case BOOLEAN: {
                if (raw instanceof Boolean b) {
                    return b;
                }
                String s = raw.toString().strip().toLowerCase(Locale.ROOT);
                if (s.equals("true") || s.equals("false")) {
                    return Boolean.parseBoolean(s);
                }
                throw new IllegalArgumentException(bad);
            }
            case CHOICE: {
                String s = raw.toString().strip();
                if (!choices.contains(s)) {
                    throw new IllegalArgumentException(bad);
                }
                return s;
            }
            default:
                if (!(raw instanceof String || raw instanceof Number || raw instanceof Boolean)) {
                    throw new IllegalArgumentException(bad);
                }
                return raw.toString();
        }
    }
}
