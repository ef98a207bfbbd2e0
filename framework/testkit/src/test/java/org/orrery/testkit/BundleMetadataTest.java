package org.orrery.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BundleMetadata on a small bnd-shaped manifest and DS descriptors written here. */
class BundleMetadataTest {

    // Continuation lines start with one space (72-byte manifest lines); version ranges hold commas.
    private static final String MANIFEST = """
            Manifest-Version: 1.0
            Bundle-SymbolicName: org.example.sims
            Import-Package: org.apache.commons.rng;version="[1.6,2)",org.orrery.d
             ata;org.orrery.parameter;version="[1.0,2)",sun.misc;resolution:=option
             al,org.orrery.simulator;version="[1.0,2)"
            Export-Package: org.example.api;version="1.2.0";uses:="org.orrery.data,o
             rg.orrery.simulator"
            Service-Component: OSGI-INF/org.example.A.xml,OSGI-INF/org.example.B.xml

            """;

    private static final String COMPONENT = """
            <?xml version="1.0" encoding="UTF-8"?>
            <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.4.0" name="%1$s" init="1">
              <property name="orrery.name" type="String" value="Name of %2$s"/>
              <property name="orrery.id" type="String" value="%2$s"/>
              <property name="tags" type="String">a
            b</property>
              <service><provide interface="org.orrery.simulator.Simulator"/></service>
              <implementation class="%1$s"/>
            </scr:component>
            """;

    @TempDir Path dir;

    private BundleMetadata write(String manifest, Map<String, String> idByClass) throws Exception {
        Files.createDirectories(dir.resolve("META-INF"));
        Files.writeString(dir.resolve("META-INF/MANIFEST.MF"), manifest);
        Files.createDirectories(dir.resolve("OSGI-INF/metatype"));  // a folder is not a descriptor
        for (var e : idByClass.entrySet()) {
            Files.writeString(dir.resolve("OSGI-INF/" + e.getKey() + ".xml"), COMPONENT.formatted(e.getKey(), e.getValue()));
        }
        return BundleMetadata.ofBuildOutput(dir);
    }

    @Test
    void readsHeadsOfClausesAcrossContinuationLinesAndQuotedCommas() throws Exception {
        BundleMetadata md = write(MANIFEST, Map.of());
        assertEquals(List.of("org.apache.commons.rng", "org.orrery.data", "org.orrery.parameter", "sun.misc",
                "org.orrery.simulator"), md.importedPackages());
        assertEquals("sun.misc;resolution:=optional", md.importClauses().get("sun.misc"));
        assertEquals("org.orrery.data;org.orrery.parameter;version=\"[1.0,2)\"", md.importClauses().get("org.orrery.parameter"));
        assertEquals(List.of("org.example.api"), md.exportedPackages());
        assertEquals("org.example.sims", md.header("Bundle-SymbolicName"));
        assertNull(md.header("Provide-Capability"));
        assertEquals(List.of(), md.components());
    }

    @Test
    void absentHeadersGiveNoPackages() throws Exception {
        BundleMetadata md = write("Manifest-Version: 1.0\n\n", Map.of());
        assertEquals(List.of(), md.importedPackages());
        assertEquals(List.of(), md.exportedPackages());
        assertNull(md.header("Export-Package"));
    }

    @Test
    void componentIdsMapImplementationClassToOrreryId() throws Exception {
        BundleMetadata md = write(MANIFEST, Map.of("org.example.A", "alpha", "org.example.B", "beta"));
        assertEquals(Map.of("org.example.A", "alpha", "org.example.B", "beta"), md.componentIds());
        BundleMetadata.Component a = md.components().get(0);
        assertEquals("org.example.A", a.implementation());
        assertEquals(Map.of("name", "org.example.A", "init", "1"), a.attributes());
        assertEquals("Name of alpha", a.properties().get("orrery.name"));
        assertEquals("a\nb", a.properties().get("tags"));
    }

    @Test
    void componentWithoutOrreryIdFailsNamingTheDescriptor() throws Exception {
        BundleMetadata md = write(MANIFEST, Map.of("org.example.A", "alpha"));
        Files.writeString(dir.resolve("OSGI-INF/org.example.C.xml"),
                COMPONENT.formatted("org.example.C", "x").replace("name=\"orrery.id\"", "name=\"other\""));
        AssertionError e = assertThrows(AssertionError.class, () -> BundleMetadata.ofBuildOutput(dir).componentIds());
        assertTrue(e.getMessage().contains("org.example.C.xml"), e.getMessage());
        assertEquals(Map.of("org.example.A", "alpha"), md.componentIds());
    }

    @Test
    void assertImportsOnlyNamesTheOffendingImport() throws Exception {
        BundleMetadata md = write(MANIFEST, Map.of());
        md.assertImportsOnly("org.orrery.*", "org.apache.commons.rng.*", "sun.misc");

        AssertionError e = assertThrows(AssertionError.class,
                () -> md.assertImportsOnly("org.orrery.*", "org.apache.commons.rng.*"));
        assertTrue(e.getMessage().startsWith("unexpected import sun.misc "), e.getMessage());

        // an exact name does not allow subpackages, a wildcard does not allow mere name prefixes
        e = assertThrows(AssertionError.class, () -> md.assertImportsOnly("org.orrery.*", "org.apache.commons", "sun.misc"));
        assertTrue(e.getMessage().startsWith("unexpected import org.apache.commons.rng "), e.getMessage());
        e = assertThrows(AssertionError.class, () -> md.assertImportsOnly("org.orrery.*", "org.apache.commons.rn.*", "sun.misc"));
        assertTrue(e.getMessage().startsWith("unexpected import org.apache.commons.rng "), e.getMessage());
        e = assertThrows(AssertionError.class, () -> md.assertImportsOnly("org.orrery.*", "org.apache.commons.rng.*", "sun.mi.*"));
        assertTrue(e.getMessage().startsWith("unexpected import sun.misc "), e.getMessage());
    }

    @Test
    void missingManifestSaysBndDidNotRun() {
        var e = assertThrows(IllegalArgumentException.class, () -> BundleMetadata.ofBuildOutput(dir));
        assertTrue(e.getMessage().contains("bnd-process"), e.getMessage());
    }
}
