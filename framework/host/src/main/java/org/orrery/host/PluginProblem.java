package org.orrery.host;

import java.util.Objects;

/**
 * A jar or component that could not become a working plugin.
 *
 * @param location the jar path (or OSGi location)
 * @param bundle   the bundle's symbolic name, null when the jar is not a bundle
 * @param reason   one line saying why
 */
public record PluginProblem(String location, String bundle, String reason) {
    public PluginProblem {
        Objects.requireNonNull(location, "location");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a problem needs a reason, location " + location);
        }
        reason = reason.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
