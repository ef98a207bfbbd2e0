package org.orrery.host.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;

/**
 * Computes {@code org.osgi.framework.system.packages.extra}: the packages on the host class path
 * that plugins share with the host instead of embedding their own copies.
 *
 * <p>Jars and classes directories with an {@code Export-Package} header contribute the packages
 * under {@link #SHARED_PREFIXES} and {@link #NATIVE_PREFIXES}, as declared (JavaCPP has headers).
 * ND4J and DJL (libtorch) jars carry no OSGi metadata, so every package in them is exported with a version taken from
 * the jar's file name; exporting only what plugins import directly breaks them as soon as ND4J
 * hands them a type from another package.
 */
public final class SystemPackages {

    /** Packages shared through the system bundle when a class path entry declares them. */
    static final List<String> SHARED_PREFIXES = List.of(
            "org.orrery.", "org.apache.commons.rng", "org.apache.commons.math3",
            "org.osgi.service.component", "org.osgi.service.cm", "org.osgi.util.", "org.slf4j");

    /** Packages of jars without OSGi metadata that are exported whole. */
    static final List<String> NATIVE_PREFIXES = List.of("org.nd4j", "org.bytedeco", "ai.djl");

    /** The framework exports these itself; exporting them again would make two system-bundle capabilities. */
    private static final List<String> FRAMEWORK_OWNED = List.of("org.osgi.util.tracker", "org.osgi.framework",
            "org.osgi.resource", "org.osgi.dto", "org.osgi.service.packageadmin", "org.osgi.service.startlevel",
            "org.osgi.service.url", "org.osgi.service.resolver", "org.osgi.service.condition");

    private static final Pattern FILE_VERSION = Pattern.compile("-(\\d+(?:\\.\\d+){0,2})(?=[-.])");

    private SystemPackages() {
    }

    /** The value for {@code org.osgi.framework.system.packages.extra} from {@code java.class.path}. */
    public static String fromClassPath() {
        String cp = System.getProperty("java.class.path", "");
        List<Path> entries = new ArrayList<>();
        for (String e : cp.split(File.pathSeparator)) {
            if (!e.isBlank()) {
                entries.add(Path.of(e));
            }
        }
        return compute(entries);
    }

    /** Package clauses from {@code entries}; for each package the first entry that exports it wins. */
    public static String compute(List<Path> entries) {
        Map<String, String> clauses = new LinkedHashMap<>();
        for (Path entry : entries) {
            try {
                if (Files.isDirectory(entry)) {
                    Path mf = entry.resolve("META-INF/MANIFEST.MF");
                    if (Files.isRegularFile(mf)) {
                        try (InputStream in = Files.newInputStream(mf)) {
                            addExports(new Manifest(in), clauses);
                        }
                    }
                } else if (Files.isRegularFile(entry) && entry.getFileName().toString().endsWith(".jar")) {
                    scanJar(entry, clauses);
                }
            } catch (IOException | RuntimeException e) {
                // an unreadable class path entry shares nothing; the JVM would not load from it either
            }
        }
        return String.join(",", clauses.values());
    }

    private static void scanJar(Path jar, Map<String, String> clauses) throws IOException {
        try (JarFile jf = new JarFile(jar.toFile(), false)) {
            Manifest mf = jf.getManifest();
            Attributes main = mf == null ? null : mf.getMainAttributes();
            String bsn = main == null ? null : main.getValue("Bundle-SymbolicName");
            if (bsn != null && bsn.startsWith("org.apache.felix.framework")) {
                return;
            }
            if (main != null && main.getValue("Export-Package") != null) {
                addExports(mf, clauses);
                return;
            }
            String version = versionOf(jar.getFileName().toString());
            TreeSet<String> packages = new TreeSet<>();
            for (Enumeration<? extends ZipEntry> en = jf.entries(); en.hasMoreElements(); ) {
                String name = en.nextElement().getName();
                if (!name.endsWith(".class")) {
                    continue;
                }
                int slash = name.lastIndexOf('/');
                if (slash <= 0 || name.startsWith("META-INF/")) {
                    continue;
                }
                String pkg = name.substring(0, slash).replace('/', '.');
                if (startsWithAny(pkg, NATIVE_PREFIXES)) {
                    packages.add(pkg);
                }
            }
            for (String pkg : packages) {
                clauses.putIfAbsent(pkg, pkg + ";version=\"" + version + "\"");
            }
        }
    }

    /** {@code nd4j-api-1.0.0-M2.1.jar} → 1.0.0, {@code javacpp-1.5.7-linux-x86_64.jar} → 1.5.7. */
    static String versionOf(String fileName) {
        Matcher m = FILE_VERSION.matcher(fileName);
        return m.find() ? m.group(1) : "0.0.0";
    }

    private static void addExports(Manifest mf, Map<String, String> clauses) {
        String header = mf.getMainAttributes().getValue("Export-Package");
        if (header == null) {
            return;
        }
        for (String clause : split(header, ',')) {
            List<String> names = new ArrayList<>();
            List<String> params = new ArrayList<>();
            for (String part : split(clause, ';')) {
                String p = part.strip();
                if (p.isEmpty()) {
                    continue;
                }
                if (p.contains("=")) {
                    params.add(p);
                } else {
                    names.add(p);
                }
            }
            for (String pkg : names) {
                boolean shared = startsWithAny(pkg, SHARED_PREFIXES) || startsWithAny(pkg, NATIVE_PREFIXES);
                if (shared && !startsWithAny(pkg, FRAMEWORK_OWNED)) {
                    StringBuilder sb = new StringBuilder(pkg);
                    params.forEach(x -> sb.append(';').append(x));
                    clauses.putIfAbsent(pkg, sb.toString());
                }
            }
        }
    }

    private static boolean startsWithAny(String pkg, List<String> prefixes) {
        for (String p : prefixes) {
            if (pkg.startsWith(p) || (p.endsWith(".") && pkg.equals(p.substring(0, p.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    /** Splits an OSGi header on {@code sep} outside double quotes. */
    static List<String> split(String header, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == sep && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.isEmpty()) {
            out.add(cur.toString());
        }
        return out;
    }
}
