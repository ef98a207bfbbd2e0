package org.orrery.workflow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;

/** Small helpers for observation specs ({@code file}, {@code file.h5:/dataset}, {@code file.fits:EXT}). */
public final class PipelineObservations {

    private PipelineObservations() {
    }

    /** The file part of a spec. */
    public static Path file(String spec) {
        int colon = spec.indexOf(':', Math.max(spec.lastIndexOf('.'), 0));
        return Path.of(colon < 0 ? spec : spec.substring(0, colon));
    }

    /** A file-name-safe stem: "obs/night 1.fits:SCI" → "night_1". */
    public static String stem(String spec) {
        String name = file(spec).getFileName().toString().replaceFirst("(?i)\\.(fits\\.gz|fits|fit|fts|h5|hdf5|csv)$", "");
        String safe = name.replaceAll("[^A-Za-z0-9_-]", "_").toLowerCase(Locale.ROOT);
        return safe.isEmpty() ? "obs" : safe;
    }

    /**
     * The true parameters of a synthetic FITS observation, from the primary header keywords TRUTH1 …
     * TRUTHd, or null when absent (a real observation has no truth) or not a FITS file.
     */
    public static double[] fitsTruth(String spec, int dim) {
        String f = file(spec).toString().toLowerCase(Locale.ROOT);
        if (!(f.endsWith(".fits") || f.endsWith(".fit") || f.endsWith(".fts") || f.endsWith(".fits.gz"))) {
            return null;
        }
        try (Fits fits = new Fits(file(spec).toFile())) {
            Header h = fits.getHDU(0).getHeader();
            double[] truth = new double[dim];
            for (int j = 0; j < dim; j++) {
                String key = "TRUTH" + (j + 1);
                if (!h.containsKey(key)) {
                    return null;
                }
                truth[j] = h.getDoubleValue(key);
            }
            return truth;
        } catch (FitsException | IOException e) {
            return null; // reading the data already reported any real problem with the file
        }
    }
}
