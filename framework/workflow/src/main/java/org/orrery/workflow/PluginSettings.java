package org.orrery.workflow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.orrery.plugin.Configurable;
import org.orrery.plugin.Setting;
import org.orrery.plugin.SettingValues;

/**
 * The one place the workflow turns what a user gave ({@code --set}, {@code --config}, a pipeline's
 * {@code settings:}) into a configured plugin instance, for every plugin kind.
 */
public final class PluginSettings {

    private PluginSettings() {
    }

    /** A plugin instance and the settings it runs with (defaults included). */
    public record Configured<T>(T instance, SettingValues values) {
    }

    /** The settings a plugin declares; none when it does not implement {@link Configurable}. */
    public static List<Setting> declared(Object plugin) {
        return plugin instanceof Configurable<?> c ? c.settings() : List.of();
    }

    /**
     * Checks {@code given} against what {@code plugin} declares (unknown names and bad values fail
     * with a one-line {@link WorkflowException} naming the setting and what is allowed) and returns
     * the instance to use: the registered one when nothing was given, else a new configured one.
     */
    public static <T> Configured<T> configure(T plugin, String id, Class<T> type, Map<String, ?> given) {
        SettingValues values = resolve(plugin, id, given);
        if (given == null || given.isEmpty() || !(plugin instanceof Configurable<?> c)) {
            return new Configured<>(plugin, values);
        }
        Object configured;
        try {
            configured = c.configure(values);
        } catch (IllegalArgumentException e) {
            throw new RefusedValueException(id + " refused its settings (" + values + "): " + e.getMessage(), e);
        }
        if (!type.isInstance(configured)) {
            throw new WorkflowException(id + " returned a " + (configured == null ? "null" : configured.getClass().getName())
                    + " from configure, not a " + type.getSimpleName() + " (a plugin bug)");
        }
        return new Configured<>(type.cast(configured), values);
    }

    /** {@code given} checked against the declared settings, defaults filled in. */
    public static SettingValues resolve(Object plugin, String id, Map<String, ?> given) {
        try {
            return SettingValues.resolve(id, declared(plugin), given == null ? Map.of() : given);
        } catch (IllegalArgumentException e) {
            throw new RefusedValueException(e.getMessage(), e);
        }
    }

    /** The settings that differ from the declared defaults, as {@code name=value} words (empty when none). */
    public static String nonDefault(Object plugin, SettingValues values) {
        Map<String, Object> changed = new LinkedHashMap<>();
        for (Setting s : declared(plugin)) {
            Object v = values.values().get(s.name());
            if (v != null && !v.equals(s.defaultValue())) {
                changed.put(s.name(), v);
            }
        }
        return new SettingValues(values.plugin(), changed).toString();
    }
}
