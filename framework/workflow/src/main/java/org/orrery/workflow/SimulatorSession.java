package org.orrery.workflow;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.orrery.bank.BankMetadata;
import org.orrery.host.OrreryHost;
import org.orrery.host.PluginHandle;
import org.orrery.plugin.PluginKind;
import org.orrery.simulator.Simulator;

/**
 * The simulator of a held-out bank, configured with the settings the bank records, for checks that
 * run it (the field check forward-models posterior draws of initial conditions). When the plugin is
 * not installed, or the bank records no settings, there is none and the checks are told so.
 */
final class SimulatorSession implements AutoCloseable {

    private final Simulator simulator;
    private final PluginHandle<Simulator> handle;
    private final String description;

    SimulatorSession(Simulator simulator, PluginHandle<Simulator> handle) {
        this(simulator, handle, simulator == null ? "none" : simulator.id() + " (as the pipeline ran it)");
    }

    private SimulatorSession(Simulator simulator, PluginHandle<Simulator> handle, String description) {
        this.simulator = simulator;
        this.handle = handle;
        this.description = description;
    }

    static SimulatorSession of(OrreryHost host, BankMetadata m, WorkflowListener o) {
        String id = m.simulatorId();
        if (id == null || id.isEmpty() || host.registry().find(PluginKind.SIMULATOR, id).isEmpty()) {
            return new SimulatorSession(null, null, "none: simulator " + id + " is not installed");
        }
        if (m.settings().isEmpty()) {
            return new SimulatorSession(null, null, "none: the held-out bank records no simulator settings");
        }
        Map<String, Object> settings;
        try {
            settings = new ObjectMapper().readValue(m.settings(), new TypeReference<Map<String, Object>>() { });
        } catch (Exception e) {
            throw new WorkflowException("the held-out bank's settings attribute is not JSON: " + e.getMessage(), e);
        }
        PluginHandle<Simulator> h = ValidationRun.acquire(host, PluginKind.SIMULATOR, id, Simulator.class, "the held-out bank's simulator");
        try {
            Simulator s = PluginSettings.configure(h.get(), id, Simulator.class, settings).instance();
            return new SimulatorSession(s, h, id + " " + h.info().version() + " with the held-out bank's settings " + m.settings());
        } catch (RuntimeException e) {
            h.close();
            o.message("note: the held-out bank's simulator " + id + " refused its recorded settings (" + e.getMessage()
                    + "); no check runs it");
            return new SimulatorSession(null, null, "none: " + id + " refused the bank's settings");
        }
    }

    Simulator simulator() {
        return simulator;
    }

    String describe() {
        return description;
    }

    @Override
    public void close() {
        if (handle != null) {
            handle.close();
        }
    }
}
