package org.orrery.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one atomic directory swap (reports and statistics folders use it). */
class ReplaceDirectoryTest {

    @TempDir Path dir;

    private Path staged(String content) throws Exception {
        Path s = Files.createTempDirectory(dir, ".staged-");
        Files.writeString(s.resolve("index.html"), content);
        return s;
    }

    private long entries() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void placesANewFolderAndReplacesAnOldOneLeavingNothingBehind() throws Exception {
        Path target = dir.resolve("report");
        AtomicFiles.replaceDirectory(staged("first"), target);
        assertEquals("first", Files.readString(target.resolve("index.html")));
        Files.writeString(target.resolve("stale.png"), "x");
        AtomicFiles.replaceDirectory(staged("second"), target);
        assertEquals("second", Files.readString(target.resolve("index.html")));
        assertFalse(Files.exists(target.resolve("stale.png")), "nothing of the old folder survives");
        assertEquals(1, entries(), "no staged or old sibling is left");
    }

    @Test
    void aFailedSwapPutsTheOldFolderBack() throws Exception {
        Path target = dir.resolve("report");
        AtomicFiles.replaceDirectory(staged("old"), target);
        Path missing = dir.resolve("not-there");
        try {
            AtomicFiles.replaceDirectory(missing, target);
        } catch (java.io.IOException expected) {
            // the staged folder does not exist: the second rename fails
        }
        assertTrue(Files.isDirectory(target));
        assertEquals("old", Files.readString(target.resolve("index.html")));
        assertEquals(1, entries());
    }
}
