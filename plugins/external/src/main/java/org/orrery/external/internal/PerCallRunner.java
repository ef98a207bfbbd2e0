package org.orrery.external.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.orrery.data.ArraySpec;
import org.orrery.text.Durations;
import org.orrery.io.arrays.ArrayFiles;

/**
 * {@code mode: per-call}: one process per simulation, in a fresh scratch folder that is removed
 * afterwards.
 *
 * <p>Inputs, all three ways at once: the placeholders {@code {theta}} (θ as separate arguments),
 * {@code {seed}}, {@code {index}}, {@code {input}}, {@code {output_dir}}, {@code {manifest_dir}} and
 * {@code {<parameter name>}} in the command; the environment variables {@code ORRERY_THETA}
 * (space-separated), {@code ORRERY_SEED}, {@code ORRERY_INDEX}, {@code ORRERY_INPUT},
 * {@code ORRERY_OUTPUT_DIR}; and the JSON file {@code input.json} = {@code {"id", "theta": [...],
 * "parameters": {name: value}, "seed", "index", "output_dir"}}. The seed is an unsigned 64-bit
 * integer; the index is the simulation's index in the campaign (the bank's {@code /index}).
 *
 * <p>Outputs: for each output {@code name}, the file {@code name.npy} (float64/float32/int, C order),
 * {@code name.h5}/{@code name.hdf5} (the dataset {@code /name}, or the only one), {@code name.fits}
 * (the HDU with EXTNAME {@code name}, or the first with data) or {@code name.json} (nested lists) in
 * the output folder; or one {@code outputs.h5} with a dataset {@code /name} per output, or one
 * {@code outputs.json} mapping names to nested lists. HDF5 and FITS go through the host's readers
 * ({@link ArrayFiles}). Shapes must be the manifest's (HDF5/FITS: leading extents of 1 aside).
 */
final class PerCallRunner {

    static final String LOG = "orrery-process.log";

    private final Manifest m;
    private final Path scratchRoot;

    PerCallRunner(Manifest m, Path scratchRoot) {
        this.m = m;
        this.scratchRoot = scratchRoot;
    }

    Map<String, double[]> run(double[] theta, long seed, long index) {
        Path dir;
        try {
            dir = Files.createTempDirectory(scratchRoot, m.id() + "-");
        } catch (IOException e) {
            throw new SimulationFailedException("cannot create a scratch folder in " + scratchRoot + ": " + e.getMessage());
        }
        try {
            return runIn(dir, theta, seed, index);
        } finally {
            Processes.deleteTree(dir);
        }
    }

