package org.orrery.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18.6: file modes follow the umask, finished outputs need --overwrite, one writer per output, no class names. */
class OutputGuardsTest {

    @TempDir
    Path dir;

    @Test
    void atomicWritesGetTheModesOfAnyNewFileNotTheTempFiles0600() throws Exception {
        Path plain = dir.resolve("plain.txt");
        Files.createFile(plain); // 0666 & ~umask: 0644 under the usual umask 022
        Path out = dir.resolve("bank.h5");
        AtomicFiles.write(out, tmp -> Files.writeString(tmp, "data"));
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        Path samples = dir.resolve("samples.csv");
        SampleWriter.write(samples, java.util.List.of("a"), new double[][] {{1}});
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(samples));
        try (var s = Files.list(dir)) {
            assertEquals(3, s.count(), "no probe or temp files left");
        }
    }

    @Test
    void finishedOutputsAreNotReplacedWithoutOverwrite() throws Exception {
        Path bank = dir.resolve("bank.h5");
        AtomicFiles.refuseExisting(bank, false, "bank"); // nothing there: fine
        Files.writeString(bank, "x");
        var e = assertThrows(BadInputException.class, () -> AtomicFiles.refuseExisting(bank, false, "bank"));
        assertEquals(bank + " exists (a finished bank); overwrite it, or choose another output", e.getMessage());
        AtomicFiles.refuseExisting(bank, true, "bank");
        Path report = Files.createDirectory(dir.resolve("report"));
        AtomicFiles.refuseExisting(report, false, "report"); // empty folder: nothing to lose
        Files.writeString(report.resolve("index.html"), "<html>");
        assertThrows(BadInputException.class, () -> AtomicFiles.refuseExisting(report, false, "report"));
    }

    @Test
    void aSecondWriterIsToldThePidOfTheFirst() throws Exception {
        Path out = dir.resolve("bank.h5");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process holder = new ProcessBuilder(java, "-Xmx32m", "-cp", cp, LockHolderMain.class.getName(), out.toString()).start();
        try {
            var r = new BufferedReader(new InputStreamReader(holder.getInputStream()));
            assertEquals("locked", r.readLine());
            var e = assertThrows(BadInputException.class, () -> OutputLock.acquire(out));
            assertEquals(out + " is in use by another process (pid " + holder.pid() + "); wait for it to finish or choose"
                    + " another output", e.getMessage());
        } finally {
            holder.destroyForcibly(); // kill -9: the OS releases the lock with the process
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        try (OutputLock lock = OutputLock.acquire(out)) {
            assertTrue(Files.exists(OutputLock.lockFileOf(out)));
            // the same process asking twice is refused too, never granted a second writer
            assertThrows(BadInputException.class, () -> OutputLock.acquire(out));
        }
        assertFalse(Files.exists(OutputLock.lockFileOf(out)), "released and removed");
    }

    @Test
    void messagesCarryNoExceptionClassNames() {
        assertEquals("disk full", AtomicFiles.describe(new java.io.IOException("java.io.IOException: disk full")));
        assertEquals("unexpected end of file", AtomicFiles.describe(new java.io.EOFException()));
        assertEquals("bad chunk", AtomicFiles.describe(new RuntimeException(new IllegalStateException("bad chunk"))));
        assertEquals("failed without a reason", AtomicFiles.describe(new IllegalStateException()));
    }
}
