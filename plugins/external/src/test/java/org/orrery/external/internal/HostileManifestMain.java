package org.orrery.external.internal;

import java.nio.file.Path;

/**
 * Reads one manifest in a JVM of its own (started by {@link HostileManifestTest} with a small heap):
 * the simulator id on stdout and exit 0, or the one-line cause on stderr and exit 1. An
 * OutOfMemoryError escapes as a stack trace and another exit code, which the test refuses.
 */
public final class HostileManifestMain {

    private HostileManifestMain() {
    }

    public static void main(String[] args) {
        try {
            System.out.println(ManifestReader.read(Path.of(args[0])).id());
        } catch (ManifestException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }
}
