package org.orrery.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Joint posterior draws (θ and latent fields, e.g. from a stochastic interpolant) as one HDF5 file:
 * everything {@link SampleWriter} writes for θ, plus a group {@code /fields} holding, per latent
 * {@code name}, the draws {@code name} [N, …grid] (float32), their mean {@code name_mean} and standard
 * deviation {@code name_std} [grid] (float64). Written by temp file and atomic rename.
 */
public final class JointSampleWriter {

    /** One latent's draws: its grid shape and N flat row-major fields. */
    public record FieldDraws(String name, int[] shape, double[][] draws) {
        public FieldDraws {
            if (draws == null || draws.length == 0) {
                throw new IllegalArgumentException("no draws of field " + name);
            }
            int cells = Arrays.stream(shape).reduce(1, Math::multiplyExact);
            for (int i = 0; i < draws.length; i++) {
                if (draws[i] == null || draws[i].length != cells) {
                    throw new IllegalArgumentException("draw " + i + " of field " + name + " has "
                            + (draws[i] == null ? 0 : draws[i].length) + " values, the grid " + Arrays.toString(shape) + " has " + cells);
                }
            }
        }
    }

    private JointSampleWriter() {
    }

    /** True for the file names this writer takes (.h5, .hdf5). */
    public static boolean accepts(Path out) {
        String f = out.getFileName().toString().toLowerCase(Locale.ROOT);
        return f.endsWith(".h5") || f.endsWith(".hdf5");
    }

    public static void write(Path out, List<String> names, double[][] samples, Map<String, String> provenance,
            List<FieldDraws> fields) {
        if (!accepts(out)) {
            throw new BadInputException("joint field samples are written to HDF5 (.h5 or .hdf5), got: " + out);
        }
        for (FieldDraws f : fields) {
            if (f.draws().length != samples.length) {
                throw new IllegalArgumentException("field " + f.name() + " has " + f.draws().length + " draws for "
                        + samples.length + " θ draws");
            }
        }
        AtomicFiles.write(out, tmp -> SampleWriter.writeHdf5(tmp, names, samples, new java.util.LinkedHashMap<>(provenance),
                h -> writeFields(h, fields)));
    }

    private static void writeFields(Hdf5Writer h, List<FieldDraws> fields) throws IOException {
        Hdf5Writer.Group g = h.root().group("fields");
        for (FieldDraws f : fields) {
            int n = f.draws().length;
            int cells = f.draws()[0].length;
            long[] dims = new long[1 + f.shape().length];
            long[] grid = new long[f.shape().length];
            dims[0] = n;
            for (int i = 0; i < grid.length; i++) {
                dims[1 + i] = grid[i] = f.shape()[i];
            }
            Hdf5Writer.DoubleRows rows = g.rows(f.name(), true, Hdf5Writer.Layout.ROW_CHUNKS, dims);
            double[] mean = new double[cells];
            for (double[] d : f.draws()) {
                rows.put(d);
                for (int c = 0; c < cells; c++) {
                    mean[c] += d[c] / n;
                }
            }
            rows.finish();
            double[] sd = new double[cells];
            for (double[] d : f.draws()) {
                for (int c = 0; c < cells; c++) {
                    double e = d[c] - mean[c];
                    sd[c] += e * e / Math.max(1, n - 1);
                }
            }
            for (int c = 0; c < cells; c++) {
                sd[c] = Math.sqrt(sd[c]);
            }
            g.doubles(f.name() + "_mean", mean, grid);
            g.doubles(f.name() + "_std", sd, grid);
        }
    }
}
