package org.orrery.plugin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value of every setting a plugin declares, each of its declared type: what the user gave,
 * checked, and the defaults for the rest. Built with {@link #resolve}; iteration order is the
 * declaration order.
 *
 * @param plugin the plugin id the values belong to (for messages)
 * @param values setting name to value ({@link Integer}, {@link Double}, {@link Boolean} or {@link String})
 */
public record SettingValues(String plugin, Map<String, Object> values) {

    public SettingValues {
        plugin = plugin == null ? "" : plugin;
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values == null ? Map.of() : values));
    }

    /** No settings at all (a plugin that declares none). */
    public static SettingValues none(String plugin) {
        return new SettingValues(plugin, Map.of());
    }

    /**
     * The declared settings' defaults overridden by {@code given}. A key that {@code declared} does
     * not list, or a value its setting refuses, fails with a one-line message naming the plugin,
     * the key and what is allowed.
     */
    public static SettingValues resolve(String plugin, List<Setting> declared, Map<String, ?> given) {
        Map<String, Setting> byName = new LinkedHashMap<>();
        for (Setting s : declared) {
            if (byName.put(s.name(), s) != null) {
                throw new IllegalArgumentException(plugin + " declares setting " + s.name() + " twice");
            }
        }
        Map<String, ?> g = given == null ? Map.of() : given;
        List<String> unknown = new ArrayList<>();
        for (String key : g.keySet()) {
            if (!byName.containsKey(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            String known = byName.isEmpty() ? plugin + " has no settings"
                    : "its settings are: " + String.join(", ", byName.keySet());
            throw new IllegalArgumentException(plugin + " has no setting " + String.join(", ", unknown) + "; " + known);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Setting s : byName.values()) {
            Object raw = g.get(s.name());
            try {
                out.put(s.name(), raw == null ? s.defaultValue() : s.parse(raw));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(plugin + " setting " + e.getMessage(), e);
            }
        }
        return new SettingValues(plugin, out);
    }

    public int integer(String name) {
        return (Integer) get(name);
    }

    public double number(String name) {
        return ((Number) get(name)).doubleValue();
    }

    public boolean bool(String name) {
        return (Boolean) get(name);
    }

    public String text(String name) {
        return (String) get(name);
    }

    /** The value of {@code name}; a name that was not declared is a plugin bug and fails loudly. */
    public Object get(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException(plugin + " has no setting " + name + "; its settings are: "
                    + String.join(", ", values.keySet()));
        }
        return v;
    }

    /** {@code name=value} pairs in declaration order, e.g. {@code grid=64 dims=2}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        values.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return b.toString();
    }
}
