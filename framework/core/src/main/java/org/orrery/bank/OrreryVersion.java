package org.orrery.bank;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The Orrery version recorded in every file, from the build (Maven resource filtering). */
public final class OrreryVersion {

    private static final String VERSION = load();

    private OrreryVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = OrreryVersion.class.getResourceAsStream("orrery-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("orrery.version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
