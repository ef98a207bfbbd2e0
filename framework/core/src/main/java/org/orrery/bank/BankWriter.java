package org.orrery.bank;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.orrery.data.ArraySpec;
import org.orrery.io.AtomicFiles;
import org.orrery.io.Hdf5Writer;
import org.orrery.parameter.Parameter;

/**
 * Writes a bank as HDF5 ({@link Hdf5Writer}), atomically: temp file in the same directory, fsync, rename.
 *
 * <p>Layout: {@code /theta} [N, dθ] float64, {@code /index} [N] int64, and every named output
 * (observable, then latents) as {@code /<name>} [N, …shape] float64 or float32 with attributes {@code unit} and
 * {@code kind}; the observable of the benchmark tasks is named {@code x}, and the root attribute
 * {@code observable} names it. A point set of varying size (POINTS, shape [-1, w]) is stored
 * concatenated as {@code /<name>} [total, w] plus {@code /<name>_offsets} int64 [N+1] (row i is
 * points offsets[i] … offsets[i+1]-1). A simulator with a box adds the root attributes
 * {@code box_length} (Mpc/h), {@code box_grid}, {@code box_dims} and {@code redshift}. Also
 * {@code /failures/index} [F] int64, {@code /failures/theta} [F, dθ]
 * float64, {@code /failures/reason} [F] strings. A bank with no failures (or no successes) omits
 * those datasets (older jhdf could not write empty ones, and readers rely on it); the
 * {@code num_ok}/{@code num_failed} attributes are always present. The root attribute
 * {@code settings} holds every setting the simulator ran with, defaults included, as canonical JSON
 * ({@link BankMetadata#canonicalSettings}); a bank made without known settings omits it.
 *
 * <p>Format 3 (this writer) differs from format 2 in two ways, both read by {@link BankView}: an
 * output is stored in its declared dtype ({@link ArraySpec#dtype()}, named in the root attribute
 * {@code output_dtypes}), and a fixed-shape output whose rows take at least {@link #ROW_CHUNK_BYTES}
 * is chunked one row per chunk; everything else is contiguous, as in format 2.
 */
public final class BankWriter {

    public static final String FORMAT = "orrery-bank";
    public static final int FORMAT_VERSION = 3;
    /** Outputs with rows at least this large (bytes) are stored one row per HDF5 chunk. */
    public static final long ROW_CHUNK_BYTES = 64 * 1024;

    private BankWriter() {
    }

    /**
     * A bank as the writer streams it, rows in index order: a campaign hands its chunks over
     * directly instead of assembling a second copy of the bank in memory.
     */
    public interface Rows {
        BankMetadata metadata();

        /** Campaign index of every successful row, in order. */
        long[] indices();

        List<Failure> failures();

        /** θ of every successful row, {@code dθ} values each. */
        void theta(Hdf5Writer.DoubleRows out);

        /** Output j's values, row-major; for a point set of varying size its points concatenated. */
        void output(int j, Hdf5Writer.DoubleRows out);

        /** Offsets [N+1] of a varying point set j, else null. */
        long[] offsets(int j);
    }

    public static void write(Path out, Bank bank) {
        write(out, rowsOf(bank));
    }

    public static void write(Path out, Rows rows) {
        AtomicFiles.write(out, tmp -> {
            try (Hdf5Writer w = Hdf5Writer.create(tmp)) {
                writeTo(w.root(), rows);
            }
        });
    }

