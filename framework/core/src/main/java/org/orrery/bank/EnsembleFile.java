package org.orrery.bank;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.orrery.data.ArraySpec;
import org.orrery.data.Box;
import org.orrery.io.AtomicFiles;
import org.orrery.io.BadInputException;
import org.orrery.io.Hdf5;
import org.orrery.io.NdArrays;

/**
 * An ensemble of statistics members in one HDF5 file, read member by member so that a bank of large
 * fields never sits in memory at once: a campaign bank through {@link BankView}, any other file of
 * the statistics convention through the same row reader ({@link BankView.Output}), so there is one
 * bank reader. Messages are one line and start with the file's path.
 *
 * <p>Accepted layouts (the bank convention of issues 6/7 and plain single-member files):
 * <ul>
 *   <li>bank of fields: {@code /<name>} [N, n, n(, n)];
 *   <li>bank of point sets: {@code /<name>} [total, d] with {@code /<name>_offsets} int64 [N+1], or
 *       fixed-size {@code /<name>} [N, n, d]; optional {@code /velocities} with the same layout;
 *   <li>plain file, one member: {@code /<name>} [n, n(, n)] or [n, d] (d = 2 or 3).
 * </ul>
 * An observable stored as {@code /x} with root attribute {@code observable_name} = name is found too.
 * Root attributes: {@code box_length} (required), {@code box_grid}, {@code box_dims}, {@code redshift};
 * dataset attributes {@code kind} and {@code unit} when present.
 */
public final class EnsembleFile implements AutoCloseable {

    public static final String VELOCITIES = "velocities";

    private final Path path;
    private final HdfFile file;
    private final FileChannel channel;
    /** Rows of the values and velocities in a file that is not a campaign bank (else null). */
    private final BankView.Output valueRows;
    private final BankView.Output velocityRows;
    private final String name;
    private final Dataset values;
    private final Dataset velocities;
    private final ArraySpec.Kind kind;
    private final String unit;
    private final boolean stacked;
    private final long[] offsets;
    private final int[] memberShape;
    private final Box box;
    private final int members;
    /** For a bank written by a campaign: the one bank reader, which reads its members. */
    private final BankView bank;

