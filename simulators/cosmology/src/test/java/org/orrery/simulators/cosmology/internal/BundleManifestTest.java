package org.orrery.simulators.cosmology.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.orrery.simulator.Simulator;
import org.orrery.testkit.BundleMetadata;

/**
 * The bundle metadata bnd wrote into target/classes (process-classes runs before the tests):
 * imports only the API, the host's mesh library (org.orrery.mesh) and the host-exported Commons
 * packages, embeds no FFT library of its own, exports nothing, and declares one DS component per
 * simulator whose orrery.id is the simulator's id().
 */
class BundleManifestTest {

    private static final Path CLASSES = Path.of("target", "classes");
    private static final BundleMetadata BUNDLE = BundleMetadata.ofBuildOutput(CLASSES);

    @Test
    void importsOnlyTheApiAndCommonsAndExportsNothing() {
        assertNull(BUNDLE.header("Export-Package"), "the bundle must export nothing");
        assertTrue(BUNDLE.importedPackages().contains("org.orrery.simulator"), BUNDLE.importedPackages().toString());
        BUNDLE.assertImportsOnly("org.orrery.*", "org.apache.commons.rng.*", "org.apache.commons.math3.*");
        assertTrue(BUNDLE.importedPackages().contains("org.orrery.mesh"), BUNDLE.importedPackages().toString());
        assertTrue(BUNDLE.header("Provide-Capability").contains("org.orrery.simulator.Simulator"));
        assertEquals(5, BUNDLE.header("Service-Component").split(",").length);
        String priv = BUNDLE.header("Private-Package");
        assertTrue(!priv.contains("org.jtransforms") && !priv.contains("pl.edu.icm.jlargearrays"),
                "the FFTs are the host's (org.orrery.mesh), not embedded: " + priv);
        assertTrue(!Files.exists(CLASSES.resolve("org/jtransforms")));
    }

    @Test
    void componentIdsAreTheSimulatorIds() throws Exception {
        Map<String, String> idByClass = BUNDLE.componentIds();
        assertEquals(5, idByClass.size(), idByClass.toString());
        for (var e : idByClass.entrySet()) {
            Simulator s = (Simulator) Class.forName(e.getKey()).getConstructor().newInstance();
            assertEquals(e.getValue(), s.id(), e.getKey());
        }
        assertEquals(Set.of("grf", "lpt", "tracers", "linear_field", "lpt_tracers"), Set.copyOf(idByClass.values()));
    }
}
