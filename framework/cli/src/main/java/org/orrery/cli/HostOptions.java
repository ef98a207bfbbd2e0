package org.orrery.cli;

import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.orrery.host.HostConfig;
import org.orrery.host.HostStartException;
import org.orrery.host.OrreryHost;
import org.orrery.workflow.Workflow;
import picocli.CommandLine.Option;

/**
 * The drop-in directories shared by every command that starts the plugin host. Plugins are read
 * from, in order: the distribution's built-in folder {@code ${orrery.home}/plugins}, each
 * {@code --plugins DIR}, and each entry of the {@code ORRERY_PLUGINS} path list.
 *
 * <p>Use as a picocli {@code @Mixin}; {@link #start()} starts a host over those directories.
 */
public final class HostOptions {

    /** Environment variable with extra drop-in directories, separated like PATH. */
    public static final String ENV = "ORRERY_PLUGINS";
    /** System property set by the launcher to the distribution's root folder. */
    public static final String HOME_PROPERTY = "orrery.home";

    // Long enough for a cold ND4J-free bundle activation on a loaded 2-core machine.
    private static final Duration SETTLE = Duration.ofSeconds(10);

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Extra plugin drop-in directory (repeatable). Also read: $" + ENV
                    + " (path list) and the distribution's plugins/ folder.")
    List<Path> pluginDirs = new ArrayList<>();

    /** The directories as given with {@code --plugins}. */
    public List<Path> pluginDirs() {
        return List.copyOf(pluginDirs);
    }

    /** All drop-in directories from this process's environment; see {@link #dropInDirs(Map, String)}. */
    public List<Path> dropInDirs() {
        return dropInDirs(System.getenv(), System.getProperty(HOME_PROPERTY));
    }

    /**
     * Built-in folder (when {@code home} is set and has one), then {@code --plugins}, then
     * {@code ORRERY_PLUGINS}; duplicates dropped. A named directory that does not exist is a user
     * error: silently watching nothing would make a mistyped path look like a broken plugin.
     */
    List<Path> dropInDirs(Map<String, String> env, String home) {
        var dirs = new LinkedHashSet<Path>();
        if (home != null && !home.isBlank()) {
            Path builtIn = Path.of(home, "plugins");
            if (Files.isDirectory(builtIn)) {
                dirs.add(builtIn.toAbsolutePath().normalize());
            }
        }
        for (Path dir : pluginDirs) {
            dirs.add(existingDir(dir, "--plugins"));
        }
        String list = env.get(ENV);
        if (list != null) {
            for (String entry : list.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    dirs.add(existingDir(Path.of(entry.trim()), ENV));
                }
            }
        }
        return List.copyOf(dirs);
    }

    private static Path existingDir(Path dir, String source) {
        if (!Files.exists(dir)) {
            throw new CliException(source + ": no such directory: " + dir);
        }
        if (!Files.isDirectory(dir)) {
            throw new CliException(source + ": not a directory: " + dir);
        }
        return dir.toAbsolutePath().normalize();
    }

    /** The options to hand to another command run in-process, e.g. by {@code demo}. */
    public List<String> asArguments() {
        var args = new ArrayList<String>();
        for (Path dir : pluginDirs) {
            args.add("--plugins");
            args.add(dir.toString());
        }
        return args;
    }

    /**
     * A workflow session over these drop-in directories; its host starts when a use case first
     * needs plugins. The directories are checked now, so a mistyped {@code --plugins} fails before
     * any work.
     */
    public Workflow workflow() {
        dropInDirs();
        return new Workflow(this::start);
    }

    /**
     * Starts a host that initialises ND4J only if a plugin bundle imports it; {@code ORRERY_ND4J=eager}
     * (or {@code -Dorrery.nd4j=eager}) initialises it at start, for a plugin that reaches ND4J
     * without importing its packages.
     */
    public OrreryHost start() {
        String mode = System.getProperty("orrery.nd4j", System.getenv().getOrDefault("ORRERY_ND4J", "lazy"));
        return start("eager".equalsIgnoreCase(mode.strip()));
    }

    /**
     * Starts a host over {@link #dropInDirs()} with a fresh, private framework cache (deleted on
     * close), so that concurrent runs never share one. Close it (try-with-resources).
     *
     * @param initNd4j true to initialise ND4J at start; false initialises it only when a plugin that
     *                 imports ND4J is installed
     */
    public OrreryHost start(boolean initNd4j) {
        List<Path> dirs = dropInDirs();
        HostConfig config;
        try {
            config = HostConfig.of(dirs).withInitNd4j(initNd4j).withSettleTimeout(SETTLE);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new CliException(e.getMessage(), e);
        }
        try {
            return OrreryHost.start(config);
        } catch (HostStartException e) {
            throw new CliException("the plugin host did not start: " + e.getMessage(), e);
        }
    }
}
