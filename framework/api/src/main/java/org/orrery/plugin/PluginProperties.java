package org.orrery.plugin;

/**
 * Service properties every Orrery plugin service carries, so that the host can list plugins
 * without calling into them. Example: {@code @Component(property = {"orrery.id=two_moons",
 * "orrery.name=Two moons"})}.
 */
public interface PluginProperties {
    /** Stable identifier used on the command line. Required. */
    String ID = "orrery.id";
    /** Human-readable name. */
    String NAME = "orrery.name";
    /** One-line description. */
    String DESCRIPTION = "orrery.description";
}
