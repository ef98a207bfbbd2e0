package org.orrery.bank;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.orrery.data.ArraySpec;
import org.orrery.data.Box;
import org.orrery.io.BadInputException;
import org.orrery.io.Hdf5;
import org.orrery.io.NdArrays;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;

/** Reads a bank written by {@link BankWriter}, with one-line causes for files that are not one. */
public final class BankReader {

    private BankReader() {
    }

    public static Bank read(Path path) {
        try (HdfFile h = Hdf5.open(path)) {
            BankMetadata m = metadata(h, path);
            long ok = longAttr(h, "num_ok", path);
            int dTheta = m.parameters().dimension();
            long[] index = new long[0];
            double[][] theta = new double[0][];
            List<Column> columns = new ArrayList<>();
            if (ok > 0) {
                theta = rows(dataset(h, "theta", path), dTheta, path);
                if (theta.length != ok) {
                    throw new BadInputException("bank " + path + " is inconsistent: num_ok=" + ok + " but /theta has "
                            + theta.length + " rows");
                }
            }
            for (ArraySpec a : m.outputs()) {
                columns.add(column(h, a, datasetName(h, m, a), (int) ok, path));
            }
            if (ok > 0) {
                index = (long[]) dataset(h, "index", path).getData();
                if (index.length != ok) {
                    throw new BadInputException("bank " + path + " is inconsistent: num_ok=" + ok + " but /index has "
                            + index.length + " rows");
                }
            }
            List<Failure> failures = new ArrayList<>();
            Node fn = h.getChildren().get("failures");
            if (fn instanceof Group fg && fg.getChildren().containsKey("index")) {
                long[] fi = (long[]) ((Dataset) fg.getChild("index")).getData();
                double[][] ft = rows((Dataset) fg.getChild("theta"), dTheta, path);
                String[] fr = fg.getChildren().containsKey("reason")
                        ? (String[]) ((Dataset) fg.getChild("reason")).getData() : new String[fi.length];
                for (int i = 0; i < fi.length; i++) {
                    failures.add(new Failure(fi[i], ft[i], fr[i]));
                }
            }
            return new Bank(m, index, theta, columns, failures);
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadInputException("bank " + path + " is truncated or corrupt: " + oneLine(e));
        }
    }

    /** Reads only the attributes (cheap): used by {@code --resume} to check a finished bank. */
    public static BankMetadata readMetadata(Path path) {
        try (HdfFile h = Hdf5.open(path)) {
            return metadata(h, path);
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadInputException("bank " + path + " is truncated or corrupt: " + oneLine(e));
        }
    }

