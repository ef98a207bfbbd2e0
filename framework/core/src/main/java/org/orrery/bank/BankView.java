package org.orrery.bank;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.api.dataset.ContiguousDataset;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.orrery.data.ArraySpec;
import org.orrery.io.AtomicFiles;
import org.orrery.io.BadInputException;
import org.orrery.io.NdArrays;

/**
 * A bank file opened for random access: θ, the indices, the point-set offsets and the failures are
 * read at open (a few numbers per row); the values of every output are read row by row when asked,
 * so a bank many times larger than the heap can be trained on, validated or summarised. This is the
 * one bank reader: {@link BankReader#read} loads a whole bank through it.
 *
 * <p>Reads formats 2 (contiguous float64 datasets) and 3 (float32 outputs where the simulator
 * declared them; large outputs chunked one row per chunk). Safe for concurrent readers: rows are read
 * with positional reads and nothing is cached. Close it to release the file.
 */
public final class BankView implements BankData, AutoCloseable {

    private final Path path;
    private final HdfFile file;
    private final FileChannel channel;
    private final BankMetadata metadata;
    private final int formatVersion;
    private final int size;
    private final double[] theta;
    private final int dTheta;
    private final long[] index;
    private final List<Failure> failures;
    private final Map<String, Output> outputs = new HashMap<>();
    private final Output observable;

    private BankView(Path path, HdfFile file, FileChannel channel) {
        this.path = path;
        this.file = file;
        this.channel = channel;
        this.metadata = BankReader.metadata(file, path);
        Object v = file.getAttribute("format_version") == null ? null : file.getAttribute("format_version").getData();
        this.formatVersion = v instanceof Number n ? n.intValue() : 1;
        if (formatVersion > BankWriter.FORMAT_VERSION) {
            throw new BadInputException("bank " + path + " has format_version " + formatVersion + "; this Orrery reads up to "
                    + BankWriter.FORMAT_VERSION + " (it was written by a newer Orrery)");
        }
        long ok = BankReader.longAttr(file, "num_ok", path);
        if (ok < 0 || ok > Integer.MAX_VALUE - 8) {
            throw new BadInputException("bank " + path + " has num_ok=" + ok);
        }
        this.size = (int) ok;
        this.dTheta = metadata.parameters().dimension();
        this.theta = size > 0 ? flatDoubles(dataset("theta"), size, dTheta) : new double[0];
        for (ArraySpec a : metadata.outputs()) {
            outputs.put(a.name(), new Output(path, channel, size, a,
                    a == metadata.observable() ? observableDataset() : a.name(), this::dataset, false));
        }
        this.observable = outputs.get(metadata.observable().name());
        if (size > 0) {
            Object idx = dataset("index").getData();
            if (!(idx instanceof long[] li) || li.length != size) {
                throw new BadInputException("bank " + path + " is inconsistent: num_ok=" + size + " but /index has "
                        + (idx instanceof long[] l ? l.length + " rows" : "type " + idx.getClass().getSimpleName()));
            }
            this.index = li;
        } else {
            this.index = new long[0];
        }
        this.failures = readFailures();
    }

