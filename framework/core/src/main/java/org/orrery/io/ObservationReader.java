package org.orrery.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import nom.tam.fits.ImageHDU;
import org.orrery.data.ArraySpec;

/**
 * Reads an observation from FITS (image HDU or binary table), HDF5 ({@code file.h5:/dataset/path})
 * or CSV with a header row (sbibm style {@code data_1,data_2,…}), chosen by extension, and checks it
 * against the simulator's observable.
 *
 * <p>FITS stores axes fastest-first (NAXIS1 = columns); nom-tam-fits returns images as Java arrays
 * {@code [NAXIS2][NAXIS1]}, so an image written from a Java/numpy {@code [ny, nx]} array comes back
 * as {@code [ny, nx]}, the same as astropy's {@code data.shape}.
 */
public final class ObservationReader {

    /** nom-tam-fits logs truncation warnings and stack traces to stderr; we report one line instead. */
    private static final java.util.logging.Logger FITS_LOG = java.util.logging.Logger.getLogger("nom.tam");

    static {
        FITS_LOG.setLevel(java.util.logging.Level.OFF);
    }

    private ObservationReader() {
    }

    /**
     * Reads {@code spec} ({@code path}, or {@code path:/dataset} for HDF5, {@code path:EXTNAME} for
     * FITS) and validates it against {@code expected}: same shape after dropping leading extents of
     * 1 (a {@code [1, 8]} row is an {@code [8]} vector), and every value finite.
     */
    public static Observation read(String spec, ArraySpec expected) {
        Observation raw = read(spec);
        return validate(raw, expected);
    }