    private static void writeTo(Hdf5Writer.Group h, Rows rows) {
        BankMetadata m = rows.metadata();
        ArraySpec obs = m.observable();
        int dTheta = m.parameters().dimension();
        long[] index = rows.indices();
        int n = index.length;
        if (n > 0) {
            Hdf5Writer.DoubleRows t = h.doubleRows("theta", n, dTheta);
            rows.theta(t);
            t.finish();
            h.longs("index", index);
        }
        List<ArraySpec> outputs = m.outputs();
        for (int j = 0; j < outputs.size(); j++) {
            ArraySpec a = outputs.get(j);
            int[] shape = a.shape();
            Hdf5Writer.Dataset d = null;
            long[] offsets = rows.offsets(j);
            if (offsets != null) {
                h.longs(a.name() + "_offsets", offsets).attribute("points_of", a.name());
                long total = offsets[offsets.length - 1];
                if (total > 0) {
                    d = stream(h, a.name(), total, Arrays.copyOfRange(shape, 1, shape.length), rows, j, a.dtype(), false);
                }
            } else if (n > 0) {
                d = stream(h, a.name(), n, shape, rows, j, a.dtype(), true);
            }
            if (d != null) {
                d.attribute("unit", a.unit());
                d.attribute("kind", a.kind().name());
            }
        }
        Hdf5Writer.Group f = h.group("failures");
        List<Failure> failures = rows.failures();
        f.attribute("count", (long) failures.size());
        if (!failures.isEmpty()) {
            long[] idx = new long[failures.size()];
            double[] th = new double[failures.size() * dTheta];
            String[] reasons = new String[failures.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = failures.get(i).index();
                System.arraycopy(failures.get(i).theta(), 0, th, i * dTheta, dTheta);
                reasons[i] = failures.get(i).reason();
            }
            f.longs("index", idx);
            f.doubles("theta", th, idx.length, dTheta);
            f.strings("reason", reasons);
        }
        List<Parameter> ps = m.parameters().parameters();
        h.attribute("format", FORMAT);
        h.attribute("format_version", FORMAT_VERSION);
        h.attribute("simulator_id", m.simulatorId());
        h.attribute("simulator_version", m.simulatorVersion());
        if (!m.settings().isEmpty()) {
            h.attribute("settings", m.settings());
        }
        h.attribute("parameter_names", ps.stream().map(Parameter::name).toArray(String[]::new));
        h.attribute("parameter_units", ps.stream().map(Parameter::unit).toArray(String[]::new));
        h.attribute("parameter_latex", ps.stream().map(Parameter::latex).toArray(String[]::new));
        h.attribute("parameter_lower", ps.stream().mapToDouble(Parameter::lower).toArray());
        h.attribute("parameter_upper", ps.stream().mapToDouble(Parameter::upper).toArray());
        h.attribute("prior", m.prior());
        h.attribute("seed", m.seed());
        h.attribute("num_requested", m.numRequested());
        h.attribute("num_ok", (long) n);
        h.attribute("num_failed", (long) failures.size());
        h.attribute("orrery_version", m.orreryVersion());
        h.attribute("created", m.created().toString());
        h.attribute("observable_name", obs.name());
        h.attribute("observable_shape", obs.shape());
        h.attribute("observable_unit", obs.unit());
        h.attribute("observable_kind", obs.kind().name());
        h.attribute("observable", obs.name());
        h.attribute("output_names", outputs.stream().map(ArraySpec::name).toArray(String[]::new));
        h.attribute("output_units", outputs.stream().map(ArraySpec::unit).toArray(String[]::new));
        h.attribute("output_kinds", outputs.stream().map(a -> a.kind().name()).toArray(String[]::new));
        h.attribute("output_dtypes", outputs.stream().map(a -> a.dtype().name().toLowerCase(java.util.Locale.ROOT))
                .toArray(String[]::new));
        // shapes as text: a varying point set's leading -1 is not in its dataset's dimensions
        h.attribute("output_shapes", outputs.stream().map(a -> shapeText(a.shape())).toArray(String[]::new));
        m.box().ifPresent(b -> {
            h.attribute("box_length", b.length());
            h.attribute("box_grid", b.grid());
            h.attribute("box_dims", b.dims());
            h.attribute("redshift", b.redshift());
        });
    }

    /** {@code /<name>} [count, …rowShape], its values streamed from output j. */
    private static Hdf5Writer.Dataset stream(Hdf5Writer.Group h, String name, long count, int[] rowShape, Rows rows,
            int j, ArraySpec.DType dtype, boolean chunked) {
        long[] dims = new long[rowShape.length + 1];
        dims[0] = count;
        for (int k = 0; k < rowShape.length; k++) {
            dims[k + 1] = rowShape[k];
        }
        long rowBytes = (long) dtype.bytes();
        for (int k = 1; k < dims.length; k++) {
            rowBytes *= dims[k];
        }
        Hdf5Writer.Layout layout = chunked && rowBytes >= ROW_CHUNK_BYTES ? Hdf5Writer.Layout.ROW_CHUNKS
                : Hdf5Writer.Layout.CONTIGUOUS;
        Hdf5Writer.DoubleRows out = h.rows(name, dtype == ArraySpec.DType.FLOAT32, layout, dims);
        rows.output(j, out);
        return out.finish();
    }

    /** A bank in memory, streamed row by row. */
    private static Rows rowsOf(Bank bank) {
        return new Rows() {
            @Override
            public BankMetadata metadata() {
                return bank.metadata();
            }

            @Override
            public long[] indices() {
                return bank.indices();
            }

            @Override
            public List<Failure> failures() {
                return bank.failures();
            }

            @Override
            public void theta(Hdf5Writer.DoubleRows out) {
                for (double[] row : bank.thetaRows()) {
                    out.put(row);
                }
            }

            @Override
            public void output(int j, Hdf5Writer.DoubleRows out) {
                Column c = bank.columns().get(j);
                double[][] vectors = c.vectorRows();
                for (int i = 0; i < c.rows(); i++) {
                    out.put(vectors != null ? vectors[i] : c.values(i));
                }
            }

            @Override
            public long[] offsets(int j) {
                return bank.columns().get(j).rawOffsets();
            }
        };
    }

    static String shapeText(int[] shape) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            b.append(i > 0 ? "," : "").append(shape[i]);
        }
        return b.toString();
    }
}
