package org.orrery.host;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.orrery.plugin.PluginKind;

/** What the host knows about plugins right now: those that work, and the jars that could not become plugins. */
public interface PluginRegistry {

    /** Working plugin services, sorted by kind then id. */
    List<PluginInfo> plugins();

    /** Broken jars and failed components, each with a one-line reason, sorted by location. */
    List<PluginProblem> problems();

    Optional<PluginInfo> find(PluginKind kind, String id);

    /**
     * Wait until FileInstall and SCR are quiet after a change in a drop-in directory: every jar there
     * is installed and active or recorded as a problem, and no removed jar is still installed.
     * Returns after {@code timeout} even when not settled.
     */
    void awaitSettled(Duration timeout);
}