    private EnsembleFile(Path path, HdfFile file, String name, Dataset values) {
        this.path = path;
        this.file = file;
        this.name = name;
        this.values = values;
        int[] dims = values.getDimensions();
        if (values.isScalar() || dims.length == 0 || values.isCompound() || !Number.class.isAssignableFrom(boxed(values.getJavaType()))) {
            throw bad("dataset /" + name + " is not a numeric array (" + values.getJavaType().getSimpleName() + ")");
        }
        String kindAttr = stringAttribute(values, "kind");
        Dataset off = dataset(file, name + "_offsets");
        boolean bank = BANK_FORMAT.equals(stringAttribute(file, "format"));
        Integer dimsAttr = intAttribute(file, "box_dims");
        ArraySpec.Kind k;
        if (kindAttr != null) {
            try {
                k = ArraySpec.Kind.valueOf(kindAttr.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw bad("dataset /" + name + " has kind attribute '" + kindAttr + "'; expected GRID, IMAGE or POINTS");
            }
        } else if (off != null || looksLikePoints(dims)) {
            k = ArraySpec.Kind.POINTS;
        } else {
            k = ArraySpec.Kind.GRID;
        }
        this.kind = k;
        this.unit = stringAttribute(values, "unit") == null ? "" : stringAttribute(values, "unit");
        if (k == ArraySpec.Kind.POINTS) {
            int d = dims[dims.length - 1];
            if (d != 2 && d != 3 || dims.length < 2 || dims.length > 3) {
                throw bad("point set /" + name + " has shape " + NdArrays.format(dims) + "; expected [n, 3], [N, n, 3] or "
                        + "[total, 3] with /" + name + "_offsets");
            }
            if (off != null) {
                if (dims.length != 2) {
                    throw bad("/" + name + " has shape " + NdArrays.format(dims) + " but also /" + name
                            + "_offsets; concatenated point sets are [total, " + d + "]");
                }
                this.offsets = offsets(off, dims[0]);
                this.stacked = true;
                this.members = offsets.length - 1;
                this.memberShape = null;
            } else {
                this.offsets = null;
                this.stacked = dims.length == 3;
                this.members = stacked ? dims[0] : 1;
                this.memberShape = stacked ? new int[] {dims[1], d} : dims.clone();
            }
            this.box = box(dimsAttr != null ? dimsAttr : d, 0);
            this.velocities = velocities(dims);
        } else {
            if (off != null) {
                throw bad("/" + name + " is a " + k + " but has /" + name + "_offsets, which only point sets use");
            }
            int fieldDims = dimsAttr != null ? dimsAttr : bank || dims.length == 4 ? dims.length - 1 : dims.length;
            if (fieldDims != 2 && fieldDims != 3 || dims.length != fieldDims && dims.length != fieldDims + 1) {
                throw bad("field /" + name + " has shape " + NdArrays.format(dims) + "; expected [n, n(, n)] or [N, n, n(, n)]"
                        + (dimsAttr != null ? " for box_dims = " + dimsAttr : ""));
            }
            this.stacked = dims.length == fieldDims + 1;
            this.offsets = null;
            this.members = stacked ? dims[0] : 1;
            this.memberShape = Arrays.copyOfRange(dims, stacked ? 1 : 0, dims.length);
            for (int e : memberShape) {
                if (e != memberShape[0]) {
                    throw bad("field /" + name + " has shape " + NdArrays.format(dims) + "; members must be square or cubic");
                }
            }
            Integer grid = intAttribute(file, "box_grid");
            this.box = box(fieldDims, grid != null ? grid : memberShape[0]);
            this.velocities = null;
        }
        if (members < 1) {
            throw bad("/" + name + " holds no members");
        }
        // a bank a campaign wrote (it names its simulator) is read through the one bank reader, which
        // knows every bank format (float32 and row-chunked outputs included); other ensemble files
        // of the stats convention are read here
        BankView view = null;
        if (bank && file.getAttribute("simulator_id") != null) {
            view = BankReader.open(path);
            if (view.size() != members) {
                view.close();
                throw bad("the bank holds " + view.size() + " simulations but /" + name + " has " + members + " members");
            }
            this.channel = null;
            this.valueRows = null;
            this.velocityRows = null;
        } else {
            try {
                this.channel = FileChannel.open(path, StandardOpenOption.READ);
            } catch (IOException e) {
                throw new BadInputException("cannot read " + path + ": " + AtomicFiles.describe(e));
            }
            try {
                this.valueRows = rows(name, offsets != null ? name + "_offsets" : null);
                this.velocityRows = velocities == null ? null
                        : rows(VELOCITIES, offsets == null ? null
                                : dataset(file, VELOCITIES + "_offsets") != null ? VELOCITIES + "_offsets" : name + "_offsets");
            } catch (RuntimeException e) {
                closeChannel();
                throw e instanceof BadInputException b ? b : bad(e.getMessage());
            }
        }
        this.bank = view;
    }

    /** The shared row reader over dataset {@code dataset}, its offsets (point sets) in {@code offsetsDataset}. */
    private BankView.Output rows(String dataset, String offsetsDataset) {
        int[] shape = offsets != null ? new int[] {-1, values.getDimensions()[1]} : memberShape;
        ArraySpec spec = new ArraySpec(specName(), shape, unit, kind);
        return new BankView.Output(path, channel, members, spec, dataset, n -> {
            Dataset d = dataset(file, n.equals(dataset + "_offsets") && offsetsDataset != null ? offsetsDataset : n);
            if (d == null) {
                throw bad("has no dataset /" + n);
            }
            return d;
        }, !stacked);
    }

    private String specName() {
        return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? name : "values";
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
    }

    /** Root attribute {@code format} of an Orrery bank. */
    public static final String BANK_FORMAT = BankWriter.FORMAT;

    /**
     * Opens {@code path} and finds its dataset: {@code requested}, or the first of {@code defaults}
     * that exists. Failures are one-line {@link BadInputException}s; all but an unreadable file's
     * start with the path.
     */
    public static EnsembleFile open(Path path, String requested, String... defaults) {
        HdfFile file = Hdf5.open(path);
        try {
            String[] candidates = requested != null ? new String[] {requested} : defaults;
            for (String c : candidates) {
                Dataset d = resolve(file, c);
                if (d != null) {
                    return new EnsembleFile(path, file, c, d);
                }
            }
            String listing = String.join(", ", datasetNames(file));
            throw new BadInputException(path + ": "
                    + (requested != null ? "no dataset /" + requested
                            : (defaults.length == 1 ? "no dataset /" + defaults[0] : "neither /" + String.join(" nor /", defaults))
                                    + "; name the dataset to read")
                    + " (datasets: " + (listing.isEmpty() ? "none" : listing) + ")");
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** True when the file has a dataset for {@code name} (directly or as the bank observable). */
    public static boolean has(Path path, String name) {
        try (HdfFile f = Hdf5.open(path)) {
            return resolve(f, name) != null;
        } catch (BadInputException e) {
            return false;
        }
    }

    public Path path() {
        return path;
    }

    public String name() {
        return name;
    }

    public ArraySpec.Kind kind() {
        return kind;
    }

    public Box box() {
        return box;
    }

    public int members() {
        return members;
    }

    public boolean hasVelocities() {
        return velocities != null;
    }

    /** Shape of member {@code m}: the field extents, or [points, d]. */
    public int[] shape(int m) {
        checkMember(m);
        if (offsets != null) {
            return new int[] {Math.toIntExact(offsets[m + 1] - offsets[m]), values.getDimensions()[1]};
        }
        return memberShape.clone();
    }

    /** The array description a statistic receives for member {@code m}. */
    public ArraySpec spec(int m) {
        return new ArraySpec(specName(), shape(m), unit, kind);
    }

    /** Member {@code m}'s values, flat row-major, all finite. */
    public double[] values(int m) {
        return read(valueRows, m, name);
    }

    /** Member {@code m}'s velocities [n, d] flat, or null when the file has none. */
    public double[] velocities(int m) {
        return velocities == null ? null : read(velocityRows, m, VELOCITIES);
    }

    private double[] read(BankView.Output rows, int m, String what) {
        checkMember(m);
        if (offsets != null && offsets[m + 1] == offsets[m]) {
            throw bad("member " + m + " of /" + what + " is empty (offsets " + offsets[m] + " to " + offsets[m + 1] + ")");
        }
        double[] flat;
        try {
            flat = bank != null ? bank.values(what, m) : rows.row(m);
        } catch (BadInputException | IllegalArgumentException e) {
            throw bad("cannot read member " + m + " of /" + what + ": " + e.getMessage());
        }
        return finite(flat, m, what);
    }

    private double[] finite(double[] flat, int m, String what) {
        for (int i = 0; i < flat.length; i++) {
            if (!Double.isFinite(flat[i])) {
                throw bad("member " + m + " of /" + what + " holds " + flat[i] + " at flat index " + i
                        + "; statistics need finite values");
            }
        }
        return flat;
    }

    private void checkMember(int m) {
        if (m < 0 || m >= members) {
            throw new IndexOutOfBoundsException("member " + m + " of " + members);
        }
    }

    /** Velocities beside point-set positions: same rows and offsets, or none. */
    private Dataset velocities(int[] posDims) {
        if (name.equals(VELOCITIES)) {
            return null;
        }
        Dataset v = dataset(file, VELOCITIES);
        if (v == null) {
            return null;
        }
        if (!Arrays.equals(v.getDimensions(), posDims)) {
            throw bad("/" + VELOCITIES + " has shape " + NdArrays.format(v.getDimensions()) + " but /" + name + " has "
                    + NdArrays.format(posDims) + "; they must match row for row");
        }
        Dataset vOff = dataset(file, VELOCITIES + "_offsets");
        if (vOff != null && (offsets == null || !Arrays.equals(offsets(vOff, posDims[0]), offsets))) {
            throw bad("/" + VELOCITIES + "_offsets differ from /" + name + "_offsets");
        }
        return v;
    }

    private long[] offsets(Dataset off, int rows) {
        long[] o;
        try {
            o = Arrays.stream(NdArrays.flatten(off.getData(), "/" + off.getName())).mapToLong(v -> (long) v).toArray();
        } catch (BadInputException e) {
            throw bad(e.getMessage());
        }
        if (off.getDimensions().length != 1 || o.length < 2 || o[0] != 0 || o[o.length - 1] != rows) {
            throw bad("/" + off.getName() + " must be [N+1] starting at 0 and ending at " + rows + " (the rows of /" + name
                    + "), got " + (o.length <= 6 ? Arrays.toString(o) : o.length + " entries from " + o[0] + " to " + o[o.length - 1]));
        }
        for (int i = 1; i < o.length; i++) {
            if (o[i] < o[i - 1]) {
                throw bad("/" + off.getName() + " decreases at entry " + i + " (" + o[i - 1] + " then " + o[i] + ")");
            }
        }
        return o;
    }

    private Box box(int dims, int grid) {
        Attribute len = file.getAttribute("box_length");
        if (len == null) {
            throw bad("no root attribute box_length (the box side in Mpc/h), which " + kind.name().toLowerCase(Locale.ROOT)
                    + " statistics need");
        }
        double length = number(len, "box_length");
        Attribute z = file.getAttribute("redshift");
        double redshift = z == null ? 0 : number(z, "redshift");
        try {
            return new Box(length, grid, dims, redshift);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    private double number(Attribute a, String what) {
        Object v = a.getData();
        if (v != null && v.getClass().isArray() && java.lang.reflect.Array.getLength(v) == 1) {
            v = java.lang.reflect.Array.get(v, 0);
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw bad("root attribute " + what + " is not a number: " + v);
    }

    private BadInputException bad(String message) {
        return new BadInputException(path + ": " + message);
    }

    private static boolean looksLikePoints(int[] dims) {
        int d = dims[dims.length - 1];
        // [n, 3] or [N, n, 3]; a square [3, 3] or [N, 3, 3] is read as a (tiny) field
        return (d == 2 || d == 3) && (dims.length == 2 || dims.length == 3) && dims[dims.length - 2] != d;
    }

    private static Dataset resolve(HdfFile file, String name) {
        Dataset d = dataset(file, name);
        if (d != null) {
            return d;
        }
        // a bank stores its observable as /x and names it in an attribute
        return name.equals(stringAttribute(file, "observable_name")) ? dataset(file, "x") : null;
    }

    private static Dataset dataset(HdfFile file, String name) {
        Node n = file.getChildren().get(name);
        return n instanceof Dataset d ? d : null;
    }

    private static String[] datasetNames(HdfFile file) {
        return file.getChildren().entrySet().stream().filter(e -> e.getValue() instanceof Dataset).map(Map.Entry::getKey)
                .sorted().toArray(String[]::new);
    }

    private static String stringAttribute(Node node, String key) {
        Attribute a = node.getAttribute(key);
        if (a == null) {
            return null;
        }
        Object v = a.getData();
        if (v instanceof String[] s && s.length == 1) {
            return s[0];
        }
        return v instanceof String s ? s : null;
    }

    private static Integer intAttribute(Node node, String key) {
        Attribute a = node.getAttribute(key);
        if (a == null) {
            return null;
        }
        Object v = a.getData();
        if (v != null && v.getClass().isArray() && java.lang.reflect.Array.getLength(v) == 1) {
            v = java.lang.reflect.Array.get(v, 0);
        }
        return v instanceof Number n ? n.intValue() : null;
    }

    private static Class<?> boxed(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        return c == double.class ? Double.class : c == float.class ? Float.class : c == long.class ? Long.class
                : c == int.class ? Integer.class : c == short.class ? Short.class : c == byte.class ? Byte.class : Object.class;
    }

    @Override
    public void close() {
        file.close();
        closeChannel();
        if (bank != null) {
            bank.close();
        }
    }
}
