package org.orrery.host.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.orrery.host.PluginInfo;
import org.orrery.host.PluginProblem;
import org.orrery.host.PluginRegistry;
import org.orrery.plugin.PluginKind;
import org.orrery.plugin.PluginProperties;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * The whiteboard registry: one service tracker per {@link PluginKind}, plus the diagnosis of jars
 * in the drop-in directories that did not become plugins. Plugins are listed from their service
 * properties and bundle headers; the only call into a plugin is one getService when it appears,
 * because SCR activates a delayed component only then, and an activation failure must show.
 */
public final class Registry implements PluginRegistry {

    /** How long FileInstall and SCR must be silent before the host counts as settled. */
    private static final long QUIET_NANOS = Duration.ofMillis(100).toNanos();
    /** A bundle left resolved but not started this long after its install is taken as failed to start. */
    private static final long START_GRACE_MILLIS = 1_000;

    private final BundleContext context;
    private final List<Path> dirs;
    private final List<ServiceTracker<Object, Tracked>> trackers = new ArrayList<>();
    private final ServiceTracker<ServiceComponentRuntime, ServiceComponentRuntime> scr;
    private final BundleListener bundleListener = e -> touch();
    private final ServiceListener serviceListener = e -> touch();
    private volatile long lastEventNanos = System.nanoTime();

    /** One plugin service seen by a tracker; {@code problem} non-null when it cannot be used. */
    record Tracked(PluginKind kind, ServiceReference<?> ref, String id, String problem, boolean getFailed,
                   AtomicBoolean withdrawn) {
    }

    /** A service obtained for a {@code PluginHandle}. */
    public record Lease(Object service, PluginInfo info, AtomicBoolean withdrawn, Runnable release) {
    }

    public Registry(BundleContext context, List<Path> dirs) {
        this.context = context;
        this.dirs = List.copyOf(dirs);
        this.scr = new ServiceTracker<>(context, ServiceComponentRuntime.class, null);
        for (PluginKind kind : PluginKind.values()) {
            trackers.add(new ServiceTracker<>(context, filter(kind), new Customizer(kind)));
        }
    }

