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

/**
 * {@code mode: per-call}: one process per simulation, in a fresh scratch folder that is removed
 * afterwards.
 *
 * <p>Inputs, all three ways at once: the placeholders {@code {theta}} (θ as separate arguments),
 * {@code {seed}}, {@code {input}}, {@code {output_dir}}, {@code {manifest_dir}} and
 * {@code {<parameter name>}} in the command; the environment variables {@code ORRERY_THETA}
 * (space-separated), {@code ORRERY_SEED}, {@code ORRERY_INPUT}, {@code ORRERY_OUTPUT_DIR}; and the
 * JSON file {@code input.json} = {@code {"id", "theta": [...], "parameters": {name: value}, "seed",
 * "output_dir"}}. The seed is an unsigned 64-bit integer.
 *
 * <p>Outputs: for each output {@code name}, the file {@code name.npy} (float64/float32/int, C order)
 * or {@code name.json} (nested lists) in the output folder, or one {@code outputs.json} mapping
 * names to nested lists. Shapes must be exactly the manifest's.
 */
final class PerCallRunner {

    static final String LOG = "orrery-process.log";

    private final Manifest m;
    private final Path scratchRoot;

    PerCallRunner(Manifest m, Path scratchRoot) {
        this.m = m;
        this.scratchRoot = scratchRoot;
    }

    Map<String, double[]> run(double[] theta, long seed) {
        Path dir;
        try {
            dir = Files.createTempDirectory(scratchRoot, m.id() + "-");
        } catch (IOException e) {
            throw new SimulationFailedException("cannot create a scratch folder in " + scratchRoot + ": " + e.getMessage());
        }
        try {
            return runIn(dir, theta, seed);
        } finally {
            Processes.deleteTree(dir);
        }
    }

    private Map<String, double[]> runIn(Path dir, double[] theta, long seed) {
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
        json.append("}, \"seed\": ").append(seedText).append(", \"output_dir\": ").append(Json.quote(dir.toString())).append("}\n");
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
            String x = a.replace("{seed}", seedText).replace("{input}", input.toString())
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
                throw SimulationFailedException.of("timeout after " + seconds(m.timeout()) + " (killed with its children)",
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

    private Map<String, double[]> readOutputs(Path dir) {
        Map<String, double[]> out = new LinkedHashMap<>();
        Map<?, ?> combined = null;
        Path all = dir.resolve("outputs.json");
        for (ArraySpec spec : m.outputs()) {
            Path npy = dir.resolve(spec.name() + ".npy");
            Path js = dir.resolve(spec.name() + ".json");
            try {
                if (Files.isRegularFile(npy)) {
                    Npy.Array a = Npy.read(npy, spec.size());
                    out.put(spec.name(), Outputs.check(spec, a.shape(), a.data(), npy.getFileName().toString()));
                } else if (Files.isRegularFile(js)) {
                    out.put(spec.name(), fromJson(spec, readJson(js), js.getFileName().toString()));
                } else if (Files.isRegularFile(all)) {
                    if (combined == null) {
                        Object v = readJson(all);
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
                            + spec.name() + ".npy, " + spec.name() + ".json or outputs.json in $ORRERY_OUTPUT_DIR)");
                }
            } catch (IOException e) {
                throw new SimulationFailedException("unreadable output " + spec.name() + ": " + e.getMessage());
            }
        }
        return out;
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

    static String seconds(java.time.Duration d) {
        return java.math.BigDecimal.valueOf(d.toNanos(), 9).round(new java.math.MathContext(3)).stripTrailingZeros()
                .toPlainString() + " s";
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
