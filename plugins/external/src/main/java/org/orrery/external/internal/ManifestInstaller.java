package org.orrery.external.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.apache.felix.fileinstall.ArtifactListener;
import org.orrery.plugin.PluginProperties;
import org.orrery.simulator.Simulator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Turns every {@code *.simulator.yaml} (or {@code .yml}) that FileInstall finds in a plugin folder
 * into a {@link Simulator} service, and withdraws it when the file is deleted; a changed file
 * replaces its service (work already running keeps the instance it started with, and its worker
 * processes until it ends). A manifest with an error becomes a marker service carrying
 * {@link PluginProperties#SOURCE_PROBLEM}, which the host lists under problems.
 */
@Component(service = {ArtifactInstaller.class, ArtifactListener.class}, immediate = true,
        property = PluginProperties.SOURCE_HANDLER + "=" + ManifestInstaller.SUFFIX)
public final class ManifestInstaller implements ArtifactInstaller {

    static final String SUFFIX = ".simulator.yaml";

    private final Map<Path, Installed> installed = new ConcurrentHashMap<>();
    private BundleContext context;
    private Path scratchRoot;

    private record Installed(ServiceRegistration<?> registration, ExternalSimulator simulator) {
    }

    @Activate
    void activate(BundleContext context) throws IOException {
        this.context = context;
        this.scratchRoot = Processes.scratchRoot();
    }

    @Deactivate
    void deactivate() {
        for (Path p : installed.keySet()) {
            Installed old = remove(p);
            if (old != null && old.simulator() != null) {
                old.simulator().close();
            }
        }
        Processes.deleteTree(scratchRoot);
    }

    @Override
    public boolean canHandle(File artifact) {
        String n = artifact.getName().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && (n.endsWith(SUFFIX) || n.endsWith(".simulator.yml"));
    }

    @Override
    public void install(File artifact) {
        register(artifact.toPath().toAbsolutePath().normalize());
    }

    @Override
    public void update(File artifact) {
        Path p = artifact.toPath().toAbsolutePath().normalize();
        remove(p);
        register(p);
    }

    @Override
    public void uninstall(File artifact) {
        remove(artifact.toPath().toAbsolutePath().normalize());
    }

    private synchronized void register(Path file) {
        long modified = file.toFile().lastModified();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(PluginProperties.SOURCE, file.toString());
        props.put(PluginProperties.SOURCE_MODIFIED, modified);
        try {
            Manifest m = ManifestReader.read(file);
            ExternalSimulator sim = new ExternalSimulator(m, scratchRoot);
            props.put(PluginProperties.ID, m.id());
            props.put(PluginProperties.NAME, m.name());
            props.put(PluginProperties.DESCRIPTION, m.description());
            props.put(PluginProperties.VERSION, m.version());
            ServiceRegistration<?> reg = context.registerService(Simulator.class.getName(), sim, props);
            installed.put(file, new Installed(reg, sim));
        } catch (ManifestException e) {
            props.put(PluginProperties.SOURCE_PROBLEM, e.getMessage());
            ServiceRegistration<?> reg = context.registerService(Object.class.getName(), new Object(), props);
            installed.put(file, new Installed(reg, null));
        }
    }

    private synchronized Installed remove(Path file) {
        Installed old = installed.remove(file);
        if (old == null) {
            return null;
        }
        try {
            old.registration().unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping
        }
        if (old.simulator() != null) {
            old.simulator().retire();
        }
        return old;
    }
}
