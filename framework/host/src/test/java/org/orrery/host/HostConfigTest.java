package org.orrery.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostConfigTest {

    @TempDir
    Path dir;

    @Test
    void missingDirectoryIsNamed() {
        Path missing = dir.resolve("nope");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostConfig.of(List.of(missing)));
        assertEquals("drop-in directory does not exist or is not a directory: " + missing, e.getMessage());
    }

    @Test
    void nullListAndBadTimeoutAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new HostConfig(null, dir, false, Duration.ofSeconds(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HostConfig(List.of(), dir, false, Duration.ZERO));
        assertEquals("settleTimeout must be positive, got: PT0S", e.getMessage());
    }

    @Test
    void defaultsAndTemporaryStorageIsDeletedOnClose() throws Exception {
        HostConfig c = HostConfig.of(List.of(dir, dir));
        assertEquals(List.of(dir.toAbsolutePath().normalize()), c.dropInDirs(), "duplicates collapse");
        assertTrue(c.initNd4j());
        assertEquals(Duration.ofSeconds(10), c.settleTimeout());
        assertTrue(Files.isDirectory(c.storageDir()));

        OrreryHost host = OrreryHost.start(new HostConfig(List.of(), c.storageDir(), false, Duration.ofSeconds(5)));
        assertEquals(0, host.timings().nd4jInitMillis());
        assertEquals(List.of(), host.registry().plugins());
        host.close();
        assertFalse(Files.exists(c.storageDir()));
    }
}