    /** Reads without checking the shape (values are still checked finite). */
    public static Observation read(String spec) {
        Location loc = Location.parse(spec);
        Observation o = switch (loc.format) {
            case HDF5 -> readHdf5(loc);
            case FITS -> readFits(loc);
            case CSV -> readCsv(loc);
        };
        double[] v = o.values();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new BadInputException("observation " + o.source() + " has a non-finite value (" + v[i]
                        + ") at flat index " + i + (o.shape().length > 1 ? " " + Arrays.toString(unravel(i, o.shape())) : ""));
            }
        }
        return o;
    }

    /** Checks shape against the simulator's observable, allowing leading extents of 1 to be dropped. */
    public static Observation validate(Observation o, ArraySpec expected) {
        int[] want = expected.shape();
        int[] found = o.shape();
        int[] squeezed = found;
        while (squeezed.length > want.length && squeezed[0] == 1) {
            squeezed = Arrays.copyOfRange(squeezed, 1, squeezed.length);
        }
        if (!Arrays.equals(squeezed, want)) {
            throw new BadInputException("observation " + o.source() + " has shape " + NdArrays.format(found)
                    + ", expected " + NdArrays.format(want) + " (" + expected.name() + " of the simulator)");
        }
        return new Observation(o.values(), want, o.source());
    }

    enum Format { HDF5, FITS, CSV }

    record Location(Path path, String inner, Format format, String display) {
        static Location parse(String spec) {
            if (spec == null || spec.isBlank()) {
                throw new BadInputException("no observation file given");
            }
            String file = spec;
            String inner = null;
            // split "file.h5:/path" or "file.fits:EXT" at the first ':' after a known extension
            String lower = spec.toLowerCase(Locale.ROOT);
            for (String ext : new String[] {".hdf5:", ".h5:", ".he5:", ".fits:", ".fit:", ".fts:"}) {
                int k = lower.lastIndexOf(ext);
                if (k >= 0) {
                    file = spec.substring(0, k + ext.length() - 1);
                    inner = spec.substring(k + ext.length());
                    break;
                }
            }
            String f = file.toLowerCase(Locale.ROOT);
            Format format;
            if (f.endsWith(".h5") || f.endsWith(".hdf5") || f.endsWith(".he5")) {
                format = Format.HDF5;
            } else if (f.endsWith(".fits") || f.endsWith(".fit") || f.endsWith(".fts")) {
                format = Format.FITS;
            } else if (f.endsWith(".csv")) {
                format = Format.CSV;
            } else {
                throw new BadInputException("unknown observation format: " + file
                        + " (expected .fits, .h5/.hdf5 or .csv)");
            }
            Path path = Path.of(file);
            if (!Files.exists(path)) {
                throw new BadInputException("observation file not found: " + file);
            }
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new BadInputException("observation file is not a readable file: " + file);
            }
            return new Location(path, inner == null || inner.isEmpty() ? null : inner, format, spec);
        }
    }

    private static Observation readHdf5(Location loc) {
        try (HdfFile h = Hdf5.open(loc.path)) {
            Dataset ds;
            String name = loc.inner;
            if (name == null) {
                Node x = h.getChildren().get("x");
                if (x instanceof Dataset d) {
                    ds = d;
                } else {
                    List<Dataset> all = new ArrayList<>();
                    collectDatasets(h, all);
                    if (all.size() != 1) {
                        throw new BadInputException("observation " + loc.path + " has " + all.size()
                                + " datasets and no /x; name one as " + loc.path + ":/dataset/path");
                    }
                    ds = all.get(0);
                }
            } else {
                Node n;
                try {
                    n = h.getByPath(name);
                } catch (RuntimeException e) {
                    throw new BadInputException("observation " + loc.path + " has no dataset " + name);
                }
                if (!(n instanceof Dataset d)) {
                    throw new BadInputException("observation " + loc.display + " is a group, not a dataset");
                }
                ds = d;
            }
            String src = loc.path + ":" + ds.getPath();
            if (ds.isCompound() || ds.isVariableLength() || !isNumeric(ds.getJavaType())) {
                throw new BadInputException("observation " + src + " has dtype " + ds.getJavaType().getSimpleName()
                        + ", expected a numeric (float or integer) dataset");
            }
            int[] shape = ds.isScalar() ? new int[] {1} : ds.getDimensions();
            Object data = ds.getData();
            double[] values = ds.isScalar() ? new double[] {((Number) data).doubleValue()} : NdArrays.flatten(data, src);
            return new Observation(values, shape, src);
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadInputException("cannot read observation " + loc.display + ": " + AtomicFiles.describe(e));
        }
    }

    private static boolean isNumeric(Class<?> t) {
        return t == double.class || t == float.class || t == long.class || t == int.class || t == short.class
                || t == byte.class;
    }

    private static void collectDatasets(Group g, List<Dataset> out) {
        for (Node n : g.getChildren().values()) {
            if (n instanceof Dataset d) {
                out.add(d);
            } else if (n instanceof Group sub) {
                collectDatasets(sub, out);
            }
        }
    }

    private static Observation readFits(Location loc) {
        try (Fits fits = new Fits(loc.path.toFile())) {
            BasicHDU<?>[] hdus;
            try {
                hdus = fits.read();
            } catch (Exception e) {
                throw new BadInputException("observation " + loc.path + " is not a valid FITS file (truncated or corrupt): "
                        + AtomicFiles.describe(e));
            }
            if (hdus == null || hdus.length == 0) {
                throw new BadInputException("observation " + loc.path + " is not a valid FITS file (no HDU)");
            }
            BasicHDU<?> chosen = null;
            for (int i = 0; i < hdus.length && chosen == null; i++) {
                BasicHDU<?> hdu = hdus[i];
                if (loc.inner != null) {
                    String ext = hdu.getHeader().getStringValue("EXTNAME");
                    if (loc.inner.equalsIgnoreCase(ext == null ? "" : ext.trim())) {
                        chosen = hdu;
                    }
                } else if (hasData(hdu)) {
                    chosen = hdu;
                }
            }
            if (chosen == null) {
                throw new BadInputException(loc.inner != null
                        ? "observation " + loc.path + " has no HDU with EXTNAME " + loc.inner
                        : "observation " + loc.path + " has no HDU with data");
            }
            String src = loc.path + (loc.inner == null ? "" : ":" + loc.inner);
            if (chosen instanceof ImageHDU img) {
                return readImage(img, src);
            }
            if (chosen instanceof BinaryTableHDU table) {
                return readTable(table, src);
            }
            throw new BadInputException("observation " + src + " is a " + chosen.getClass().getSimpleName()
                    + "; expected an image or a binary table");
        } catch (BadInputException e) {
            throw e;
        } catch (Exception e) {
            throw new BadInputException("cannot read observation " + loc.display + ": " + AtomicFiles.describe(e));
        }
    }

    private static boolean hasData(BasicHDU<?> hdu) {
        if (hdu instanceof ImageHDU) {
            Header h = hdu.getHeader();
            int naxis = h.getIntValue("NAXIS", 0);
            for (int k = 1; k <= naxis; k++) {
                if (h.getIntValue("NAXIS" + k, 0) <= 0) {
                    return false;
                }
            }
            return naxis > 0;
        }
        return hdu instanceof BinaryTableHDU;
    }

    private static Observation readImage(ImageHDU img, String src) throws Exception {
        Object kernel = img.getKernel();
        if (kernel == null) {
            // nom-tam-fits only warns "Premature file end" and leaves the data unset
            throw new BadInputException("observation " + src + " is truncated or corrupt: its image data is missing");
        }
        int[] shape = NdArrays.shapeOf(kernel);
        double[] v = NdArrays.flatten(kernel, src);
        Header h = img.getHeader();
        double scale = h.getDoubleValue("BSCALE", 1.0);
        double zero = h.getDoubleValue("BZERO", 0.0);
        boolean integer = h.getIntValue("BITPIX") > 0;
        if (integer && h.containsKey("BLANK")) {
            long blank = h.getLongValue("BLANK");
            for (int i = 0; i < v.length; i++) {
                if (v[i] == blank) {
                    v[i] = Double.NaN; // undefined pixel: reported as non-finite below
                }
            }
        }
        if (scale != 1.0 || zero != 0.0) {
            for (int i = 0; i < v.length; i++) {
                v[i] = zero + scale * v[i];
            }
        }
        return new Observation(v, shape, src);
    }

    /**
     * A table holds one observation either as one row (one vector column, or one scalar column per
     * value in column order) or as one scalar column (one value per row).
     */
    private static Observation readTable(BinaryTableHDU table, String src) throws Exception {
        int rows = table.getNRows();
        int cols = table.getNCols();
        if (rows == 0 || cols == 0) {
            throw new BadInputException("observation " + src + " is an empty table");
        }
        if (rows == 1) {
            if (cols == 1) {
                Object e = table.getData().getElement(0, 0);
                return new Observation(NdArrays.flatten(asArray(e), src), shapeOfElement(e), src);
            }
            double[] v = new double[cols];
            for (int c = 0; c < cols; c++) {
                Object e = asArray(table.getData().getElement(0, c));
                double[] one = NdArrays.flatten(e, src + " column " + table.getColumnName(c));
                if (one.length != 1) {
                    throw new BadInputException("observation " + src + " has " + cols + " columns of which "
                            + table.getColumnName(c) + " holds " + one.length + " values; use one vector column or one scalar column per value");
                }
                v[c] = one[0];
            }
            return new Observation(v, new int[] {cols}, src);
        }
        if (cols != 1) {
            throw new BadInputException("observation " + src + " is a table of " + rows + " rows and " + cols
                    + " columns; expected one row, or one column with one value per row");
        }
        double[] v = new double[rows];
        for (int r = 0; r < rows; r++) {
            double[] one = NdArrays.flatten(asArray(table.getData().getElement(r, 0)), src);
            if (one.length != 1) {
                throw new BadInputException("observation " + src + " has " + rows + " rows of vectors; expected one row");
            }
            v[r] = one[0];
        }
        return new Observation(v, new int[] {rows}, src);
    }

    private static Object asArray(Object e) {
        if (e instanceof Number n) {
            return new double[] {n.doubleValue()};
        }
        return e;
    }

    private static int[] shapeOfElement(Object e) {
        return e instanceof Number ? new int[] {1} : NdArrays.shapeOf(e);
    }

    private static Observation readCsv(Location loc) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(loc.path, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    lines.add(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new BadInputException("cannot read observation " + loc.path + ": " + AtomicFiles.describe(e));
        }
        String src = loc.path.toString();
        if (lines.size() < 2) {
            throw new BadInputException("observation " + src + " needs a header row and one data row, found "
                    + lines.size() + " line(s)");
        }
        if (lines.size() > 2) {
            throw new BadInputException("observation " + src + " has " + (lines.size() - 1)
                    + " data rows; an observation is one row");
        }
        String[] header = lines.get(0).split(",", -1);
        String[] cells = lines.get(1).split(",", -1);
        for (String h : header) {
            if (!h.isBlank() && isNumber(h.trim())) {
                throw new BadInputException("observation " + src + " has no header row (first line is numbers);"
                        + " expected names such as data_1,data_2,...");
            }
        }
        if (cells.length != header.length) {
            throw new BadInputException("observation " + src + " has " + header.length + " header names but "
                    + cells.length + " values");
        }
        double[] v = new double[cells.length];
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i].trim();
            if (!isNumber(c)) {
                throw new BadInputException("observation " + src + " column " + header[i].trim() + " holds '" + c
                        + "', not a number");
            }
            v[i] = parse(c);
        }
        return new Observation(v, new int[] {v.length}, src);
    }

    private static boolean isNumber(String s) {
        try {
            parse(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Double.parseDouble plus numpy's spellings of non-finite values. */
    private static double parse(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "nan": return Double.NaN;
            case "inf": case "+inf": case "infinity": return Double.POSITIVE_INFINITY;
            case "-inf": case "-infinity": return Double.NEGATIVE_INFINITY;
            default: return Double.parseDouble(s);
        }
    }

    static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }
}
