package org.orrery.bank;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.List;
import org.orrery.data.ArraySpec;
import org.orrery.io.AtomicFiles;
import org.orrery.parameter.Parameter;

/**
 * Writes a {@link Bank} as HDF5 (jhdf), atomically: temp file in the same directory, fsync, rename.
 *
 * <p>Layout: {@code /theta} [N, dθ] float64, {@code /index} [N] int64, and every named output
 * (observable, then latents) as {@code /<name>} [N, …shape] float64 with attributes {@code unit} and
 * {@code kind}; the observable of the benchmark tasks is named {@code x}, and the root attribute
 * {@code observable} names it. A point set of varying size (POINTS, shape [-1, w]) is stored
 * concatenated as {@code /<name>} [total, w] plus {@code /<name>_offsets} int64 [N+1] (row i is
 * points offsets[i] … offsets[i+1]-1). A simulator with a box adds the root attributes
 * {@code box_length} (Mpc/h), {@code box_grid}, {@code box_dims} and {@code redshift}. Also
 * {@code /failures/index} [F] int64, {@code /failures/theta} [F, dθ]
 * float64, {@code /failures/reason} [F] strings. jhdf cannot write zero-length datasets, so a bank
 * with no failures (or no successes) omits those datasets; the {@code num_ok}/{@code num_failed}
 * attributes are always present.
 */
public final class BankWriter {

    public static final String FORMAT = "orrery-bank";
    public static final int FORMAT_VERSION = 2;

    private BankWriter() {
    }

    public static void write(Path out, Bank bank) {
        AtomicFiles.write(out, tmp -> writeTo(tmp, bank));
    }

