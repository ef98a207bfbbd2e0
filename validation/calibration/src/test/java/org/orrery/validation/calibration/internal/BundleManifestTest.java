package org.orrery.validation.calibration.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.orrery.testkit.BundleMetadata;
import org.orrery.validation.Validator;

/**
 * The bundle metadata bnd wrote into target/classes: imports only the API and the host-exported
 * Commons packages, exports nothing, and declares one DS component per check whose orrery.id is the
 * validator's id(), activated through the configuration-taking constructor.
 */
class BundleManifestTest {

    private static final BundleMetadata BUNDLE = BundleMetadata.ofBuildOutput(Path.of("target", "classes"));

    @Test
    void importsOnlyTheApiAndCommonsAndExportsNothing() {
        assertNull(BUNDLE.header("Export-Package"), "the bundle must export nothing");
        assertTrue(BUNDLE.importedPackages().contains("org.orrery.validation"), BUNDLE.importedPackages().toString());
        BUNDLE.assertImportsOnly("org.orrery.*", "org.apache.commons.rng.*", "org.apache.commons.math3.*");
        assertTrue(BUNDLE.header("Provide-Capability").contains("org.orrery.validation.Validator"));
    }

    @Test
    void componentIdsAreTheValidatorIds() throws Exception {
        for (BundleMetadata.Component c : BUNDLE.components()) {
            assertEquals("1", c.attributes().get("init"), "component not activated by its constructor: " + c.descriptor());
        }
        Map<String, String> idByClass = BUNDLE.componentIds();
        for (var e : idByClass.entrySet()) {
            Validator v = (Validator) Class.forName(e.getKey()).getConstructor(Map.class).newInstance(Map.of());
            assertEquals(e.getValue(), v.id(), e.getKey());
        }
        assertEquals(Set.of("sbc", "tarp", "coverage", "c2st", "ppc"), Set.copyOf(idByClass.values()));
    }
}
