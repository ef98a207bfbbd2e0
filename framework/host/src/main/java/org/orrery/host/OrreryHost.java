package org.orrery.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.orrery.host.internal.Nd4jInit;
import org.orrery.host.internal.Registry;
import org.orrery.host.internal.SystemPackages;
import org.orrery.plugin.PluginKind;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/**
 * The embedded OSGi host: Apache Felix with SCR, and FileInstall watching the drop-in
 * directories. Plugin jars come and go while it runs; broken ones are listed by
 * {@link PluginRegistry#problems()} and never stop the host.
 */
public final class OrreryHost implements AutoCloseable {

    private static final String EMBEDDED = "org/orrery/host/bundles/";
    private static final List<String> EMBEDDED_BUNDLES = List.of("org.apache.felix.scr.jar", "org.apache.felix.fileinstall.jar");

    private static final java.util.concurrent.atomic.AtomicLong STARTS = new java.util.concurrent.atomic.AtomicLong();

    private final HostConfig config;
    private final Framework framework;
    private final Registry registry;
    private final HostTimings timings;

    private OrreryHost(HostConfig config, Framework framework, Registry registry, HostTimings timings) {
        this.config = config;
        this.framework = framework;
        this.registry = registry;
        this.timings = timings;
    }

    /**
     * Starts the host and returns once it is settled: every jar in the drop-in directories is an
     * active bundle or a recorded problem (or the settle timeout passed).
     */
    public static OrreryHost start(HostConfig config) throws HostStartException {
        STARTS.incrementAndGet();
        long t0 = System.nanoTime();
        if (config.initNd4j()) {
            try {
                Nd4jInit.ensure();
            } catch (RuntimeException | LinkageError e) {
                throw new HostStartException("cannot initialise ND4J: " + e, e);
            }
        }
        long t1 = System.nanoTime();
        Framework framework = null;
        Registry registry = null;
        try {
            framework = new org.apache.felix.framework.FrameworkFactory().newFramework(frameworkProperties(config));
            framework.init();
            BundleContext context = framework.getBundleContext();
            if (!config.initNd4j()) {
                // ND4J only when a plugin needs it: a bundle that imports org.nd4j gets it initialised,
                // in the host's class loader, before it resolves (so before any of its classes run)
                context.addBundleListener((SynchronousBundleListener) event -> {
                    if ((event.getType() == BundleEvent.INSTALLED || event.getType() == BundleEvent.UPDATED)
                            && Nd4jInit.needs(event.getBundle().getHeaders("").get(Constants.IMPORT_PACKAGE))) {
                        Nd4jInit.ensure();
                    }
                });
            }
            registry = new Registry(context, config.dropInDirs());
            registry.open();
            List<Bundle> infrastructure = new java.util.ArrayList<>();
            for (String name : EMBEDDED_BUNDLES) {
                if (name.contains("fileinstall") && config.dropInDirs().isEmpty()) {
                    continue; // with no directory FileInstall would watch ./load
                }
                try (InputStream in = OrreryHost.class.getClassLoader().getResourceAsStream(EMBEDDED + name)) {
                    if (in == null) {
                        throw new HostStartException("the host jar lacks its embedded bundle " + EMBEDDED + name, null);
                    }
                    infrastructure.add(context.installBundle("orrery:embedded/" + name, in));
                }
            }
            framework.start();
            for (Bundle b : infrastructure) {
                b.start();
            }
            long t2 = System.nanoTime();
            registry.awaitSettled(config.settleTimeout());
            long t3 = System.nanoTime();
            HostTimings timings = new HostTimings(millis(t1 - t0), millis(t2 - t1), millis(t3 - t2));
            return new OrreryHost(config, framework, registry, timings);
        } catch (BundleException | IOException | RuntimeException e) {
            stopQuietly(framework, registry);
            throw new HostStartException("cannot start the OSGi framework: " + e.getMessage(), e);
        } catch (HostStartException e) {
            stopQuietly(framework, registry);
            throw e;
        }
    }

    /** How many times {@link #start} was called in this JVM (tests check that a pipeline starts one host). */
    public static long startCount() {
        return STARTS.get();
    }

    private static Map<String, String> frameworkProperties(HostConfig config) {
        Map<String, String> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, config.storageDir().toString());
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, SystemPackages.fromClassPath());
        p.put("felix.log.level", "1");
        // SCR reports component failures through the DTOs that problems() reads; don't also print them
        p.put("ds.loglevel", "0");
        if (!config.dropInDirs().isEmpty()) {
            p.put("felix.fileinstall.dir", config.dropInDirs().stream().map(Path::toString).collect(Collectors.joining(",")));
            p.put("felix.fileinstall.poll", "250");
            p.put("felix.fileinstall.noInitialDelay", "true");
            p.put("felix.fileinstall.bundles.new.start", "true");
            // jars, and the manifests that an adapter bundle turns into plugins (*.simulator.yaml)
            p.put("felix.fileinstall.filter", ".*\\.([jJ][aA][rR]|[yY][aA]?[mM][lL])");
            // broken jars are reported by problems(); FileInstall's own messages would only repeat them
            p.put("felix.fileinstall.log.level", "0");
        }
        return p;
    }

    public PluginRegistry registry() {
        return registry;
    }

    /**
     * Gets a plugin service for a piece of work. The handle returns the same object until closed,
     * even when a new version of the plugin is deployed meanwhile.
     *
     * @throws IllegalArgumentException when no working plugin of that kind has that id, or it is not a {@code type}
     */
    public <T> PluginHandle<T> acquire(PluginKind kind, String id, Class<T> type) {
        Registry.Lease lease = registry.lease(kind, id).orElseThrow(() -> {
            List<String> ids = registry.ids(kind);
            return new IllegalArgumentException("unknown " + kindName(kind) + " '" + id + "'; available: "
                    + (ids.isEmpty() ? "none" : String.join(", ", ids)));
        });
        if (!type.isInstance(lease.service())) {
            lease.release().run();
            throw new IllegalArgumentException(kindName(kind) + " '" + id + "' is a " + lease.service().getClass().getName()
                    + ", not a " + type.getName());
        }
        return new PluginHandle<>(type.cast(lease.service()), lease.info(), lease.withdrawn()::get, lease.release());
    }

    static String kindName(PluginKind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    public HostTimings timings() {
        return timings;
    }

    /** Stops Felix and deletes the framework cache when {@link HostConfig#of} made it. */
    @Override
    public void close() {
        stopQuietly(framework, registry);
        Path storage = config.storageDir();
        if (HostConfig.TEMPORARY_STORAGE.remove(storage)) {
            deleteTree(storage);
        }
    }

    private static void stopQuietly(Framework framework, Registry registry) {
        if (registry != null) {
            registry.close();
        }
        if (framework != null) {
            try {
                framework.stop();
                framework.waitForStop(10_000);
            } catch (BundleException | InterruptedException | RuntimeException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a leftover cache file in the temp dir harms nothing
                }
            });
        } catch (IOException e) {
            // already gone
        }
    }

    private static long millis(long nanos) {
        return Math.round(nanos / 1e6);
    }
}
