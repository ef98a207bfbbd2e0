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
    /**
     * The plugin's own version, when it is not the version of the bundle that registers it (a
     * simulator described by a manifest carries the manifest's version). Optional.
     */
    String VERSION = "orrery.version";
    /** The file a plugin was made from (e.g. a {@code *.simulator.yaml} manifest), as an absolute path. */
    String SOURCE = "orrery.source";
    /** Last-modified time (epoch milliseconds, a Long) of {@link #SOURCE} when it was read. */
    String SOURCE_MODIFIED = "orrery.source.modified";
    /**
     * On a marker service registered for a file that could not become a plugin: the one-line reason
     * (e.g. {@code my.simulator.yaml:7: parameters[1].prior: unknown prior family 'gauss'}).
     */
    String SOURCE_PROBLEM = "orrery.source.problem";
    /**
     * On the service of a bundle that turns dropped-in files into plugins: the file-name suffix it
     * handles (e.g. {@code .simulator.yaml}). The host waits for such files as it waits for jars.
     */
    String SOURCE_HANDLER = "orrery.source.handler";
}
