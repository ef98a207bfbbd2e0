package org.orrery.hostile;

import java.nio.file.Files;
import java.nio.file.Path;
import org.orrery.data.ArraySpec;
import org.orrery.io.BadInputException;
import org.orrery.io.ObservationReader;
import org.orrery.io.SafeYaml;
import org.orrery.posteriorfile.PosteriorFile;

/**
 * What {@code orrery infer} does with its inputs, in a JVM of its own so that a test can give it a
 * small heap: read each input named on the command line ({@code posterior=FILE},
 * {@code observation=SPEC}, {@code expect=N} (a vector of N values), {@code yaml=FILE}), and only
 * if all of them are accepted write {@code out=FILE}. A refused input prints its one-line message on
 * stderr and exits 1, as the command line does; anything else (an OutOfMemoryError, an unexpected
 * exception) exits 3 with its class name, which the test counts as a failure.
 */
public final class HostileReadMain {

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        try {
            read(args);
            System.out.println("reader_seconds=" + (System.nanoTime() - t0) / 1e9 + " reader_cpu_seconds="
                    + (threads.getCurrentThreadCpuTime() - cpu0) / 1e9);
            System.exit(0);
        } catch (BadInputException e) {
            System.out.println("reader_seconds=" + (System.nanoTime() - t0) / 1e9 + " reader_cpu_seconds="
                    + (threads.getCurrentThreadCpuTime() - cpu0) / 1e9);
            System.err.println(e.getMessage());
            System.exit(1);
        } catch (Throwable t) {
            System.err.println("UNEXPECTED " + t);
            System.exit(3);
        }
    }

    private static void read(String[] args) throws Exception {
        {
            ArraySpec expected = null;
            Path out = null;
            for (String a : args) {
                String k = a.substring(0, a.indexOf('='));
                String v = a.substring(a.indexOf('=') + 1);
                switch (k) {
                    case "expect" -> expected = ArraySpec.vector("x", Integer.parseInt(v));
                    case "posterior" -> {
                        var c = PosteriorFile.read(Path.of(v));
                        expected = c.header().observable();
                    }
                    case "checkpoint" -> PosteriorFile.readCheckpoint(Path.of(v));
                    case "observation" -> {
                        if (expected == null) {
                            ObservationReader.read(v);
                        } else {
                            ObservationReader.read(v, expected);
                        }
                    }
                    case "yaml" -> SafeYaml.load(Path.of(v));
                    case "out" -> out = Path.of(v);
                    default -> throw new IllegalArgumentException(k);
                }
            }
            if (out != null) {
                Files.writeString(out, "accepted\n");
            }
        }
    }
}