    private static BankMetadata metadata(HdfFile h, Path path) {
        if (!BankWriter.FORMAT.equals(stringAttrOrNull(h, "format"))) {
            throw new BadInputException("HDF5 file " + path + " is not an Orrery bank (no format=\"" + BankWriter.FORMAT
                    + "\" attribute)");
        }
        String[] names = (String[]) attr(h, "parameter_names", path);
        String[] units = (String[]) attr(h, "parameter_units", path);
        String[] latex = (String[]) attr(h, "parameter_latex", path);
        double[] lower = (double[]) attr(h, "parameter_lower", path);
        double[] upper = (double[]) attr(h, "parameter_upper", path);
        List<Parameter> ps = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            ps.add(new Parameter(names[i], units[i], latex[i], lower[i], upper[i]));
        }
        int[] shape = (int[]) attr(h, "observable_shape", path);
        ArraySpec obs = new ArraySpec(stringAttr(h, "observable_name", path), shape,
                stringAttr(h, "observable_unit", path), ArraySpec.Kind.valueOf(stringAttr(h, "observable_kind", path)));
        List<ArraySpec> latents = new ArrayList<>();
        if (h.getAttribute("output_names") != null) {
            String[] on = (String[]) attr(h, "output_names", path);
            String[] ou = (String[]) attr(h, "output_units", path);
            String[] ok = (String[]) attr(h, "output_kinds", path);
            String[] os = (String[]) attr(h, "output_shapes", path);
            for (int i = 1; i < on.length; i++) { // [0] is the observable
                latents.add(new ArraySpec(on[i], parseShape(os[i], path), ou[i], ArraySpec.Kind.valueOf(ok[i])));
            }
        }
        Optional<Box> box = Optional.empty();
        if (h.getAttribute("box_length") != null) {
            box = Optional.of(new Box(doubleAttr(h, "box_length", path), (int) longAttr(h, "box_grid", path),
                    (int) longAttr(h, "box_dims", path), doubleAttr(h, "redshift", path)));
        }
        return new BankMetadata(stringAttr(h, "simulator_id", path), stringAttr(h, "simulator_version", path),
                new ParameterSpace(ps), obs, stringAttr(h, "prior", path), longAttr(h, "seed", path),
                longAttr(h, "num_requested", path), stringAttr(h, "orrery_version", path),
                Instant.parse(stringAttr(h, "created", path)), latents, box);
    }

    /**
     * The dataset of output {@code a}: its own name, except the observable of a bank written before
     * outputs were named (no {@code observable} attribute), which is {@code /x}.
     */
    private static String datasetName(HdfFile h, BankMetadata m, ArraySpec a) {
        if (a != m.observable()) {
            return a.name();
        }
        String named = stringAttrOrNull(h, "observable");
        return named == null ? "x" : named;
    }

    private static Column column(HdfFile h, ArraySpec a, String name, int ok, Path path) {
        int[] shape = a.shape();
        if (!Column.isVarying(a)) {
            if (ok == 0) {
                return Column.fixed(a, Column.newRows(shape, 0));
            }
            Dataset d = dataset(h, name, path);
            if (shape.length == 1) {
                return Column.fixed(a, rows(d, shape[0], path));
            }
            checkDims(d, ok, shape, path);
            return Column.fixed(a, d.getData()); // already [N, …shape]: no flat copy
        }
        long[] offsets = new long[ok + 1];
        if (ok > 0) {
            Object o = dataset(h, name + "_offsets", path).getData();
            if (!(o instanceof long[] lo) || lo.length != ok + 1) {
                throw new BadInputException("bank " + path + " dataset /" + name + "_offsets must be int64 [" + (ok + 1)
                        + "], got " + (o instanceof long[] l ? l.length + " values" : o.getClass().getSimpleName()));
            }
            offsets = lo;
        }
        int[] pointShape = Arrays.copyOfRange(shape, 1, shape.length);
        Object points;
        if (offsets[ok] == 0) {
            points = Column.newRows(pointShape, 0);
        } else {
            Dataset d = dataset(h, name, path);
            checkDims(d, offsets[ok], pointShape, path);
            points = d.getData();
        }
        try {
            return Column.points(a, points, offsets);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("bank " + path + " is inconsistent: " + e.getMessage());
        }
    }

    private static void checkDims(Dataset d, long rows, int[] rowShape, Path path) {
        int[] dims = d.getDimensions();
        int[] want = new int[rowShape.length + 1];
        want[0] = (int) rows;
        System.arraycopy(rowShape, 0, want, 1, rowShape.length);
        if (!Arrays.equals(dims, want)) {
            throw new BadInputException("bank " + path + " dataset " + d.getPath() + " has shape " + NdArrays.format(dims)
                    + ", expected " + NdArrays.format(want));
        }
        if (d.getJavaType() != double.class) {
            throw new BadInputException("bank " + path + " dataset " + d.getPath() + " has dtype "
                    + d.getJavaType().getSimpleName() + ", expected float64");
        }
    }

    private static int[] parseShape(String s, Path path) {
        try {
            return Arrays.stream(s.split(",")).mapToInt(t -> Integer.parseInt(t.trim())).toArray();
        } catch (NumberFormatException e) {
            throw new BadInputException("bank " + path + " has an unreadable output shape: " + s);
        }
    }

    private static double doubleAttr(HdfFile h, String name, Path path) {
        Object o = attr(h, name, path);
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        throw new BadInputException("bank " + path + " attribute " + name + " is not a number: " + o);
    }

    private static Dataset dataset(HdfFile h, String name, Path path) {
        Node n = h.getChildren().get(name);
        if (!(n instanceof Dataset d)) {
            throw new BadInputException("bank " + path + " has no dataset /" + name);
        }
        return d;
    }

    /** A [N, …] float64 dataset as N flat rows of length {@code width}. */
    private static double[][] rows(Dataset d, int width, Path path) {
        int[] dims = d.getDimensions();
        long rowSize = 1;
        for (int k = 1; k < dims.length; k++) {
            rowSize *= dims[k];
        }
        if (dims.length < 2 || rowSize != width) {
            throw new BadInputException("bank " + path + " dataset " + d.getPath() + " has shape " + NdArrays.format(dims)
                    + ", expected (N, " + width + ") values per row");
        }
        if (d.getJavaType() != double.class) {
            throw new BadInputException("bank " + path + " dataset " + d.getPath() + " has dtype "
                    + d.getJavaType().getSimpleName() + ", expected float64");
        }
        double[] flat = (double[]) d.getDataFlat();
        double[][] out = new double[dims[0]][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        }
        return out;
    }

    private static Object attr(HdfFile h, String name, Path path) {
        Attribute a = h.getAttribute(name);
        if (a == null) {
            throw new BadInputException("bank " + path + " lacks the attribute " + name);
        }
        return a.getData();
    }

    private static String stringAttrOrNull(HdfFile h, String name) {
        Attribute a = h.getAttribute(name);
        return a == null ? null : String.valueOf(a.getData());
    }

    private static String stringAttr(HdfFile h, String name, Path path) {
        return String.valueOf(attr(h, name, path));
    }

    private static long longAttr(HdfFile h, String name, Path path) {
        Object o = attr(h, name, path);
        if (o instanceof Number n) {
            return n.longValue();
        }
        throw new BadInputException("bank " + path + " attribute " + name + " is not a number: " + o);
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        return (m == null ? e.getClass().getSimpleName() : m).lines().findFirst().orElse("");
    }
}
