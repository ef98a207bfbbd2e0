package org.orrery.host;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Jar;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds plugin bundles from the test classes with bnd, the way bnd-maven-plugin builds real ones. */
final class TestBundles {

    private static final String PLUGINS = "org.orrery.host.testplugins.";

    private TestBundles() {
    }

    static Path bundle(Path dir, String fileName, String bsn, String version, String pkg, Map<String, String> extra)
            throws Exception {
        try (Builder b = new Builder()) {
            b.setProperty("Bundle-SymbolicName", bsn);
            b.setProperty("Bundle-Version", version);
            b.setProperty("Private-Package", PLUGINS + pkg);
            b.setProperty("-dsannotations", "*");
            extra.forEach(b::setProperty);
            b.addClasspath(new File("target/test-classes"));
            // the jars plugins compile against, so that bnd puts version ranges on the imports
            for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
                String n = new File(e).getName();
                if (n.startsWith("orrery-api") || n.startsWith("commons-rng-client-api") || n.startsWith("nd4j-api")
                        || n.startsWith("org.apache.felix.framework")) {
                    b.addClasspath(new File(e));
                }
            }
            Jar jar = b.build();
            if (!b.getErrors().isEmpty()) {
                throw new IllegalStateException("bnd failed for " + bsn + ": " + b.getErrors());
            }
            Path tmp = Files.createTempFile("bundle-", ".jar.part");
            jar.write(tmp.toFile());
            return dropAtomically(tmp, dir.resolve(fileName));
        }
    }

    static Path good(Path dir, String version) throws Exception {
        return bundle(dir, "test-shift.jar", "org.orrery.test.shift", version, "good",
                Map.of("-includeresource", "test-content-version.txt;literal='" + version + "'"));
    }

    static Path nd4j(Path dir) throws Exception {
        return bundle(dir, "test-nd4j.jar", "org.orrery.test.nd4j", "1.0.0", "nd4j", Map.of());
    }

    static Path throwing(Path dir) throws Exception {
        return bundle(dir, "test-throwing.jar", "org.orrery.test.throwing", "1.0.0", "throwing", Map.of());
    }

    static Path missingImport(Path dir) throws Exception {
        return bundle(dir, "test-missing.jar", "org.orrery.test.missing", "1.0.0", "missingimport",
                Map.of("Import-Package", "com.nowhere.missing,*"));
    }

    /** A valid jar with a manifest but no OSGi headers, like a library dropped in by mistake. */
    static Path plainJar(Path dir) throws IOException {
        Path tmp = Files.createTempFile("plain-", ".jar.part");
        Manifest mf = new Manifest();
        mf.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp), mf)) {
            out.putNextEntry(new JarEntry("com/example/Library.txt"));
            out.write("not a class".getBytes());
            out.closeEntry();
        }
        return dropAtomically(tmp, dir.resolve("plain-library.jar"));
    }

    /** Random bytes named like a jar. */
    static Path garbage(Path dir) throws IOException {
        Path tmp = Files.createTempFile("garbage-", ".jar.part");
        byte[] bytes = new byte[4096];
        new Random(42).nextBytes(bytes);
        try (OutputStream out = Files.newOutputStream(tmp)) {
            out.write(bytes);
        }
        return dropAtomically(tmp, dir.resolve("broken.jar"));
    }

    /** Write elsewhere, then move: FileInstall never sees a half-written jar. */
    static Path dropAtomically(Path source, Path target) throws IOException {
        Path staged = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.copy(source, staged, StandardCopyOption.REPLACE_EXISTING);
        Files.delete(source);
        return Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static List<String> reasons(List<PluginProblem> problems, Path jar) {
        return problems.stream().filter(p -> p.location().equals(jar.toString())).map(PluginProblem::reason).toList();
    }
}
