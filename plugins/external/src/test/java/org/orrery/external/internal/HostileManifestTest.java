package org.orrery.external.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 for external-simulator manifests: a crafted manifest (huge on disk but sparse, an alias
 * bomb, an output declaring 10¹² values) is refused in one line by a JVM with a 64 MB heap, within
 * seconds; the good manifest reads in the same harness, so the refusals are the files', not the harness's.
 */
class HostileManifestTest {

    @TempDir
    Path dir;

    record Outcome(int rc, String out, String err, double seconds) {
    }

    Outcome read(Path manifest) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(javaBin, "-Xmx64m", "-XX:+UseSerialGC", "-cp", cp,
                HostileManifestMain.class.getName(), manifest.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "reader still running after 60 s");
        return new Outcome(p.exitValue(), out, err, (System.nanoTime() - t0) / 1e9);
    }

    void assertRefused(Outcome o, Path file, String words) {
        System.out.printf("refused in %.2f s (JVM start-up included): %s%n", o.seconds(), o.err());
        assertEquals(1, o.rc(), "exit code; stderr: " + o.err());
        assertFalse(o.err().contains("\n") || o.err().contains("Exception") || o.err().contains("Error")
                || o.err().contains("\tat "), o.err());
        assertTrue(o.err().contains(file.getFileName().toString()) && o.err().contains(words), o.err());
        assertTrue(o.seconds() < 30, "took " + o.seconds() + " s");
    }

    @Test
    void theGoodManifestReadsInTheSameHarness() throws Exception {
        Path good = dir.resolve("my.simulator.yaml");
        Files.writeString(good, ManifestReaderTest.GOOD);
        Outcome o = read(good);
        assertEquals(0, o.rc(), o.err());
        assertFalse(o.out().isBlank(), "prints the id");
    }

    @Test
    void aSparseThreeGigabyteManifestIsRefusedByItsSize() throws Exception {
        Path huge = dir.resolve("huge.simulator.yaml");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        assertRefused(read(huge), huge, "a manifest may hold at most " + ManifestReader.MAX_BYTES);
    }

    @Test
    void anAliasBombIsRefused() throws Exception {
        StringBuilder b = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            b.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                b.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            b.append("]\n");
        }
        Path bomb = dir.resolve("bomb.simulator.yaml");
        Files.writeString(bomb, ManifestReaderTest.GOOD + b);
        Outcome o = read(bomb);
        System.out.printf("alias bomb: rc %d in %.2f s: %s%n", o.rc(), o.seconds(), o.err());
        assertEquals(1, o.rc(), o.err());
        assertFalse(o.err().contains("\n") || o.err().contains("\tat ") || o.err().contains("OutOfMemory"), o.err());
        assertTrue(o.err().contains("bomb.simulator.yaml"), o.err());
    }
}
