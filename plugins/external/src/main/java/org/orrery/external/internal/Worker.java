package org.orrery.external.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.orrery.data.ArraySpec;
import org.orrery.text.Durations;

/**
 * {@code mode: worker}: one long-running program, spoken to over its stdin/stdout with the framing
 * of docs/external-simulators.md: a frame is a 4-byte little-endian header length, a UTF-8 JSON
 * header, then the raw little-endian float64 arrays the header's {@code arrays} list announces.
 * The program writes {@code {"ready": true, "protocol": 1}} first; each request is
 * {@code {"op": "simulate", "seed": S, "index": i, "arrays": [{"name": "theta", "shape": [d]}]}} + θ, each
 * answer {@code {"ok": true, "arrays": [{"name", "shape"}...]}} + data, or
 * {@code {"ok": false, "error": "..."}}. EOF on stdin (or {@code {"op": "exit"}}) ends it.
 *
 * <p>A worker is confined to one thread (see {@link WorkerPool}); its deadline is watched by the
 * pool's watchdog, which kills the process tree when a call overruns.
 */
final class Worker {

    static final int PROTOCOL = 1;
    /** Largest header accepted: a header is a line of JSON, not data. */
    static final int MAX_HEADER = 1 << 20;
    static final Duration MIN_STARTUP = Duration.ofSeconds(20);

    private final Manifest m;
    private final Process process;
    private final DataInputStream in;
    private final OutputStream out;
    private final Processes.Tail err;
    private final Path scratch;
    private final int thetaDim;
    private final Map<String, ArraySpec> outputs = new HashMap<>();
    private final long maxValues;
    /** System.nanoTime() by which the current call must answer; 0 when idle. */
    volatile long deadline;
    volatile boolean timedOut;
    /** Set when the stream can no longer be trusted: the process is killed and replaced. */
    private boolean broken;

    private Worker(Manifest m, Process process, Path scratch) {
        this.m = m;
        this.process = process;
        this.scratch = scratch;
        this.in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
        this.out = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
        this.err = new Processes.Tail(process.getErrorStream(), Processes.TAIL_BYTES, "orrery-external-stderr-" + m.id());
        this.thetaDim = m.parameters().size();
        long total = 0;
        for (ArraySpec a : m.outputs()) {
            outputs.put(a.name(), a);
            total += a.size();
        }
        this.maxValues = 4 * total + 1024;
    }

