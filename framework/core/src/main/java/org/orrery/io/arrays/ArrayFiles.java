package org.orrery.io.arrays;

import java.nio.file.Path;
import java.util.Locale;
import org.orrery.data.ArraySpec;
import org.orrery.io.BadInputException;
import org.orrery.io.ObservationReader;

/**
 * One numeric array from an HDF5 ({@code .h5}, {@code .hdf5}, {@code .he5}) or FITS ({@code .fits},
 * {@code .fit}, {@code .fts}) file, read by the same code and under the same limits as an
 * observation: declared sizes are checked against the file and the expected shape before anything
 * is allocated, a truncated or corrupt file is refused, every value must be finite.
 */
public final class ArrayFiles {

    private ArrayFiles() {
    }

    /** Whether {@code file}'s name ends like an HDF5 or FITS file. */
    public static boolean readable(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".h5") || n.endsWith(".hdf5") || n.endsWith(".he5") || n.endsWith(".fits")
                || n.endsWith(".fit") || n.endsWith(".fts");
    }

    /**
     * The values of {@code expected} (flat, C order) in {@code file}. {@code inner} names the HDF5
     * dataset ({@code /x}) or the FITS EXTNAME; null picks, as for an observation, the dataset or
     * HDU named like {@code expected}, else the only one (FITS: the first with data). The shape must
     * be {@code expected}'s, leading extents of 1 aside.
     *
     * @throws IllegalArgumentException with a one-line reason naming the file (by its name, not its
     *                                  folder) when it cannot be read or does not fit
     */
    public static double[] read(Path file, String inner, ArraySpec expected) {
        if (!readable(file)) {
            throw new IllegalArgumentException(file.getFileName() + " is neither HDF5 (.h5, .hdf5) nor FITS (.fits)");
        }
        String spec = file.toString() + (inner == null ? "" : ":" + inner);
        try {
            return ObservationReader.read(spec, expected).values();
        } catch (BadInputException | IllegalArgumentException e) {
            throw new IllegalArgumentException(shorten(e.getMessage(), file), e);
        }
    }

    /** The reader speaks of "observation /full/path"; here the file's own name says it all. */
    private static String shorten(String message, Path file) {
        String m = message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable");
        String full = file.toString();
        String name = file.getFileName().toString();
        m = m.replace("observation " + full, name).replace("observation file", "file").replace(full, name);
        return m.replace(" of the simulator)", ")");
    }
}