    private org.osgi.framework.Filter filter(PluginKind kind) {
        try {
            return context.createFilter("(" + Constants.OBJECTCLASS + "=" + kind.serviceInterface() + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts tracking; call after the framework's init() and before bundles start. */
    public void open() {
        context.addBundleListener(bundleListener);
        context.addServiceListener(serviceListener);
        scr.open();
        // all services: a plugin that embeds its own API copy must be reported, not silently invisible
        trackers.forEach(t -> t.open(true));
    }

    public void close() {
        trackers.forEach(ServiceTracker::close);
        scr.close();
        try {
            context.removeServiceListener(serviceListener);
            context.removeBundleListener(bundleListener);
        } catch (IllegalStateException stopped) {
            // the framework is already gone, and its listeners with it
        }
    }

    private void touch() {
        lastEventNanos = System.nanoTime();
    }

    private final class Customizer implements ServiceTrackerCustomizer<Object, Tracked> {
        private final PluginKind kind;

        Customizer(PluginKind kind) {
            this.kind = kind;
        }

        @Override
        public Tracked addingService(ServiceReference<Object> ref) {
            touch();
            Object idProp = ref.getProperty(PluginProperties.ID);
            String id = idProp instanceof String s && !s.isBlank() ? s.strip() : null;
            String problem = null;
            boolean getFailed = false;
            if (id == null) {
                problem = kind.serviceInterface() + " service " + ref.getProperty(Constants.SERVICE_ID)
                        + " has no " + PluginProperties.ID + " property";
            } else if (!ref.isAssignableTo(context.getBundle(), kind.serviceInterface())) {
                problem = "plugin '" + id + "' uses its own copy of " + kind.serviceInterface()
                        + "; import the Orrery API instead of embedding it";
            } else {
                Object service = context.getService(ref);
                if (service == null) {
                    getFailed = true;
                    problem = "plugin '" + id + "' could not be activated";
                } else {
                    context.ungetService(ref);
                }
            }
            return new Tracked(kind, ref, id, problem, getFailed, new AtomicBoolean());
        }

        @Override
        public void modifiedService(ServiceReference<Object> ref, Tracked t) {
            touch();
        }

        @Override
        public void removedService(ServiceReference<Object> ref, Tracked t) {
            t.withdrawn().set(true);
            touch();
        }
    }

    private List<Tracked> all() {
        List<Tracked> out = new ArrayList<>();
        for (ServiceTracker<Object, Tracked> t : trackers) {
            Map<ServiceReference<Object>, Tracked> m = t.getTracked();
            for (Tracked tr : m.values()) {
                out.add(tr);
            }
        }
        return out;
    }

    @Override
    public List<PluginInfo> plugins() {
        List<PluginInfo> out = new ArrayList<>();
        for (Tracked t : all()) {
            if (t.problem() == null) {
                PluginInfo info = info(t);
                if (info != null) {
                    out.add(info);
                }
            }
        }
        out.sort(Comparator.comparing(PluginInfo::kind).thenComparing(PluginInfo::id)
                .thenComparing(PluginInfo::version));
        return List.copyOf(out);
    }

    @Override
    public Optional<PluginInfo> find(PluginKind kind, String id) {
        return best(kind, id).map(this::info);
    }

    private Optional<Tracked> best(PluginKind kind, String id) {
        // ServiceReference order: higher ranking, then older service, wins
        return all().stream()
                .filter(t -> t.problem() == null && t.kind() == kind && t.id().equals(id) && !t.withdrawn().get())
                .max((a, b) -> a.ref().compareTo(b.ref()));
    }

    /** The ids of working plugins of one kind, sorted. */
    public List<String> ids(PluginKind kind) {
        return plugins().stream().filter(p -> p.kind() == kind).map(PluginInfo::id).distinct().toList();
    }

    /** Gets the service for a handle, or empty when no working plugin has that id. */
    public Optional<Lease> lease(PluginKind kind, String id) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Tracked> t = best(kind, id);
            if (t.isEmpty()) {
                return Optional.empty();
            }
            Tracked tr = t.get();
            PluginInfo info = info(tr);
            @SuppressWarnings({"unchecked", "rawtypes"})
            ServiceReference<Object> ref = (ServiceReference) tr.ref();
            Object service;
            try {
                service = context.getService(ref);
            } catch (IllegalStateException | IllegalArgumentException gone) {
                service = null;
            }
            if (service != null && info != null) {
                return Optional.of(new Lease(service, info, tr.withdrawn(), () -> {
                    try {
                        context.ungetService(ref);
                    } catch (IllegalStateException | IllegalArgumentException gone) {
                        // the service or the framework is already gone; nothing left to release
                    }
                }));
            }
            if (service != null) {
                context.ungetService(ref);
            }
            // unregistered between lookup and get (a hot swap in progress): look again
        }
        return Optional.empty();
    }

    private PluginInfo info(Tracked t) {
        Bundle b = t.ref().getBundle();
        if (b == null) {
            return null; // unregistered meanwhile
        }
        String name = stringProperty(t.ref(), PluginProperties.NAME);
        String description = stringProperty(t.ref(), PluginProperties.DESCRIPTION);
        // a plugin made from a file (a manifest) has its own version and location
        String version = stringProperty(t.ref(), PluginProperties.VERSION);
        String source = stringProperty(t.ref(), PluginProperties.SOURCE);
        return new PluginInfo(t.kind(), t.id(), name, description, version != null ? version : b.getVersion().toString(),
                b.getSymbolicName(), stateName(b.getState()), source != null ? source : displayLocation(b.getLocation()));
    }

    private static String stringProperty(ServiceReference<?> ref, String key) {
        Object v = ref.getProperty(key);
        return v == null ? null : v.toString();
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "active";
            case Bundle.INSTALLED -> "installed";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.UNINSTALLED -> "uninstalled";
            default -> "state " + state;
        };
    }

