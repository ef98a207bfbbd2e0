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

/**
 * Opens banks written by {@link BankWriter}, with one-line causes for files that are not one:
 * {@link #open} for random access row by row ({@link BankView}, any size), {@link #read} to load a
 * bank that fits in memory, {@link #readMetadata} for the attributes alone.
 */
public final class BankReader {

    private BankReader() {
    }

    /** Opens {@code path} for random access; the caller closes the view. */
    public static BankView open(Path path) {
        HdfFile h = Hdf5.open(path);
        try {
            return BankView.open(path, h);
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadInputException("bank " + path + " is truncated or corrupt: " + oneLine(e));
        }
    }

    /** Reads the whole bank into memory (through {@link #open}). */
    public static Bank read(Path path) {
        try (BankView v = open(path)) {
            return v.load();
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadInputException("bank " + path + " is truncated or corrupt: " + oneLine(e));
        }
    }

    /** Reads only the attributes (cheap): used on resume to check a finished bank. */
    public static BankMetadata readMetadata(Path path) {
        try (HdfFile h = Hdf5.open(path)) {
            return metadata(h, path);
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadInputException("bank " + path + " is truncated or corrupt: " + oneLine(e));
        }
    }

    static BankMetadata metadata(HdfFile h, Path path) {
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
            String[] od = h.getAttribute("output_dtypes") == null ? null : (String[]) attr(h, "output_dtypes", path);
            for (int i = 1; i < on.length; i++) { // [0] is the observable
                latents.add(new ArraySpec(on[i], parseShape(os[i], path), ou[i], ArraySpec.Kind.valueOf(ok[i]),
                        dtype(od, i, path)));
            }
            obs = obs.withDtype(dtype(od, 0, path));
        }
        Optional<Box> box = Optional.empty();
        if (h.getAttribute("box_length") != null) {
            box = Optional.of(new Box(doubleAttr(h, "box_length", path), (int) longAttr(h, "box_grid", path),
                    (int) longAttr(h, "box_dims", path), doubleAttr(h, "redshift", path)));
        }
        return new BankMetadata(stringAttr(h, "simulator_id", path), stringAttr(h, "simulator_version", path),
                new ParameterSpace(ps), obs, stringAttr(h, "prior", path), longAttr(h, "seed", path),
                longAttr(h, "num_requested", path), stringAttr(h, "orrery_version", path),
                Instant.parse(stringAttr(h, "created", path)), latents, box,
                h.getAttribute("settings") == null ? "" : stringAttr(h, "settings", path));
    }

    /** Output i's dtype from {@code output_dtypes} (format 3); float64 in older banks. */
    private static ArraySpec.DType dtype(String[] dtypes, int i, Path path) {
        if (dtypes == null) {
            return ArraySpec.DType.FLOAT64;
        }
        try {
            return ArraySpec.DType.valueOf(dtypes[i].toUpperCase(java.util.Locale.ROOT));
        } catch (RuntimeException e) {
            throw new BadInputException("bank " + path + " has an unknown output dtype: "
                    + (i < dtypes.length ? dtypes[i] : "none for output " + i) + " (expected float64 or float32)");
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

    private static Object attr(HdfFile h, String name, Path path) {
        Attribute a = h.getAttribute(name);
        if (a == null) {
            throw new BadInputException("bank " + path + " lacks the attribute " + name);
        }
        return a.getData();
    }

    static String stringAttrOrNull(HdfFile h, String name) {
        Attribute a = h.getAttribute(name);
        return a == null ? null : String.valueOf(a.getData());
    }

    private static String stringAttr(HdfFile h, String name, Path path) {
        return String.valueOf(attr(h, name, path));
    }

    static long longAttr(HdfFile h, String name, Path path) {
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
