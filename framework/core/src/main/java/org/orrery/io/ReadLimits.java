package org.orrery.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The limits every reader checks <em>before</em> it allocates, so that a file from a stranger
 * (tiny on disk but huge by declaration, or highly compressible) costs a one-line error instead of
 * the machine. Each limit is a system property, so a user with a genuinely large input can raise it
 * ({@code ORRERY_JAVA_OPTS="-Dorrery.limit.observation-values=…"}); the heap itself is raised with
 * {@code -Xmx} in the same variable.
 */
public final class ReadLimits {

    /** Most values an observation may hold (default 2<sup>27</sup>, a 512³ cube needs 2<sup>27</sup>). */
    public static final long OBSERVATION_VALUES = Long.getLong("orrery.limit.observation-values", 1L << 27);
    /** Largest CSV observation file: a header and one row (default 64 MiB). */
    public static final long CSV_BYTES = Long.getLong("orrery.limit.csv-bytes", 64L << 20);
    /** Largest YAML document (default 4 MiB). */
    public static final long YAML_BYTES = Long.getLong("orrery.limit.yaml-bytes", 4L << 20);
    /** Most aliases a YAML document may use for collections (SnakeYAML's billion-laughs guard). */
    public static final int YAML_ALIASES = Integer.getInteger("orrery.limit.yaml-aliases", 50);
    /** Deepest YAML nesting. */
    public static final int YAML_DEPTH = Integer.getInteger("orrery.limit.yaml-depth", 64);
    /** Most header cards in one FITS header (a header of 10⁵ cards is 8 MB). */
    public static final int FITS_CARDS = Integer.getInteger("orrery.limit.fits-cards", 100_000);
    /** Most HDUs in one FITS file. */
    public static final int FITS_HDUS = Integer.getInteger("orrery.limit.fits-hdus", 10_000);

    private ReadLimits() {
    }

    /** The file's length, or a one-line error. */
    public static long length(Path file, String what) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + what + " " + file + ": " + AtomicFiles.describe(e));
        }
    }

    /**
     * Fails unless {@code bytes} fits comfortably in this JVM's heap (at most half of the maximum),
     * naming the file, the size and how to raise the heap.
     */
    public static void checkHeap(long bytes, String what) {
        long max = Runtime.getRuntime().maxMemory();
        if (bytes < 0 || bytes > max / 2) {
            throw new BadInputException(what + " needs " + human(bytes) + " of memory, more than half of this JVM's heap ("
                    + human(max) + "); raise it with ORRERY_JAVA_OPTS=-Xmx<size> if the file is genuine");
        }
    }

    /** 1536 → "1.5 KiB". */
    public static String human(long bytes) {
        if (bytes < 0) {
            return "more than 8 EiB";
        }
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " bytes" : String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
