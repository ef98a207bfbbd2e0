package org.orrery.host;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * A plugin service held for a piece of work. {@link #get()} returns the same object for the
 * handle's whole life, so work that started with one version of a plugin finishes with it even
 * when a new version is hot-deployed meanwhile; {@link #withdrawn()} then says so.
 *
 * @param <T> the service type
 */
public final class PluginHandle<T> implements AutoCloseable {
    private final T service;
    private final PluginInfo info;
    private final BooleanSupplier withdrawn;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    PluginHandle(T service, PluginInfo info, BooleanSupplier withdrawn, Runnable release) {
        this.service = service;
        this.info = info;
        this.withdrawn = withdrawn;
        this.release = release;
    }

    /** The service object acquired; the same object until and after {@link #close()}. */
    public T get() {
        return service;
    }

    /** What was acquired: id, version and bundle at acquisition time. */
    public PluginInfo info() {
        return info;
    }

    /** True once the service was unregistered: its jar was removed, replaced or its bundle stopped. */
    public boolean withdrawn() {
        return withdrawn.getAsBoolean();
    }

    /** Releases the service (OSGi ungetService); idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.run();
        }
    }

    @Override
    public String toString() {
        return "PluginHandle[" + info.kind() + " " + info.id() + " " + info.version() + (withdrawn() ? ", withdrawn" : "") + "]";
    }
}
