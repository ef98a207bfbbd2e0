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

    /** True for the file names this writer takes (.h5, .hdf5, .fits, .fit). */
    public static boolean accepts(Path out) {
        return isHdf5(out) || isFits(out);
    }

    private static boolean isHdf5(Path out) {
        String f = out.getFileName().toString().toLowerCase(Locale.ROOT);
        return f.endsWith(".h5") || f.endsWith(".hdf5");
    }

    private static boolean isFits(Path out) {
        String f = out.getFileName().toString().toLowerCase(Locale.ROOT);
        return f.endsWith(".fits") || f.endsWith(".fit");
    }

    public static void write(Path out, List<String> names, double[][] samples, Map<String, String> provenance,
            List<FieldDraws> fields) {
        if (!accepts(out)) {
            throw new BadInputException("joint field samples are written to HDF5 (.h5 or .hdf5) or FITS (.fits), got: " + out);
        }
        for (FieldDraws f : fields) {
            if (f.draws().length != samples.length) {
                throw new IllegalArgumentException("field " + f.name() + " has " + f.draws().length + " draws for "
                        + samples.length + " θ draws");
            }
        }
        if (isFits(out)) {
            AtomicFiles.write(out, tmp -> SampleWriter.writeFits(tmp, names, samples, new java.util.LinkedHashMap<>(provenance),
                    fits -> fitsFields(fits, fields)));
            return;
        }
        AtomicFiles.write(out, tmp -> SampleWriter.writeHdf5(tmp, names, samples, new java.util.LinkedHashMap<>(provenance),
                h -> writeFields(h, fields)));
    }

    /**
     * FITS: after the SAMPLES table, per latent an image extension {@code EXTNAME = NAME} holding the
     * draws as one float32 cube (astropy's {@code .data} has shape (N, …grid), the same axis order as
     * the HDF5 dataset), then {@code NAME_MEAN} and {@code NAME_STD} (float64, shape grid).
     */
    private static void fitsFields(nom.tam.fits.Fits fits, List<FieldDraws> fields) throws Exception {
        for (FieldDraws f : fields) {
            double[][] stats = meanAndStd(f.draws());
            int[] shape = f.shape();
            int[] cubeShape = new int[shape.length + 1];
            cubeShape[0] = f.draws().length;
            System.arraycopy(shape, 0, cubeShape, 1, shape.length);
            Object cube = java.lang.reflect.Array.newInstance(float.class, cubeShape);
            int[] pos = {0};
            int row = f.draws()[0].length;
            float[] flat = new float[f.draws().length * row];
            for (int i = 0; i < f.draws().length; i++) {
                for (int c = 0; c < row; c++) {
                    flat[i * row + c] = (float) f.draws()[i][c];
                }
            }
            fill(cube, 0, cubeShape, flat, pos);
            String name = f.name().toUpperCase(Locale.ROOT);
            image(fits, cube, name, "posterior draws of " + f.name() + " [draw, grid...]");
            image(fits, NdArrays.reshape(stats[0], shape), name + "_MEAN", "posterior mean of " + f.name());
            image(fits, NdArrays.reshape(stats[1], shape), name + "_STD", "posterior standard deviation of " + f.name());
        }
    }

    private static void fill(Object a, int depth, int[] shape, float[] flat, int[] pos) {
        if (depth == shape.length - 1) {
            System.arraycopy(flat, pos[0], a, 0, shape[depth]);
            pos[0] += shape[depth];
            return;
        }
        for (int i = 0; i < shape[depth]; i++) {
            fill(java.lang.reflect.Array.get(a, i), depth + 1, shape, flat, pos);
        }
    }

    private static void image(nom.tam.fits.Fits fits, Object data, String extname, String comment) throws Exception {
        nom.tam.fits.BasicHDU<?> hdu = nom.tam.fits.Fits.makeHDU(data);
        hdu.getHeader().addValue("EXTNAME", extname, comment);
        fits.addHDU(hdu);
    }

    /** Per cell: the draws' mean and their standard deviation (n − 1 in the denominator). */
    static double[][] meanAndStd(double[][] draws) {
        int n = draws.length;
        int cells = draws[0].length;
        double[] mean = new double[cells];
        for (double[] d : draws) {
            for (int c = 0; c < cells; c++) {
                mean[c] += d[c] / n;
            }
        }
        double[] sd = new double[cells];
        for (double[] d : draws) {
            for (int c = 0; c < cells; c++) {
                double e = d[c] - mean[c];
                sd[c] += e * e / Math.max(1, n - 1);
            }
        }
        for (int c = 0; c < cells; c++) {
            sd[c] = Math.sqrt(sd[c]);
        }
        return new double[][] {mean, sd};
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
            double[][] stats = meanAndStd(f.draws());
            g.doubles(f.name() + "_mean", stats[0], grid);
            g.doubles(f.name() + "_std", stats[1], grid);
        }
    }
}
