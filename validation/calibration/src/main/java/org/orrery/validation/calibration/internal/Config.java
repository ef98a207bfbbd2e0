package org.orrery.validation.calibration.internal;

import java.util.Map;

/** Reads the validators' DS configuration properties (strings from ConfigAdmin files, or numbers). */
final class Config {

    private Config() {
    }

    static int positiveInt(Map<String, ?> config, String key, int fallback) {
        Object raw = config == null ? null : config.get(key);
        if (raw == null) {
            return fallback;
        }
        int value;
        try {
            value = raw instanceof Number n ? n.intValue() : Integer.parseInt(raw.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration " + key + " must be an integer, got: " + raw);
        }
        return requirePositive(key, value);
    }

    static int requirePositive(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, got: " + value);
        }
        return value;
    }
}
