package org.orrery.simulators.benchmarks.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.orrery.simulator.Simulator;
import org.orrery.testkit.BundleMetadata;

/**
 * The bundle metadata bnd wrote into target/classes (process-classes runs before the tests):
 * imports only the API and the host-exported Commons packages, exports nothing, and declares one
 * DS component per task whose orrery.id is the simulator's id().
 */
class BundleManifestTest {

    private static final BundleMetadata BUNDLE = BundleMetadata.ofBuildOutput(Path.of("target", "classes"));

    @Test
    void importsOnlyTheApiAndCommonsAndExportsNothing() {
        assertNull(BUNDLE.header("Export-Package"), "the bundle must export nothing");
        assertTrue(BUNDLE.importedPackages().contains("org.orrery.simulator"), BUNDLE.importedPackages().toString());
        BUNDLE.assertImportsOnly("org.orrery.*", "org.apache.commons.rng.*", "org.apache.commons.math3.*");
        assertTrue(BUNDLE.header("Provide-Capability").contains("org.orrery.simulator.Simulator"));
        assertEquals(5, BUNDLE.header("Service-Component").split(",").length);
    }

    @Test
    void componentIdsAreTheSimulatorIds() throws Exception {
        Map<String, String> idByClass = BUNDLE.componentIds();
        assertEquals(5, idByClass.size(), idByClass.toString());
        for (var e : idByClass.entrySet()) {
            Simulator s = (Simulator) Class.forName(e.getKey()).getConstructor().newInstance();
            assertEquals(e.getValue(), s.id(), e.getKey());
        }
        assertEquals(Set.of("gaussian_linear", "gaussian_linear_uniform", "two_moons", "slcp", "gaussian_mixture"),
                Set.copyOf(idByClass.values()));
    }
}