    // ---------------------------------------------------------------- problems

    @Override
    public List<PluginProblem> problems() {
        List<PluginProblem> out = new ArrayList<>();
        Set<Long> bundlesWithProblems = new HashSet<>();
        Map<Path, Bundle> byPath = bundlesByPath();
        for (Path jar : jars()) {
            String fileReason = JarInspection.problemOf(jar);
            if (fileReason != null) {
                out.add(new PluginProblem(jar.toString(), null, fileReason));
                continue;
            }
            Bundle b = byPath.get(jar);
            if (b == null) {
                continue; // not picked up yet; FileInstall will within a poll
            }
            for (String reason : BundleDiagnosis.problemsOf(b, scr.getService())) {
                out.add(new PluginProblem(jar.toString(), b.getSymbolicName(), reason));
                bundlesWithProblems.add(b.getBundleId());
            }
        }
        for (Tracked t : all()) {
            Bundle b = t.ref().getBundle();
            if (t.problem() == null || b == null || (t.getFailed() && bundlesWithProblems.contains(b.getBundleId()))) {
                continue;
            }
            out.add(new PluginProblem(displayLocation(b.getLocation()), b.getSymbolicName(), t.problem()));
        }
        for (Map.Entry<Path, ServiceReference<?>> e : sourceServices().entrySet()) {
            Object reason = e.getValue().getProperty(PluginProperties.SOURCE_PROBLEM);
            Bundle b = e.getValue().getBundle();
            if (reason != null && b != null) {
                out.add(new PluginProblem(e.getKey().toString(), b.getSymbolicName(), reason.toString()));
            }
        }
        out.sort(Comparator.comparing(PluginProblem::location).thenComparing(PluginProblem::reason));
        return List.copyOf(out);
    }

    // ---------------------------------------------------------------- settling

