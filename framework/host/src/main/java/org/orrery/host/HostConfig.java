package org.orrery.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How to start an {@link OrreryHost}.
 *
 * @param dropInDirs    directories watched for plugin bundle jars (may be empty); each must exist
 * @param storageDir    the OSGi framework's cache; wiped when the host starts
 * @param initNd4j      initialise ND4J's native backend at start; when false it is initialised only
 *                      when a plugin bundle that imports {@code org.nd4j} is installed (so a host
 *                      whose plugins do not use ND4J never loads its native libraries)
 * @param settleTimeout how long {@link OrreryHost#start} waits for the drop-in jars to settle
 */
public record HostConfig(List<Path> dropInDirs, Path storageDir, boolean initNd4j, Duration settleTimeout) {

    /** Storage directories made by {@link #of}, which {@link OrreryHost#close()} deletes. */
    static final Set<Path> TEMPORARY_STORAGE = ConcurrentHashMap.newKeySet();

    public HostConfig {
        if (dropInDirs == null) {
            throw new IllegalArgumentException("dropInDirs must not be null (use an empty list for none)");
        }
        List<Path> given = dropInDirs;
        dropInDirs = given.stream().map(d -> {
            if (d == null) {
                throw new IllegalArgumentException("drop-in directory must not be null: " + given);
            }
            Path abs = d.toAbsolutePath().normalize();
            if (!Files.isDirectory(abs)) {
                throw new IllegalArgumentException("drop-in directory does not exist or is not a directory: " + d);
            }
            // FileInstall takes its directories as one comma-separated list
            if (abs.toString().indexOf(',') >= 0) {
                throw new IllegalArgumentException("drop-in directory path must not contain a comma: " + d);
            }
            return abs;
        }).distinct().toList();
        Objects.requireNonNull(storageDir, "storageDir");
        storageDir = storageDir.toAbsolutePath().normalize();
        if (settleTimeout == null || settleTimeout.isNegative() || settleTimeout.isZero()) {
            throw new IllegalArgumentException("settleTimeout must be positive, got: " + settleTimeout);
        }
    }

    /** Watch {@code dropInDirs}, keep the framework cache in a fresh temporary directory, initialise ND4J, settle within 10 s. */
    public static HostConfig of(List<Path> dropInDirs) {
        Path storage;
        try {
            storage = Files.createTempDirectory("orrery-host-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the OSGi framework cache", e);
        }
        TEMPORARY_STORAGE.add(storage.toAbsolutePath().normalize());
        return new HostConfig(dropInDirs, storage, true, Duration.ofSeconds(10));
    }

    public HostConfig withInitNd4j(boolean init) {
        return new HostConfig(dropInDirs, storageDir, init, settleTimeout);
    }

    public HostConfig withSettleTimeout(Duration timeout) {
        return new HostConfig(dropInDirs, storageDir, initNd4j, timeout);
    }
}
