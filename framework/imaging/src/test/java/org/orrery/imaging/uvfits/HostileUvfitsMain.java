package org.orrery.imaging.uvfits;

import java.nio.file.Path;

/**
 * Reads one UVFITS file in a JVM of its own (started by {@link UvfitsReaderTest} with a small heap)
 * and reports as a command would: the record count on stdout and exit 0, or the one-line cause on
 * stderr and exit 1. An OutOfMemoryError escapes as a stack trace and a different exit code, which
 * the test refuses.
 */
public final class HostileUvfitsMain {

    private HostileUvfitsMain() {
    }

    public static void main(String[] args) {
        try {
            System.out.println(UvfitsReader.read(Path.of(args[0])).size());
        } catch (UvfitsException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }
}
