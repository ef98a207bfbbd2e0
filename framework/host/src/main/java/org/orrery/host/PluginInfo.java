package org.orrery.host;

import java.util.Objects;
import org.orrery.plugin.PluginKind;

/**
 * One plugin service as listed by the registry, read from its service properties and its bundle
 * (never by calling into the plugin).
 *
 * @param version  the providing bundle's Bundle-Version
 * @param bundle   the providing bundle's symbolic name
 * @param state    the bundle's state in lower case, e.g. {@code active}
 * @param location the jar path the bundle was installed from (or its OSGi location when not a file)
 */
public record PluginInfo(PluginKind kind, String id, String name, String description, String version,
                         String bundle, String state, String location) {
    public PluginInfo {
        Objects.requireNonNull(kind, "kind");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("plugin id must not be blank, got: " + id);
        }
        name = name == null || name.isBlank() ? id : name;
        description = description == null ? "" : description;
    }
}
