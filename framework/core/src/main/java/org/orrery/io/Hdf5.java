package org.orrery.io;

import io.jhdf.HdfFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opening HDF5 files with one-line causes for the usual failures. */
public final class Hdf5 {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private Hdf5() {
    }

    /** Opens an HDF5 file, or fails with "not found", "not an HDF5 file" or "truncated or corrupt". */
    public static HdfFile open(Path path) {
        if (!Files.exists(path)) {
            throw new BadInputException("file not found: " + path);
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new BadInputException("not a readable file: " + path);
        }
        byte[] head = new byte[8];
        try (InputStream in = Files.newInputStream(path)) {
            int n = in.readNBytes(head, 0, 8);
            if (n < 8 || !java.util.Arrays.equals(head, SIGNATURE)) {
                throw new BadInputException("not an HDF5 file: " + path + (n < 8 ? " (" + n + " bytes)" : " (no HDF5 signature)"));
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read " + path + ": " + AtomicFiles.describe(e));
        }
        try {
            HdfFile h = new HdfFile(path);
            h.getChildren(); // forces the root group to be read, so truncation shows here
            return h;
        } catch (RuntimeException e) {
            throw new BadInputException("HDF5 file " + path + " is truncated or corrupt: " + AtomicFiles.describe(e));
        }
    }
}