    private static void writeTo(Path tmp, Bank bank) {
        BankMetadata m = bank.metadata();
        ArraySpec obs = m.observable();
        try (WritableHdfFile h = HdfFile.write(tmp)) {
            if (bank.size() > 0) {
                putRows(h, "theta", bank.thetaRows(), new int[] {m.parameters().dimension()});
                h.putDataset("index", bank.indices());
            }
            for (Column c : bank.columns()) {
                putColumn(h, c);
            }
            WritableGroup f = h.putGroup("failures");
            List<Failure> failures = bank.failures();
            f.putAttribute("count", (long) failures.size());
            if (!failures.isEmpty()) {
                long[] idx = new long[failures.size()];
                double[][] th = new double[failures.size()][];
                String[] reasons = new String[failures.size()];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = failures.get(i).index();
                    th[i] = failures.get(i).theta();
                    reasons[i] = failures.get(i).reason();
                }
                f.putDataset("index", idx);
                putRows(f, "theta", th, new int[] {m.parameters().dimension()});
                f.putDataset("reason", reasons);
            }
            List<Parameter> ps = m.parameters().parameters();
            h.putAttribute("format", FORMAT);
            h.putAttribute("format_version", FORMAT_VERSION);
            h.putAttribute("simulator_id", m.simulatorId());
            h.putAttribute("simulator_version", m.simulatorVersion());
            h.putAttribute("parameter_names", ps.stream().map(Parameter::name).toArray(String[]::new));
            h.putAttribute("parameter_units", ps.stream().map(Parameter::unit).toArray(String[]::new));
            h.putAttribute("parameter_latex", ps.stream().map(Parameter::latex).toArray(String[]::new));
            h.putAttribute("parameter_lower", ps.stream().mapToDouble(Parameter::lower).toArray());
            h.putAttribute("parameter_upper", ps.stream().mapToDouble(Parameter::upper).toArray());
            h.putAttribute("prior", m.prior());
            h.putAttribute("seed", m.seed());
            h.putAttribute("num_requested", m.numRequested());
            h.putAttribute("num_ok", (long) bank.size());
            h.putAttribute("num_failed", (long) failures.size());
            h.putAttribute("orrery_version", m.orreryVersion());
            h.putAttribute("created", m.created().toString());
            h.putAttribute("observable_name", obs.name());
            h.putAttribute("observable_shape", obs.shape());
            h.putAttribute("observable_unit", obs.unit());
            h.putAttribute("observable_kind", obs.kind().name());
            h.putAttribute("observable", obs.name());
            List<ArraySpec> outputs = m.outputs();
            h.putAttribute("output_names", outputs.stream().map(ArraySpec::name).toArray(String[]::new));
            h.putAttribute("output_units", outputs.stream().map(ArraySpec::unit).toArray(String[]::new));
            h.putAttribute("output_kinds", outputs.stream().map(a -> a.kind().name()).toArray(String[]::new));
            // shapes as text: a varying point set's leading -1 is not in its dataset's dimensions
            h.putAttribute("output_shapes", outputs.stream().map(a -> shapeText(a.shape())).toArray(String[]::new));
            m.box().ifPresent(b -> {
                h.putAttribute("box_length", b.length());
                h.putAttribute("box_grid", b.grid());
                h.putAttribute("box_dims", b.dims());
                h.putAttribute("redshift", b.redshift());
            });
        }
    }

    /** Bytes per HDF5 chunk of a row dataset: big enough that writes are bulk, small enough to read back piecewise. */
    private static final long CHUNK_BYTES = 1 << 20;
    /** jhdf encodes a chunked dataset in one byte[], so larger datasets are written contiguous. */
    private static final long MAX_CHUNKED_BYTES = Integer.MAX_VALUE - 64;

    /**
     * Writes an [N, …rowShape] float64 dataset. Contiguous layout makes jhdf issue one write call per
     * innermost row (16 bytes for two_moons: a million syscalls per bank), so rows go out in chunks
     * of about {@link #CHUNK_BYTES}, which jhdf encodes in bulk; h5py and astropy read both layouts
     * alike. A row bigger than a chunk (a 64³ field is 2 MB) is split along its leading axes.
     */
    private static WritableDataset putRows(WritableGroup g, String name, Object rows, int[] rowShape) {
        int n = java.lang.reflect.Array.getLength(rows);
        long rowBytes = 8L;
        for (int d : rowShape) {
            rowBytes *= d;
        }
        if (n < 2 || rowBytes * n > MAX_CHUNKED_BYTES) {
            return g.putDataset(name, rows);
        }
        int[] dims = new int[rowShape.length + 1];
        dims[0] = n;
        System.arraycopy(rowShape, 0, dims, 1, rowShape.length);
        return g.putDataset(name, rows, DatasetCreationOptions.builder().chunkDimensions(chunkDims(dims)).build());
    }

    /**
     * Chunk extents of about {@link #CHUNK_BYTES} for a float64 dataset: whole trailing axes while
     * they fit, then as much of the next axis as fits, ones before it. For [N, d] this is [c, d].
     */
    static int[] chunkDims(int[] dims) {
        int[] chunk = new int[dims.length];
        java.util.Arrays.fill(chunk, 1);
        long bytes = 8;
        for (int k = dims.length - 1; k >= 0; k--) {
            if (bytes * dims[k] <= CHUNK_BYTES) {
                chunk[k] = dims[k];
                bytes *= dims[k];
            } else {
                chunk[k] = (int) Math.max(1, CHUNK_BYTES / bytes);
                break;
            }
        }
        return chunk;
    }

    /** {@code /<name>} [N, …shape], or a point set's {@code /<name>} [total, w…] and {@code /<name>_offsets}. */
    private static void putColumn(WritableGroup g, Column c) {
        ArraySpec a = c.spec();
        int[] shape = a.shape();
        WritableDataset d = null;
        if (c.varying()) {
            long[] offsets = c.rawOffsets();
            WritableDataset o = g.putDataset(a.name() + "_offsets", offsets);
            o.putAttribute("points_of", a.name());
            if (offsets[offsets.length - 1] > 0) { // jhdf cannot write an empty dataset
                d = putRows(g, a.name(), c.data(), java.util.Arrays.copyOfRange(shape, 1, shape.length));
            }
        } else if (c.rows() > 0) {
            d = putRows(g, a.name(), c.data(), shape);
        }
        if (d != null) {
            d.putAttribute("unit", a.unit());
            d.putAttribute("kind", a.kind().name());
        }
    }

    static String shapeText(int[] shape) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            b.append(i > 0 ? "," : "").append(shape[i]);
        }
        return b.toString();
    }
}
