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
     * 1 (a {@code [1, 8]} row is an {@code [8]} vector), and every value finite. Declared sizes are
     * checked against the file and against {@code expected} before anything is allocated, and named
     * columns (CSV header, FITS TTYPE, HDF5 datasets) are matched to the observable's names (see
     * {@link ObservableNames}), so their order in the file does not matter.
     */
    public static Observation read(String spec, ArraySpec expected) {
        Observation raw = readRaw(spec, expected);
        return validate(raw, expected);
    }

    /** Reads without checking the shape (values are still checked finite, sizes against the limits). */
    public static Observation read(String spec) {
        return readRaw(spec, null);
    }

    private static Observation readRaw(String spec, ArraySpec expected) {
        Location loc = Location.parse(spec);
        Observation o = switch (loc.format) {
            case HDF5 -> readHdf5(loc, expected);
            case FITS -> readFits(loc, expected);
            case CSV -> readCsv(loc, expected);
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
        checkShape(o.source(), o.shape(), expected);
        return new Observation(o.values(), expected.shape(), o.source());
    }

    /** The shape check on declared extents, before the data is read. */
    private static void checkShape(String source, int[] found, ArraySpec expected) {
        int[] want = expected.shape();
        int[] squeezed = found;
        while (squeezed.length > want.length && squeezed[0] == 1) {
            squeezed = Arrays.copyOfRange(squeezed, 1, squeezed.length);
        }
        if (!Arrays.equals(squeezed, want)) {
            throw new BadInputException("observation " + source + " has shape " + NdArrays.format(found)
                    + ", expected " + NdArrays.format(want) + " (" + expected.name() + " of the simulator)");
        }
    }

    /** Declared extents as ints, refusing what no observation can be: more than the limit or the heap holds. */
    private static int[] declared(String source, long[] dims, ArraySpec expected, int bytesPerValue) {
        long n = 1;
        for (long d : dims) {
            if (d < 0 || (d > 0 && n > Long.MAX_VALUE / d)) {
                n = -1;
                break;
            }
            n *= d;
        }
        String shape = Arrays.toString(dims).replace('[', '(').replace(']', ')');
        if (expected != null && expected.size() > 0 && n != expected.size()) {
            throw new BadInputException("observation " + source + " declares shape " + shape + " (" + (n < 0 ? "overflowing" : n)
                    + " values), expected " + NdArrays.format(expected.shape()) + " (" + expected.name() + " of the simulator)");
        }
        if (n < 0 || n > ReadLimits.OBSERVATION_VALUES) {
            throw new BadInputException("observation " + source + " declares shape " + shape + ", more than the limit of "
                    + ReadLimits.OBSERVATION_VALUES + " values (orrery.limit.observation-values)");
        }
        ReadLimits.checkHeap(n * (8L + bytesPerValue), "observation " + source);
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = (int) dims[i];
        }
        return out;
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

    private static Observation readHdf5(Location loc, ArraySpec expected) {
        try (HdfFile h = Hdf5.open(loc.path)) {
            long fileLength = ReadLimits.length(loc.path, "observation");
            Dataset ds;
            String name = loc.inner;
            if (name == null) {
                ds = ObservableNames.wholeDataset(h, expected);
                if (ds == null) {
                    if (expected != null) {
                        Observation perValue = ObservableNames.perValueDatasets(h, expected, loc.path, fileLength);
                        if (perValue != null) {
                            return perValue;
                        }
                    }
                    List<Dataset> all = new ArrayList<>();
                    collectDatasets(h, all);
                    if (expected != null || all.size() != 1) {
                        throw new BadInputException("observation " + loc.path + " has "
                                + (all.isEmpty() ? "no dataset" : "dataset(s) " + ObservableNames.paths(all))
                                + "; expected " + ObservableNames.describeHdf5(expected) + ", or name one as "
                                + loc.path + ":/dataset/path");
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
            return readDataset(ds, loc.path + ":" + ds.getPath(), expected, fileLength);
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadInputException("cannot read observation " + loc.display + ": " + AtomicFiles.describe(e));
        }
    }

    /** Reads one numeric dataset after checking its declared dimensions and storage. */
    static Observation readDataset(Dataset ds, String src, ArraySpec expected, long fileLength) {
        if (ds.isCompound() || ds.isVariableLength() || !isNumeric(ds.getJavaType())) {
            throw new BadInputException("observation " + src + " has dtype " + ds.getJavaType().getSimpleName()
                    + ", expected a numeric (float or integer) dataset");
        }
        int[] dims = ds.isScalar() ? new int[] {1} : ds.getDimensions();
        long[] ld = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            ld[i] = dims[i];
        }
        int elem = Math.max(1, ds.getDataType().getSize());
        int[] shape = declared(src, ld, expected, elem);
        if (expected != null) {
            checkShape(src, shape, expected);
        }
        if (ds.getDataLayout() == io.jhdf.object.message.DataLayout.CONTIGUOUS && ds.getSizeInBytes() > fileLength) {
            throw new BadInputException("observation " + src + " is truncated: it declares " + ds.getSizeInBytes()
                    + " bytes of data, the file has " + fileLength);
        }
        Object data = ds.getData();
        double[] values = ds.isScalar() ? new double[] {((Number) data).doubleValue()} : NdArrays.flatten(data, src);
        return new Observation(values, shape, src);
    }

    static boolean isNumeric(Class<?> t) {
        return t == double.class || t == float.class || t == long.class || t == int.class || t == short.class
                || t == byte.class;
    }

    static void collectDatasets(Group g, List<Dataset> out) {
        for (Node n : g.getChildren().values()) {
            if (n instanceof Dataset d) {
                out.add(d);
            } else if (n instanceof Group sub) {
                collectDatasets(sub, out);
            }
        }
    }

    private static Observation readFits(Location loc, ArraySpec expected) {
        String what = "observation " + loc.path;
        List<FitsLayout.Hdu> layout = FitsLayout.scan(loc.path, what);
        FitsLayout.Hdu chosen = null;
        if (loc.inner != null) {
            for (FitsLayout.Hdu hdu : layout) {
                if (chosen == null && loc.inner.equalsIgnoreCase(hdu.extname() == null ? "" : hdu.extname())) {
                    chosen = hdu;
                }
            }
            if (chosen == null) {
                throw new BadInputException(what + " has no HDU with EXTNAME " + loc.inner);
            }
        } else {
            if (expected != null) {
                for (FitsLayout.Hdu hdu : layout) {
                    if (chosen == null && hasData(hdu) && hdu.extname() != null
                            && hdu.extname().equalsIgnoreCase(expected.name())) {
                        chosen = hdu;
                    }
                }
            }
            for (FitsLayout.Hdu hdu : layout) {
                if (chosen == null && hasData(hdu)) {
                    chosen = hdu;
                }
            }
            if (chosen == null) {
                throw new BadInputException(what + " has no HDU with data");
            }
            if (expected != null && !ObservableNames.acceptsWhole(chosen.extname(), expected)
                    && !"PRIMARY".equalsIgnoreCase(chosen.extname())) {
                throw new BadInputException(what + " holds its data in HDU " + chosen.index() + " named EXTNAME '"
                        + chosen.extname() + "'; expected EXTNAME " + expected.name() + " (or none) for the simulator's "
                        + expected.name() + ", or choose that HDU explicitly as " + loc.path + ":" + chosen.extname());
            }
        }
        String src = loc.path + (loc.inner == null ? "" : ":" + loc.inner);
        if (!chosen.image() && !chosen.table()) {
            throw new BadInputException("observation " + src + " is HDU " + chosen.index()
                    + " of an unsupported kind; expected an image or a binary table");
        }
        if (chosen.image()) {
            declared(src, chosen.shape(), expected, Math.abs(chosen.bitpix()) / 8);
        } else {
            checkTableDeclaration(src, chosen, expected);
        }
        try (Fits fits = new Fits(loc.path.toFile())) {
            BasicHDU<?> hdu;
            try {
                hdu = fits.getHDU(chosen.index());
            } catch (Exception e) {
                throw new BadInputException(what + " is not a valid FITS file (truncated or corrupt): "
                        + AtomicFiles.describe(e));
            }
            if (hdu == null) {
                throw new BadInputException(what + " is not a valid FITS file (HDU " + chosen.index() + " is unreadable)");
            }
            if (hdu instanceof ImageHDU img) {
                return readImage(img, src);
            }
            if (hdu instanceof BinaryTableHDU table) {
                return readTable(table, src, expected);
            }
            throw new BadInputException("observation " + src + " is a " + hdu.getClass().getSimpleName()
                    + "; expected an image or a binary table");
        } catch (BadInputException e) {
            throw e;
        } catch (Exception e) {
            throw new BadInputException("cannot read observation " + loc.display + ": " + AtomicFiles.describe(e));
        }
    }

    private static boolean hasData(FitsLayout.Hdu hdu) {
        if (hdu.image()) {
            if (hdu.naxis().length == 0) {
                return false;
            }
            for (long a : hdu.naxis()) {
                if (a <= 0) {
                    return false;
                }
            }
            return true;
        }
        return hdu.table();
    }

    /** A table's rows and row width against what one observation can need, before nom-tam reads it. */
    private static void checkTableDeclaration(String src, FitsLayout.Hdu t, ArraySpec expected) {
        long rowBytes = t.naxis().length > 0 ? t.naxis()[0] : 0;
        long rows = t.naxis().length > 1 ? t.naxis()[1] : 0;
        long heap = t.dataBytes() - rowBytes * rows;
        long limit = expected != null && expected.size() > 0 ? expected.size() : ReadLimits.OBSERVATION_VALUES;
        if (rows > 1 && rows != limit && expected != null) {
            throw new BadInputException("observation " + src + " is a table of " + rows + " rows; expected one row, or "
                    + expected.size() + " rows of one value (" + expected.name() + " of the simulator)");
        }
        // 16 bytes covers a complex double per value; 64 KiB leaves room for label columns and the heap
        long most = 16 * limit + 65_536;
        if (rowBytes * Math.max(rows, 1) + heap > most || rows > limit) {
            throw new BadInputException("observation " + src + " declares a table of " + rows + " rows of " + rowBytes
                    + " bytes" + (heap > 0 ? " and a " + heap + "-byte heap" : "") + ", more than "
                    + (expected != null ? "an observation of " + limit + " values needs" : "the limit of " + limit + " values"));
        }
        ReadLimits.checkHeap(t.dataBytes() * 3, "observation " + src);
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
     * value, matched by column name) or as one scalar column (one value per row).
     */
    private static Observation readTable(BinaryTableHDU table, String src, ArraySpec expected) throws Exception {
        int rows = table.getNRows();
        int cols = table.getNCols();
        if (rows == 0 || cols == 0) {
            throw new BadInputException("observation " + src + " is an empty table");
        }
        String[] names = new String[cols];
        for (int c = 0; c < cols; c++) {
            // TTYPEn as written (nom-tam-fits invents "Column n" for unnamed columns)
            String n = table.getHeader().getStringValue("TTYPE" + (c + 1));
            // "Column 3" (nom-tam-fits) or "col3" (astropy) are made-up names: treated as unnamed
            names[c] = n == null || n.isBlank() || n.trim().matches("(?i)col(umn)?[ _]?\\d+") ? null : n.trim();
        }
        if (rows == 1) {
            if (cols == 1) {
                ObservableNames.checkWholeColumn(src, names[0], expected);
                Object e = table.getData().getElement(0, 0);
                return new Observation(NdArrays.flatten(asArray(e), src), shapeOfElement(e), src);
            }
            double[] v = new double[cols];
            for (int c = 0; c < cols; c++) {
                Object e = asArray(table.getData().getElement(0, c));
                double[] one = NdArrays.flatten(e, src + " column " + names[c]);
                if (one.length != 1) {
                    throw new BadInputException("observation " + src + " has " + cols + " columns of which "
                            + names[c] + " holds " + one.length + " values; use one vector column or one scalar column per value");
                }
                v[c] = one[0];
            }
            if (expected != null) {
                v = ObservableNames.byName(src, "columns", names, v, expected);
            }
            return new Observation(v, new int[] {cols}, src);
        }
        if (cols != 1) {
            throw new BadInputException("observation " + src + " is a table of " + rows + " rows and " + cols
                    + " columns; expected one row, or one column with one value per row");
        }
        ObservableNames.checkWholeColumn(src, names[0], expected);
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

    private static Observation readCsv(Location loc, ArraySpec expected) {
        String src = loc.path.toString();
        long length = ReadLimits.length(loc.path, "observation");
        // a header and one row: ~64 bytes per value is generous for "data_12345" and "-1.2345678901234567e-300"
        long limit = expected != null && expected.size() > 0
                ? Math.min(ReadLimits.CSV_BYTES, 65_536L + 64L * expected.size()) : ReadLimits.CSV_BYTES;
        if (length > limit) {
            throw new BadInputException("observation " + src + " has " + length + " bytes, more than the " + limit
                    + " a header and one row of " + (expected != null ? expected.size() + " values" : "values") + " can need"
                    + " (limit orrery.limit.csv-bytes)");
        }
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
        for (int i = 0; i < header.length; i++) {
            header[i] = ObservableNames.unquote(header[i].trim());
            if (!header[i].isBlank() && isNumber(header[i])) {
                throw new BadInputException("observation " + src + " has no header row (first line is numbers);"
                        + " expected names such as data_1,data_2,...");
            }
        }
        if (cells.length != header.length) {
            throw new BadInputException("observation " + src + " has " + header.length + " header names but "
                    + cells.length + " values (a truncated or malformed row)");
        }
        if (expected != null && expected.size() > 0 && cells.length != expected.size()) {
            throw new BadInputException("observation " + src + " has shape (" + cells.length + ",), expected "
                    + NdArrays.format(expected.shape()) + " (" + expected.name() + " of the simulator)");
        }
        double[] v = new double[cells.length];
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i].trim();
            if (!isNumber(c)) {
                throw new BadInputException("observation " + src + " column " + header[i] + " holds '" + c
                        + "', not a number");
            }
            v[i] = parse(c);
        }
        if (expected != null) {
            v = ObservableNames.byName(src, "columns", header, v, expected);
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
