package org.orrery.validation.calibration.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.orrery.validation.Validator;

/**
 * The bundle metadata bnd wrote into target/classes: imports only the API and the host-exported
 * Commons packages, exports nothing, and declares one DS component per check whose orrery.id is the
 * validator's id(), activated through the configuration-taking constructor.
 */
class BundleManifestTest {

    private static final Path CLASSES = Path.of("target", "classes");

    @Test
    void importsOnlyTheApiAndCommonsAndExportsNothing() throws Exception {
        Manifest mf;
        try (InputStream in = Files.newInputStream(CLASSES.resolve("META-INF/MANIFEST.MF"))) {
            mf = new Manifest(in);
        }
        var attrs = mf.getMainAttributes();
        assertNull(attrs.getValue("Export-Package"), "the bundle must export nothing");
        String imports = attrs.getValue("Import-Package");
        for (String clause : imports.replaceAll("\"[^\"]*\"", "").split(",")) {
            String pkg = clause.split(";")[0].trim();
            assertTrue(pkg.startsWith("org.orrery.") || pkg.startsWith("org.apache.commons.rng")
                    || pkg.startsWith("org.apache.commons.math3"), "unexpected import " + pkg + " in " + imports);
        }
        assertTrue(attrs.getValue("Provide-Capability").contains("org.orrery.validation.Validator"));
    }

    @Test
    void componentIdsAreTheValidatorIds() throws Exception {
        Map<String, String> idByClass = new TreeMap<>();
        Pattern id = Pattern.compile("name=\"orrery.id\"[^>]*value=\"([^\"]+)\"");
        Pattern impl = Pattern.compile("implementation class=\"([^\"]+)\"");
        try (var files = Files.list(CLASSES.resolve("OSGI-INF"))) {
            for (Path p : files.toList()) {
                String xml = Files.readString(p);
                Matcher m = id.matcher(xml);
                Matcher c = impl.matcher(xml);
                assertTrue(m.find() && c.find(), "component without orrery.id or class: " + p);
                assertTrue(xml.contains("init=\"1\""), "component not activated by its constructor: " + p);
                idByClass.put(c.group(1), m.group(1));
            }
        }
        for (var e : idByClass.entrySet()) {
            Validator v = (Validator) Class.forName(e.getKey()).getConstructor(Map.class).newInstance(Map.of());
            assertEquals(e.getValue(), v.id(), e.getKey());
        }
        assertEquals(java.util.Set.of("sbc", "tarp", "coverage", "c2st"), java.util.Set.copyOf(idByClass.values()));
    }
}