    @Override
    public void awaitSettled(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!settled() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(20_000_000L);
        }
    }

    /** Every jar is a plugin bundle that SCR has processed, or a recorded problem; no removed jar is still installed. */
    boolean settled() {
        if (System.nanoTime() - lastEventNanos < QUIET_NANOS) {
            return false;
        }
        Map<Path, Bundle> byPath = bundlesByPath();
        Set<Path> present = new HashSet<>();
        ServiceComponentRuntime runtime = scr.getService();
        for (Path jar : jars()) {
            present.add(jar);
            if (JarInspection.problemOf(jar) != null) {
                continue;
            }
            Bundle b = byPath.get(jar);
            long mtime;
            try {
                mtime = Files.getLastModifiedTime(jar).toMillis();
            } catch (IOException e) {
                continue; // vanished while we looked
            }
            if (b == null || b.getLastModified() < mtime) {
                return false; // not installed, or not yet updated to the file's content
            }
            switch (b.getState()) {
                case Bundle.ACTIVE -> {
                    if (b.getHeaders("").get("Service-Component") != null && runtime != null
                            && runtime.getComponentDescriptionDTOs(b).isEmpty()) {
                        return false; // SCR has not read its components yet
                    }
                }
                case Bundle.INSTALLED -> {
                    FrameworkWiring fw = context.getBundle(0).adapt(FrameworkWiring.class);
                    if (fw.resolveBundles(List.of(b))) {
                        return false; // resolvable now; FileInstall will start it
                    }
                }
                case Bundle.RESOLVED -> {
                    boolean fragment = b.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
                    if (!fragment && System.currentTimeMillis() - b.getLastModified() < START_GRACE_MILLIS) {
                        return false; // FileInstall may be about to start it
                    }
                }
                default -> {
                    return false; // starting or stopping
                }
            }
        }
        for (Path p : byPath.keySet()) {
            if (!present.contains(p)) {
                return false; // deleted, not yet uninstalled
            }
        }
        return sourcesSettled();
    }

    // ---------------------------------------------------------------- plugins made from files (manifests)

    /** Suffixes of files that an active adapter bundle turns into plugins ({@link PluginProperties#SOURCE_HANDLER}). */
    private List<String> handledSuffixes() {
        List<String> out = new ArrayList<>();
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(null, "(" + PluginProperties.SOURCE_HANDLER + "=*)");
            if (refs != null) {
                for (ServiceReference<?> r : refs) {
                    out.add(String.valueOf(r.getProperty(PluginProperties.SOURCE_HANDLER)).toLowerCase(Locale.ROOT));
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Services registered for a source file, by path: a plugin, or a marker with {@link PluginProperties#SOURCE_PROBLEM}. */
    private Map<Path, ServiceReference<?>> sourceServices() {
        Map<Path, ServiceReference<?>> out = new HashMap<>();
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(null, "(" + PluginProperties.SOURCE + "=*)");
            if (refs != null) {
                for (ServiceReference<?> r : refs) {
                    out.put(Path.of(String.valueOf(r.getProperty(PluginProperties.SOURCE))), r);
                }
            }
        } catch (InvalidSyntaxException | RuntimeException e) {
            // a malformed path property: that service simply counts for no file
        }
        return out;
    }

    /** Every handled file has its (up-to-date) service, and no service outlives its deleted file. */
    private boolean sourcesSettled() {
        List<String> suffixes = handledSuffixes();
        Map<Path, ServiceReference<?>> services = sourceServices();
        Set<Path> present = new HashSet<>();
        for (Path f : sourceFiles(suffixes)) {
            present.add(f);
            ServiceReference<?> r = services.get(f);
            if (r == null) {
                return false;
            }
            try {
                Object m = r.getProperty(PluginProperties.SOURCE_MODIFIED);
                if (m instanceof Long t && t < Files.getLastModifiedTime(f).toMillis()) {
                    return false; // changed since it was read
                }
            } catch (IOException e) {
                continue; // vanished while we looked
            }
        }
        for (Path p : services.keySet()) {
            if (!present.contains(p) && dirs.contains(p.getParent())) {
                return false; // deleted, not yet withdrawn
            }
        }
        return true;
    }

    /** Files in the drop-in directories whose names end with one of the suffixes. */
    private List<Path> sourceFiles(List<String> suffixes) {
        List<Path> out = new ArrayList<>();
        if (suffixes.isEmpty()) {
            return out;
        }
        for (Path dir : dirs) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                    if (!name.startsWith(".") && suffixes.stream().anyMatch(name::endsWith) && Files.isRegularFile(p)) {
                        out.add(p.toAbsolutePath().normalize());
                    }
                }
            } catch (IOException e) {
                // a directory removed while the host runs contributes nothing
            }
        }
        return out;
    }

    /** Jars in the drop-in directories, the way FileInstall sees them (hidden and temporary files excluded). */
    List<Path> jars() {
        List<Path> out = new ArrayList<>();
        for (Path dir : dirs) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    String name = p.getFileName().toString();
                    if (!name.startsWith(".") && name.toLowerCase(Locale.ROOT).endsWith(".jar") && Files.isRegularFile(p)) {
                        out.add(p.toAbsolutePath().normalize());
                    }
                }
            } catch (IOException e) {
                // a directory removed while the host runs simply contributes nothing
            }
        }
        out.sort(null);
        return out;
    }

    /** Installed bundles whose location is a file in one of the drop-in directories. */
    private Map<Path, Bundle> bundlesByPath() {
        Map<Path, Bundle> out = new HashMap<>();
        for (Bundle b : context.getBundles()) {
            Path p = pathOf(b.getLocation());
            if (p != null && dirs.contains(p.getParent()) && b.getState() != Bundle.UNINSTALLED) {
                out.put(p, b);
            }
        }
        return out;
    }

    static Path pathOf(String location) {
        if (location == null || !location.startsWith("file:")) {
            return null;
        }
        try {
            return Path.of(URI.create(location)).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String displayLocation(String location) {
        Path p = pathOf(location);
        return p != null ? p.toString() : location;
    }
}
