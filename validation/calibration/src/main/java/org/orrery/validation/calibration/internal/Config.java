package org.orrery.validation.calibration.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.orrery.plugin.Setting;
import org.orrery.plugin.Setting.Range;
import org.orrery.plugin.SettingValues;

/** The validators' settings, declared through the API's one settings mechanism. */
final class Config {

    private Config() {
    }

    static Setting pairs(int dflt) {
        return Setting.integer("pairs", dflt, Range.atLeast(1), "", "held-out (theta, x) pairs the check uses");
    }

    static Setting samples(int dflt) {
        return Setting.integer("samples", dflt, Range.atLeast(1), "", "posterior draws per held-out pair");
    }

    /**
     * DS component properties checked against {@code declared}: framework keys (with a dot, such as
     * {@code component.name} or {@code orrery.id}) are not settings and are skipped.
     */
    static SettingValues fromProperties(String id, List<Setting> declared, Map<String, ?> properties) {
        Map<String, Object> given = new LinkedHashMap<>();
        if (properties != null) {
            properties.forEach((k, v) -> {
                if (!k.contains(".") && !k.equals("objectClass")) {
                    given.put(k, v);
                }
            });
        }
        return SettingValues.resolve(id, declared, given);
    }

    static int requirePositive(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, got: " + value);
        }
        return value;
    }
}
