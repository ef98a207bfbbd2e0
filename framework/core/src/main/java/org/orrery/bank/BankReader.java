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
import org.orrery.data.ArraySpec;
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
            int dx = m.observable().size();
            long[] index = new long[0];
            double[][] theta = new double[0][];
            double[][] x = new double[0][];
            if (ok > 0) {
                theta = rows(dataset(h, "theta", path), dTheta, path);
                x = rows(dataset(h, "x", path), dx, path);
                index = (long[]) dataset(h, "index", path).getData();
                if (theta.length != ok || x.length != ok || index.length != ok) {
                    throw new BadInputException("bank " + path + " is inconsistent: num_ok=" + ok + " but /theta has "
                            + theta.length + ", /x " + x.length + " and /index " + index.length + " rows");
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
            return new Bank(m, index, theta, x, failures);
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
        return new BankMetadata(stringAttr(h, "simulator_id", path), stringAttr(h, "simulator_version", path),
                new ParameterSpace(ps), obs, stringAttr(h, "prior", path), longAttr(h, "seed", path),
                longAttr(h, "num_requested", path), stringAttr(h, "orrery_version", path),
                Instant.parse(stringAttr(h, "created", path)));
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