    private Map<String, double[]> runIn(Path dir, double[] theta, long seed, long index) {
        String indexText = Long.toString(index);
        String seedText = Long.toUnsignedString(seed);
        Path input = dir.resolve("input.json");
        List<String> names = m.parameters().stream().map(p -> p.name()).toList();
        StringBuilder json = new StringBuilder("{\"id\": ").append(Json.quote(m.id())).append(", \"theta\": [");
        StringBuilder thetaText = new StringBuilder();
        for (int i = 0; i < theta.length; i++) {
            json.append(i > 0 ? ", " : "").append(Json.number(theta[i]));
            thetaText.append(i > 0 ? " " : "").append(Json.number(theta[i]));
        }
        json.append("], \"parameters\": {");
        for (int i = 0; i < theta.length; i++) {
            json.append(i > 0 ? ", " : "").append(Json.quote(names.get(i))).append(": ").append(Json.number(theta[i]));
        }
        json.append("}, \"seed\": ").append(seedText).append(", \"index\": ").append(indexText).append(", \"output_dir\": ").append(Json.quote(dir.toString())).append("}\n");
        try {
            Files.writeString(input, json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SimulationFailedException("cannot write " + input + ": " + e.getMessage());
        }

        List<String> argv = new ArrayList<>();
        for (String a : m.command()) {
            if (a.equals("{theta}")) {
                for (double t : theta) {
                    argv.add(Json.number(t));
                }
                continue;
            }
            String x = a.replace("{seed}", seedText).replace("{index}", indexText).replace("{input}", input.toString())
                    .replace("{output_dir}", dir.toString()).replace("{manifest_dir}", m.directory().toString());
            for (int i = 0; i < theta.length; i++) {
                x = x.replace("{" + names.get(i) + "}", Json.number(theta[i]));
            }
            argv.add(x);
        }
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.directory((m.workingDir() != null ? m.workingDir() : dir).toFile());
        Map<String, String> env = pb.environment();
        Processes.environment(env, m);
        env.put("ORRERY_THETA", thetaText.toString());
        env.put("ORRERY_SEED", seedText);
        env.put("ORRERY_INDEX", indexText);
        env.put("ORRERY_INPUT", input.toString());
        env.put("ORRERY_OUTPUT_DIR", dir.toString());
        Path log = dir.resolve(LOG);
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new SimulationFailedException("cannot start " + argv.get(0) + ": " + e.getMessage());
        }
        try {
            if (!p.waitFor(m.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                Processes.killTree(p.toHandle());
                throw SimulationFailedException.of("timeout after " + Durations.limit(m.timeout()) + " (killed with its children)",
                        Processes.tail(log, Processes.TAIL_BYTES));
            }
        } catch (InterruptedException e) {
            Processes.killTree(p.toHandle());
            Thread.currentThread().interrupt();
            throw new SimulationFailedException("interrupted (the campaign abandoned this simulation); process killed");
        }
        int status = p.exitValue();
        if (status != 0) {
            throw SimulationFailedException.of("exit status " + describeStatus(status), Processes.tail(log, Processes.TAIL_BYTES));
        }
        try {
            return readOutputs(dir);
        } catch (SimulationFailedException e) {
            throw SimulationFailedException.of(e.getMessage(), Processes.tail(log, Processes.TAIL_BYTES));
        }
    }

    /** Per-output file kinds, in the order they are looked for: {@code name.npy}, {@code name.h5}, … */
    private static final List<String> OWN_FILES = List.of(".npy", ".h5", ".hdf5", ".fits", ".json");

    private Map<String, double[]> readOutputs(Path dir) {
        Map<String, double[]> out = new LinkedHashMap<>();
        Map<?, ?> combined = null;
        Path allJson = dir.resolve("outputs.json");
        Path allH5 = dir.resolve("outputs.h5");
        for (ArraySpec spec : m.outputs()) {
            Path own = null;
            for (String ext : OWN_FILES) {
                Path p = dir.resolve(spec.name() + ext);
                if (own == null && Files.isRegularFile(p)) {
                    own = p;
                }
            }
            try {
                if (own != null && own.toString().endsWith(".npy")) {
                    Npy.Array a = Npy.read(own, spec.size());
                    out.put(spec.name(), Outputs.check(spec, a.shape(), a.data(), own.getFileName().toString()));
                } else if (own != null && own.toString().endsWith(".json")) {
                    out.put(spec.name(), fromJson(spec, readJson(own), own.getFileName().toString()));
                } else if (own != null) {
                    out.put(spec.name(), readArrayFile(own, null, spec));
                } else if (Files.isRegularFile(allH5)) {
                    out.put(spec.name(), readArrayFile(allH5, "/" + spec.name(), spec));
                } else if (Files.isRegularFile(allJson)) {
                    if (combined == null) {
                        Object v = readJson(allJson);
                        if (!(v instanceof Map<?, ?> mm)) {
                            throw new SimulationFailedException("outputs.json is not a JSON object of name: array");
                        }
                        combined = mm;
                    }
                    if (!combined.containsKey(spec.name())) {
                        throw new SimulationFailedException("outputs.json has no '" + spec.name() + "'; it has "
                                + combined.keySet());
                    }
                    out.put(spec.name(), fromJson(spec, combined.get(spec.name()), "outputs.json"));
                } else {
                    throw new SimulationFailedException("exited 0 but wrote no output '" + spec.name() + "' (expected "
                            + spec.name() + ".npy, .h5, .fits or .json, or outputs.h5 or outputs.json in $ORRERY_OUTPUT_DIR)");
                }
            } catch (IOException e) {
                throw new SimulationFailedException("unreadable output " + spec.name() + ": " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * An HDF5 or FITS output, read by the host's own readers (the same size checks and truncation
     * detection as an observation); a file that cannot be read fails this simulation with the reason.
     */
    private static double[] readArrayFile(Path file, String inner, ArraySpec spec) {
        try {
            return ArrayFiles.read(file, inner, spec);
        } catch (IllegalArgumentException e) {
            throw new SimulationFailedException("unreadable output " + spec.name() + ": " + e.getMessage());
        }
    }

    private static Object readJson(Path file) throws IOException {
        long size = Files.size(file);
        if (size > 512L * 1024 * 1024) {
            throw new IOException(file.getFileName() + " is " + size + " bytes; use .npy for large outputs");
        }
        try {
            return Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | java.nio.charset.MalformedInputException e) {
            throw new IOException(file.getFileName() + ": " + e.getMessage());
        }
    }

    private static double[] fromJson(ArraySpec spec, Object v, String source) {
        List<Double> flat = new ArrayList<>();
        List<Integer> shape;
        try {
            shape = Json.flatten(v, flat, 0);
        } catch (IllegalArgumentException e) {
            throw new SimulationFailedException(source + ": output " + spec.name() + ": " + e.getMessage());
        }
        double[] data = new double[flat.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = flat.get(i);
        }
        return Outputs.check(spec, shape.stream().mapToInt(Integer::intValue).toArray(), data, source);
    }

    static String describeStatus(int status) {
        return status > 128 && status < 160 ? status + " (killed by signal " + (status - 128) + ")" : Integer.toString(status);
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    static String shape(int[] s) {
        return Arrays.toString(s);
    }
}
