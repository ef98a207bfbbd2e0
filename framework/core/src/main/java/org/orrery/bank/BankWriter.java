package org.orrery.bank;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.List;
import org.orrery.data.ArraySpec;
import org.orrery.io.AtomicFiles;
import org.orrery.io.NdArrays;
import org.orrery.parameter.Parameter;

/**
 * Writes a {@link Bank} as HDF5 (jhdf), atomically: temp file in the same directory, fsync, rename.
 *
 * <p>Layout: {@code /theta} [N, dθ] float64, {@code /x} [N, …observable shape] float64,
 * {@code /index} [N] int64, {@code /failures/index} [F] int64, {@code /failures/theta} [F, dθ]
 * float64, {@code /failures/reason} [F] strings. jhdf cannot write zero-length datasets, so a bank
 * with no failures (or no successes) omits those datasets; the {@code num_ok}/{@code num_failed}
 * attributes are always present.
 */
public final class BankWriter {

    public static final String FORMAT = "orrery-bank";
    public static final int FORMAT_VERSION = 1;

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
                putRows(h, "x", rows(bank.xRows(), obs.shape()), obs.shape());
                h.putDataset("index", bank.indices());
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
     * alike.
     */
    private static void putRows(WritableGroup g, String name, Object rows, int[] rowShape) {
        int n = java.lang.reflect.Array.getLength(rows);
        long rowBytes = 8L;
        for (int d : rowShape) {
            rowBytes *= d;
        }
        if (n < 2 || rowBytes * n > MAX_CHUNKED_BYTES || rowBytes > CHUNK_BYTES) {
            g.putDataset(name, rows);
            return;
        }
        int[] chunk = new int[rowShape.length + 1];
        chunk[0] = (int) Math.min(n, Math.max(1, CHUNK_BYTES / rowBytes));
        System.arraycopy(rowShape, 0, chunk, 1, rowShape.length);
        g.putDataset(name, rows, DatasetCreationOptions.builder().chunkDimensions(chunk).build());
    }

    /** x rows as an [N, …shape] nested array; rows are shared when the observable is a vector. */
    private static Object rows(double[][] x, int[] shape) {
        if (shape.length == 1) {
            return x;
        }
        Object[] out = new Object[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = NdArrays.reshape(x[i], shape);
        }
        // jhdf wants a typed array (double[][][]…), not Object[]
        Object typed = java.lang.reflect.Array.newInstance(out.length == 0 ? double[].class : out[0].getClass(), out.length);
        System.arraycopy(out, 0, typed, 0, out.length);
        return typed;
    }
}