    /** Opens a bank; one-line errors for a file that is not one or is damaged. */
    static BankView open(Path path, HdfFile file) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            return new BankView(path, file, channel);
        } catch (IOException e) {
            file.close();
            throw new BadInputException("cannot read " + path + ": " + AtomicFiles.describe(e));
        } catch (RuntimeException e) {
            file.close();
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /** The layout version the file was written with (2: all float64 and contiguous; 3: dtypes and row chunks). */
    public int formatVersion() {
        return formatVersion;
    }

    @Override
    public BankMetadata metadata() {
        return metadata;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public double[] theta(int i) {
        check(i);
        return Arrays.copyOfRange(theta, i * dTheta, (i + 1) * dTheta);
    }

    @Override
    public double[] x(int i) {
        return observable.row(i);
    }

    @Override
    public long index(int i) {
        check(i);
        return index[i];
    }

    @Override
    public double[] values(String name, int i) {
        Output o = outputs.get(name);
        if (o == null) {
            output(name); // throws the one-line error
        }
        return o.row(i);
    }

    /** Points in row i of output {@code name} (a point set), or its leading extent (fixed shape). */
    public int count(String name, int i) {
        Output o = outputs.get(name);
        if (o == null) {
            output(name);
        }
        check(i);
        return o.offsets == null ? o.spec.shape()[0] : (int) (o.offsets[i + 1] - o.offsets[i]);
    }

    @Override
    public List<Failure> failures() {
        return failures;
    }

    /** The whole bank in memory (for banks that fit). */
    public Bank load() {
        double[][] th = new double[size][];
        for (int i = 0; i < size; i++) {
            th[i] = theta(i);
        }
        List<Column> columns = new ArrayList<>();
        for (ArraySpec a : metadata.outputs()) {
            double[][] rows = new double[size][];
            for (int i = 0; i < size; i++) {
                rows[i] = values(a.name(), i);
            }
            try {
                columns.add(Column.ofFlatRows(a, rows));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("bank " + path + " is inconsistent: " + e.getMessage());
            }
        }
        return new Bank(metadata, index.clone(), th, columns, failures);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only: nothing to lose
        } finally {
            file.close();
        }
    }

    private void check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("row " + i + " of a bank of " + size + " rows");
        }
    }

    /**
     * The observable's dataset: its own name, except in a bank written before outputs were named
     * (no {@code observable} attribute), where it is {@code /x}.
     */
    private String observableDataset() {
        String named = BankReader.stringAttrOrNull(file, "observable");
        return named == null ? "x" : named;
    }

    private Dataset dataset(String name) {
        Node n = file.getChildren().get(name);
        if (!(n instanceof Dataset d)) {
            throw new BadInputException("bank " + path + " has no dataset /" + name);
        }
        return d;
    }

    /** A small [rows, width] float64 dataset, read whole. */
    private double[] flatDoubles(Dataset d, int rows, int width) {
        int[] dims = d.getDimensions();
        long rowSize = 1;
        for (int k = 1; k < dims.length; k++) {
            rowSize *= dims[k];
        }
        if (dims.length < 2 || rowSize != width) {
            throw new BadInputException("bank " + path + " dataset " + d.getPath() + " has shape " + NdArrays.format(dims)
                    + ", expected (N, " + width + ") values per row");
        }
        if (dims[0] != rows) {
            throw new BadInputException("bank " + path + " is inconsistent: num_ok=" + rows + " but " + d.getPath()
                    + " has " + dims[0] + " rows");
        }
        if (d.getJavaType() != double.class) {
            throw new BadInputException("bank " + path + " dataset " + d.getPath() + " has dtype "
                    + d.getJavaType().getSimpleName() + ", expected float64");
        }
        return (double[]) d.getDataFlat();
    }

    private List<Failure> readFailures() {
        List<Failure> out = new ArrayList<>();
        Node fn = file.getChildren().get("failures");
        if (fn instanceof Group fg && fg.getChildren().containsKey("index")) {
            long[] fi = (long[]) ((Dataset) fg.getChild("index")).getData();
            double[] ft = flatDoubles((Dataset) fg.getChild("theta"), fi.length, dTheta);
            String[] fr = fg.getChildren().containsKey("reason")
                    ? (String[]) ((Dataset) fg.getChild("reason")).getData() : new String[fi.length];
            for (int i = 0; i < fi.length; i++) {
                out.add(new Failure(fi[i], Arrays.copyOfRange(ft, i * dTheta, (i + 1) * dTheta), fr[i]));
            }
        }
        return List.copyOf(out);
    }

    /**
     * One output: where its rows are and how to decode them. Shared with {@link EnsembleFile}, so
     * that banks and the plain ensemble files of the statistics have one row reader.
     */
    static final class Output {
        private final Path path;
        private final FileChannel channel;
        /** Rows (members). */
        private final int size;
        /** One member stored as the whole dataset, without a leading row axis. */
        private final boolean whole;
        final ArraySpec spec;
        /** Null when the bank has no rows (or a point set no points). */
        final Dataset data;
        final long[] offsets;
        /** Values per row (fixed) or per point (varying). */
        final int width;
        final boolean float32;
        /** Byte address of the first value when contiguous, else -1. */
        final long address;
        final boolean rowChunks;

        /**
         * @param size     rows (members)
         * @param name     the dataset ({@code <name>_offsets} beside it for a varying point set)
         * @param datasets dataset by name, failing in one line when there is none
         * @param whole    one member, stored as the dataset itself ([…shape], no row axis)
         */
        Output(Path path, FileChannel channel, int size, ArraySpec spec, String name,
                java.util.function.Function<String, Dataset> datasets, boolean whole) {
            this.path = path;
            this.channel = channel;
            this.size = size;
            this.whole = whole;
            this.spec = spec;
            this.width = Column.rowWidth(spec);
            long rows;
            if (Column.isVarying(spec)) {
                long[] off = new long[size + 1];
                if (size > 0) {
                    Object o = datasets.apply(name + "_offsets").getData();
                    if (!(o instanceof long[] lo) || lo.length != size + 1) {
                        throw new BadInputException("bank " + path + " dataset /" + name + "_offsets must be int64 ["
                                + (size + 1) + "], got "
                                + (o instanceof long[] l ? l.length + " values" : o.getClass().getSimpleName()));
                    }
                    off = lo;
                    for (int i = 0; i < size; i++) {
                        if (off[i + 1] < off[i] || off[0] != 0) {
                            throw new BadInputException("bank " + path + " is inconsistent: /" + name
                                    + "_offsets decrease at row " + (i + 1));
                        }
                    }
                }
                this.offsets = off;
                rows = off[size];
            } else {
                this.offsets = null;
                rows = size;
            }
            if (rows == 0) {
                data = null;
                float32 = false;
                address = -1;
                rowChunks = false;
                return;
            }
            data = datasets.apply(name);
            int[] shape = spec.shape();
            int[] want;
            if (whole) {
                want = shape.clone();
            } else {
                want = new int[shape.length + (offsets == null ? 1 : 0)];
                want[0] = (int) rows;
                System.arraycopy(shape, offsets == null ? 0 : 1, want, 1, want.length - 1);
            }
            int[] dims = data.getDimensions();
            if (!Arrays.equals(dims, want)) {
                throw new BadInputException("bank " + path + " dataset " + data.getPath() + " has shape "
                        + NdArrays.format(dims) + ", expected " + NdArrays.format(want));
            }
            Class<?> t = data.getJavaType();
            if (t != double.class && t != float.class) {
                throw new BadInputException("bank " + path + " dataset " + data.getPath() + " has dtype "
                        + t.getSimpleName() + ", expected float64 or float32");
            }
            float32 = t == float.class;
            if (data instanceof ContiguousDataset c) {
                address = c.getDataAddress();
                rowChunks = false;
            } else {
                address = -1;
                rowChunks = !whole && offsets == null && data instanceof ChunkedDataset cd && cd.getChunkDimensions()[0] == 1
                        && Arrays.equals(Arrays.copyOfRange(cd.getChunkDimensions(), 1, dims.length),
                                Arrays.copyOfRange(dims, 1, dims.length))
                        && cd.getFilters().isEmpty();
            }
        }

        /** Where this output's values are, for messages. */
        String where() {
            return data == null ? spec.name() : data.getPath();
        }

        long[] offsets() {
            return offsets;
        }

        double[] row(int i) {
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException("row " + i + " of a bank of " + size + " rows");
            }
            long from = offsets == null ? i : offsets[i];
            long count = offsets == null ? 1 : offsets[i + 1] - offsets[i];
            int n = Math.toIntExact(count * width);
            if (n == 0) {
                return new double[0];
            }
            int bytes = float32 ? 4 : 8;
            ByteBuffer b;
            try {
                if (address >= 0) {
                    b = ByteBuffer.allocate(n * bytes);
                    long at = address + from * width * bytes;
                    while (b.hasRemaining()) {
                        if (channel.read(b, at + b.position()) < 0) {
                            throw new BadInputException("bank " + path + " is truncated: " + data.getPath() + " row "
                                    + i + " lies past the end of the file");
                        }
                    }
                    b.flip();
                } else if (rowChunks) {
                    int[] at = new int[spec.rank() + 1];
                    at[0] = i;
                    b = ((ChunkedDataset) data).getRawChunkBuffer(at).duplicate();
                } else { // a layout Orrery does not write (e.g. rewritten by h5py): let jhdf slice it
                    return sliced(from, count);
                }
            } catch (IOException e) {
                throw new BadInputException("cannot read " + path + ": " + AtomicFiles.describe(e));
            } catch (BadInputException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new BadInputException("bank " + path + " is truncated or corrupt: " + data.getPath() + " row " + i
                        + ": " + e.getMessage());
            }
            b.order(ByteOrder.LITTLE_ENDIAN);
            if (b.remaining() < n * bytes) {
                throw new BadInputException("bank " + path + " is truncated or corrupt: " + data.getPath() + " row " + i
                        + " holds " + b.remaining() + " bytes, expected " + n * bytes);
            }
            double[] out = new double[n];
            if (float32) {
                float[] f = new float[n];
                b.asFloatBuffer().get(f);
                for (int k = 0; k < n; k++) {
                    out[k] = f[k];
                }
            } else {
                b.asDoubleBuffer().get(out);
            }
            return out;
        }

        private double[] sliced(long from, long count) {
            int[] dims = data.getDimensions();
            if (whole) {
                return NdArrays.flatten(data.getData(), data.getPath());
            }
            long[] offset = new long[dims.length];
            offset[0] = from;
            int[] shape = dims.clone();
            shape[0] = (int) count;
            return NdArrays.flatten(data.getData(offset, shape), data.getPath());
        }
    }
}
