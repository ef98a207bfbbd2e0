package org.orrery.host.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipException;

/** What is wrong with a drop-in file before OSGi is asked: not a zip, or a jar that is not a bundle. */
final class JarInspection {

    private JarInspection() {
    }

    /** A one-line reason, or null when the file is a jar with a Bundle-SymbolicName. */
    static String problemOf(Path jar) {
        try (JarFile jf = new JarFile(jar.toFile(), false)) {
            Manifest mf = jf.getManifest();
            String bsn = mf == null ? null : mf.getMainAttributes().getValue("Bundle-SymbolicName");
            if (bsn == null || bsn.isBlank()) {
                return "not an OSGi bundle: no Bundle-SymbolicName";
            }
            return null;
        } catch (ZipException e) {
            return "not a zip archive";
        } catch (IOException | SecurityException e) {
            return "cannot read: " + e.getMessage();
        }
    }
}