    /** Starts the program and waits for its ready frame. */
    static Worker start(Manifest m, Path scratchRoot, WorkerPool pool) {
        Path scratch;
        try {
            scratch = Files.createTempDirectory(scratchRoot, m.id() + "-worker-");
        } catch (IOException e) {
            throw new SimulationFailedException("cannot create a scratch folder in " + scratchRoot + ": " + e.getMessage());
        }
        List<String> argv = new ArrayList<>();
        for (String a : m.command()) {
            argv.add(a.replace("{manifest_dir}", m.directory().toString()).replace("{output_dir}", scratch.toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.directory((m.workingDir() != null ? m.workingDir() : scratch).toFile());
        Map<String, String> env = pb.environment();
        Processes.environment(env, m);
        env.put("ORRERY_PROTOCOL", Integer.toString(PROTOCOL));
        env.put("ORRERY_OUTPUT_DIR", scratch.toString());
        env.put("PYTHONUNBUFFERED", "1");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            Processes.deleteTree(scratch);
            throw new SimulationFailedException("cannot start worker " + argv.get(0) + ": " + e.getMessage());
        }
        Worker w = new Worker(m, p, scratch);
        Duration startup = m.timeout().compareTo(MIN_STARTUP) > 0 ? m.timeout() : MIN_STARTUP;
        pool.watch(w);
        w.deadline = System.nanoTime() + startup.toNanos();
        try {
            Map<String, Object> hello = w.readHeader();
            if (!Boolean.TRUE.equals(hello.get("ready"))) {
                throw w.protocol("first frame must be {\"ready\": true, \"protocol\": " + PROTOCOL + "}, got " + hello);
            }
            Object proto = hello.get("protocol");
            if (!(proto instanceof Double d) || d.intValue() != PROTOCOL) {
                throw w.protocol("speaks protocol " + proto + "; this Orrery speaks " + PROTOCOL);
            }
        } catch (SimulationFailedException e) {
            w.kill();
            throw new SimulationFailedException("worker did not start: " + e.getMessage());
        } catch (IOException e) {
            String cause = w.timedOut ? "no ready frame within " + Durations.limit(startup) : describeEnd(w, e);
            w.kill();
            throw SimulationFailedException.of("worker did not start: " + cause, w.err.takeText());
        } finally {
            w.deadline = 0;
        }
        return w;
    }

    boolean broken() {
        return broken;
    }

    /** One simulation. Throws SimulationFailedException; after it, {@link #broken()} says whether to replace the worker. */
    Map<String, double[]> simulate(double[] theta, long seed, long index) {
        String header = "{\"op\": \"simulate\", \"seed\": " + Long.toUnsignedString(seed) + ", \"index\": " + index
                + ", \"arrays\": [{\"name\": \"theta\", \"shape\": [" + thetaDim + "]}]}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + h.length + 8 * theta.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(h.length).put(h);
        for (double t : theta) {
            b.putDouble(t);
        }
        deadline = System.nanoTime() + m.timeout().toNanos();
        try {
            out.write(b.array(), 0, b.position());
            out.flush();
            Map<String, Object> answer = readHeader();
            return answer(answer);
        } catch (IOException e) {
            broken = true;
            String cause = timedOut ? "timeout after " + Durations.limit(m.timeout()) + " (worker killed with its children)"
                    : describeEnd(this, e);
            kill();
            throw SimulationFailedException.of(cause, err.takeText());
        } catch (SimulationFailedException e) {
            if (broken) {
                kill();
                throw SimulationFailedException.of(e.getMessage(), err.takeText());
            }
            throw e;
        } finally {
            deadline = 0;
        }
    }

    private Map<String, double[]> answer(Map<String, Object> header) throws IOException {
        Object ok = header.get("ok");
        if (Boolean.FALSE.equals(ok)) {
            Object e = header.get("error");
            throw new SimulationFailedException("simulate raised: " + (e == null ? "no error message" : e.toString()
                    .replace("\r", "").replace("\n", " ⏎ ")));
        }
        if (!Boolean.TRUE.equals(ok)) {
            throw protocol("answer has no \"ok\": true/false: " + header);
        }
        List<String> names = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        long total = arrays(header, names, shapes);
        if (total > maxValues) {
            throw protocol("answer announces " + total + " values, far more than the manifest's outputs");
        }
        Map<String, double[]> data = new LinkedHashMap<>();
        for (int k = 0; k < names.size(); k++) {
            int n = 1;
            for (int e : shapes.get(k)) {
                n *= e;
            }
            byte[] raw = new byte[8 * n];
            in.readFully(raw);
            double[] v = new double[n];
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(v);
            data.put(names.get(k), v);
        }
        // the stream is in step again: shape errors below cost this simulation only
        Map<String, double[]> out = new LinkedHashMap<>();
        for (ArraySpec spec : m.outputs()) {
            int k = names.indexOf(spec.name());
            if (k < 0) {
                throw new SimulationFailedException("answer has no output '" + spec.name() + "'; it has " + names);
            }
            out.put(spec.name(), Outputs.check(spec, shapes.get(k), data.get(spec.name()), "the answer"));
        }
        return out;
    }

    private long arrays(Map<String, Object> header, List<String> names, List<int[]> shapes) {
        Object a = header.get("arrays");
        if (!(a instanceof List<?> list)) {
            throw protocol("answer has no \"arrays\" list");
        }
        long total = 0;
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> e) || !(e.get("name") instanceof String name) || !(e.get("shape") instanceof List<?> sh)) {
                throw protocol("each array needs a name and a shape, got " + o);
            }
            int[] shape = new int[sh.size()];
            long n = 1;
            for (int i = 0; i < shape.length; i++) {
                if (!(sh.get(i) instanceof Double d) || d < 0 || d != Math.rint(d) || d > Integer.MAX_VALUE) {
                    throw protocol("array " + name + " has a bad shape " + sh);
                }
                shape[i] = d.intValue();
                n *= shape[i];
                if (n > maxValues) {
                    throw protocol("array " + name + " announces more values than the manifest's outputs hold");
                }
            }
            names.add(name);
            shapes.add(shape);
            total += n;
        }
        return total;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> readHeader() throws IOException {
        int len = Integer.reverseBytes(in.readInt());
        if (len <= 0 || len > MAX_HEADER) {
            byte[] peek = new byte[4];
            ByteBuffer.wrap(peek).order(ByteOrder.LITTLE_ENDIAN).putInt(len);
            throw protocol("bad frame length " + Integer.toUnsignedString(len) + " (bytes '" + printable(peek)
                    + "'): is the program printing to stdout? Print to stderr; stdout carries the frames");
        }
        byte[] h = new byte[len];
        in.readFully(h);
        Object v;
        try {
            v = Json.parse(new String(h, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw protocol("header is not JSON: " + e.getMessage() + " (starts '" + printable(java.util.Arrays.copyOf(h, Math.min(40, h.length))) + "')");
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw protocol("header is not a JSON object");
        }
        return (Map<String, Object>) map;
    }

    private SimulationFailedException protocol(String what) {
        broken = true;
        return new SimulationFailedException("protocol error: " + what);
    }

    private static String printable(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(x >= 0x20 && x < 0x7f ? Character.toString(x) : String.format("\\x%02x", x & 0xff));
        }
        return s.toString();
    }

    private static String describeEnd(Worker w, IOException e) {
        try {
            if (w.process.waitFor(500, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                return "worker exited with status " + PerCallRunner.describeStatus(w.process.exitValue());
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
        return e instanceof EOFException ? "worker closed its stdout" : "worker pipe failed: " + e.getMessage();
    }

    /** Kills the process and its children and removes its scratch folder. */
    void kill() {
        broken = true;
        Processes.killTree(process.toHandle());
        Processes.deleteTree(scratch);
    }

    /** Asks the worker to exit (EOF on stdin), then kills whatever is left after a grace period. */
    void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            process.waitFor(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    ProcessHandle processHandle() {
        return process.toHandle();
    }
}
