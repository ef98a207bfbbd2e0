package org.orrery.simulators.cosmology.internal;

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
import org.orrery.simulator.Simulator;

/**
 * The bundle metadata bnd wrote into target/classes (process-classes runs before the tests):
 * imports only the API, the host-exported Commons packages and sun.misc (optional, JRE-exported,
 * used by the embedded JLargeArrays), embeds JTransforms, exports nothing, and declares one DS
 * component per simulator whose orrery.id is the simulator's id().
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
        // Package names are the comma-separated heads, version ranges contain commas inside quotes.
        for (String clause : imports.replaceAll("\"[^\"]*\"", "").split(",")) {
            String pkg = clause.split(";")[0].trim();
            assertTrue(pkg.startsWith("org.orrery.") || pkg.startsWith("org.apache.commons.rng")
                    || pkg.startsWith("org.apache.commons.math3") || pkg.equals("sun.misc"),
                    "unexpected import " + pkg + " in " + imports);
            if (pkg.equals("sun.misc")) {
                assertTrue(clause.contains("resolution:=optional"), "sun.misc must be optional: " + clause);
            }
        }
        assertTrue(attrs.getValue("Provide-Capability").contains("org.orrery.simulator.Simulator"));
        assertEquals(3, attrs.getValue("Service-Component").split(",").length);
        String priv = attrs.getValue("Private-Package");
        assertTrue(priv.contains("org.jtransforms.fft") && priv.contains("pl.edu.icm.jlargearrays"),
                "JTransforms must be embedded: " + priv);
        assertTrue(Files.isRegularFile(CLASSES.resolve("org/jtransforms/fft/DoubleFFT_3D.class")));
    }

    @Test
    void componentIdsAreTheSimulatorIds() throws Exception {
        Map<String, String> idByClass = new TreeMap<>();
        Pattern id = Pattern.compile("name=\"orrery.id\"[^>]*value=\"([^\"]+)\"");
        Pattern impl = Pattern.compile("implementation class=\"([^\"]+)\"");
        try (var files = Files.list(CLASSES.resolve("OSGI-INF"))) {
            for (Path p : files.toList()) {
                String xml = Files.readString(p);
                Matcher m = id.matcher(xml);
                Matcher c = impl.matcher(xml);
                assertTrue(m.find() && c.find(), "component without orrery.id or class: " + p);
                idByClass.put(c.group(1), m.group(1));
            }
        }
        assertEquals(3, idByClass.size(), idByClass.toString());
        for (var e : idByClass.entrySet()) {
            Simulator s = (Simulator) Class.forName(e.getKey()).getConstructor().newInstance();
            assertEquals(e.getValue(), s.id(), e.getKey());
        }
        assertEquals(java.util.Set.of("grf", "lpt", "tracers"),
                java.util.Set.copyOf(idByClass.values()));
    }
}
