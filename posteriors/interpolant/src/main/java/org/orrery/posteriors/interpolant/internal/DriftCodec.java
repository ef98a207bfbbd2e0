package org.orrery.posteriors.interpolant.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.orrery.data.ArraySpec;
import org.orrery.nn.Framed;
import org.orrery.nn.NamedArray;
import org.orrery.nn.Params;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;

/**
 * The payload of both drift estimators: a small big-endian binary format, no Java serialisation.
 * <pre>
 * int magic "OSIF" | int version | int length | length bytes of body | long CRC-32 of body
 * body: UTF estimator id ("interpolant" | "fmpe"), settings as (UTF key, UTF value) pairs,
 *       parameter space, observable, [interpolant: latent spec, field scales (4 doubles)]
 *       [fmpe: x mean and std per component], θ mean and std, training history,
 *       weights as named float arrays with shapes ({@link Params#write})
 * </pre>
 * Reading checks the magic, the version, the checksum, the settings (through the one settings
 * mechanism) and the weights' names and shapes against the network the settings build.
 */
final class DriftCodec {

    static final int MAGIC = 0x4F534946; // "OSIF"
    static final int VERSION = 3;
    /**
     * Version 1 held fmpe's earlier plain-MLP velocity network; versions 1 and 2 of the interpolant carried
     * θ as channels only and do not record {@code theta_head}: they read as {@code channels}. Version 3
     * records it.
     */
    static final int OLDEST = 1;
    static final int MAX_BODY = 1 << 30;

    private DriftCodec() {
    }

    /** Writes the estimator-specific part of a payload body. */
    private interface Part {
        void write(DataOutputStream o) throws IOException;
    }

    static void writeField(FieldPosterior post, OutputStream sink) throws IOException {
        write(sink, post.config, post.space, post.observable, o -> {
            spec(o, post.latent);
            doubles(o, post.fieldScale);
        }, post.thetaMean, post.thetaStd, post.history, post.drift.params);
    }

    static void writeVector(FmpePosterior post, OutputStream sink) throws IOException {
        write(sink, post.config, post.space, post.observable, o -> {
            doubles(o, post.xMean);
            doubles(o, post.xStd);
        }, post.thetaMean, post.thetaStd, post.history, post.drift.params);
    }

    private static void write(OutputStream sink, DriftConfig cfg, ParameterSpace space, ArraySpec observable, Part part,
            double[] thetaMean, double[] thetaStd, List<double[]> history, Params params) throws IOException {
        var buf = new ByteArrayOutputStream();
        var o = new DataOutputStream(buf);
        head(o, cfg, space, observable);
        part.write(o);
        doubles(o, thetaMean);
        doubles(o, thetaStd);
        history(o, history);
        Params.write(params.export(), o);
        Framed.write(sink, MAGIC, VERSION, buf.toByteArray());
    }

    private static void head(DataOutputStream o, DriftConfig cfg, ParameterSpace space, ArraySpec observable) throws IOException {
        o.writeUTF(cfg.estimator());
        Map<String, Object> v = cfg.values().values();
        o.writeInt(v.size());
        for (var e : v.entrySet()) {
            o.writeUTF(e.getKey());
            o.writeUTF(String.valueOf(e.getValue()));
        }
        o.writeInt(space.dimension());
        for (Parameter p : space.parameters()) {
            o.writeUTF(p.name());
            o.writeUTF(p.unit());
            o.writeUTF(p.latex());
            o.writeDouble(p.lower());
            o.writeDouble(p.upper());
        }
        spec(o, observable);
    }

    private static void spec(DataOutputStream o, ArraySpec a) throws IOException {
        o.writeUTF(a.name());
        int[] shape = a.shape();
        o.writeInt(shape.length);
        for (int s : shape) {
            o.writeInt(s);
        }
        o.writeUTF(a.unit());
        o.writeUTF(a.kind().name());
    }

    private static void doubles(DataOutputStream o, double[] v) throws IOException {
        o.writeInt(v.length);
        for (double d : v) {
            o.writeDouble(d);
        }
    }

    private static void history(DataOutputStream o, List<double[]> h) throws IOException {
        o.writeInt(h.size());
        for (double[] e : h) {
            o.writeDouble(e[0]);
            o.writeDouble(e[1]);
        }
    }

    /** Reads either estimator's payload; {@code expected} is the estimator asked to read it. */
    static Object read(InputStream in, String expected) throws IOException {
        Framed.Frame frame = Framed.read(in, "posterior payload of estimator " + expected, MAGIC, OLDEST, VERSION, MAX_BODY);
        byte[] body = frame.body();
        var i = new DataInputStream(new ByteArrayInputStream(body));
        try {
            String id = i.readUTF();
            if (!id.equals(expected)) {
                throw new IOException("this payload belongs to estimator " + id + ", not " + expected);
            }
            int ns = i.readInt();
            if (ns < 0 || ns > 1000) {
                throw new IOException("corrupt " + id + " payload: " + ns + " settings");
            }
            Map<String, Object> given = new LinkedHashMap<>();
            for (int k = 0; k < ns; k++) {
                given.put(i.readUTF(), i.readUTF());
            }
            if (frame.version() < 3 && id.equals(DriftConfig.INTERPOLANT)) {
                given.putIfAbsent("theta_head", FieldDrift.CHANNELS); // written before the bottleneck head existed
            }
            if (id.equals(DriftConfig.FMPE)) {
                // payloads written before these settings existed hold the network they then built
                given.putIfAbsent("time_features", "sinusoidal");
                given.putIfAbsent("velocity", "plain");
            }
            DriftConfig cfg;
            try {
                cfg = DriftConfig.of(id, given);
            } catch (IllegalArgumentException e) {
                throw new IOException("corrupt " + id + " payload: " + e.getMessage(), e);
            }
            int d = i.readInt();
            if (d < 1 || d > 10_000) {
                throw new IOException("corrupt " + id + " payload: " + d + " parameters");
            }
            List<Parameter> ps = new ArrayList<>();
            for (int k = 0; k < d; k++) {
                ps.add(new Parameter(i.readUTF(), i.readUTF(), i.readUTF(), i.readDouble(), i.readDouble()));
            }
            ParameterSpace space = new ParameterSpace(ps);
            ArraySpec obs = readSpec(i);
            if (id.equals(DriftConfig.INTERPOLANT)) {
                ArraySpec latent = readSpec(i);
                double[] scale = readDoubles(i, 4);
                double[] tm = readDoubles(i, d);
                double[] ts = readDoubles(i, d);
                List<double[]> h = readHistory(i);
                int grid = obs.shape()[0];
                FieldDrift drift = new FieldDrift(obs.shape(), d, cfg.schedule(), cfg.channels(grid), cfg.integer("time_width"),
                        cfg.integer("groups"), cfg.text("theta_head"), 0);
                try {
                    drift.params.load(Params.read(i));
                } catch (IllegalArgumentException e) {
                    throw new IOException("corrupt interpolant posterior payload: its weights do not fit the network of its settings"
                            + " (channels " + cfg.text("channels") + ", theta_head " + cfg.text("theta_head") + "): " + e.getMessage(), e);
                }
                return new FieldPosterior(cfg, space, obs, latent, drift, scale, tm, ts, h);
            }
            if (frame.version() < 2) {
                throw new IOException("this fmpe posterior was written by an earlier Orrery (payload version " + frame.version()
                        + ", a plain-MLP velocity network this version no longer builds): train it again");
            }
            double[] xm = readDoubles(i, obs.size());
            double[] xs = readDoubles(i, obs.size());
            double[] tm = readDoubles(i, d);
            double[] ts = readDoubles(i, d);
            List<double[]> h = readHistory(i);
            VectorDrift drift = new VectorDrift(d, obs.size(), cfg.integer("hidden"), cfg.integer("layers"),
                    cfg.integer("time_width"), cfg.text("time_features").equals("fourier"),
                    cfg.text("velocity").equals("gaussian_baseline"), 0);
            drift.params.load(Params.read(i));
            return new FmpePosterior(cfg, space, obs, drift, xm, xs, tm, ts, h);
        } catch (EOFException e) {
            throw new IOException("truncated " + expected + " posterior payload body", e);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt " + expected + " posterior payload: " + e.getMessage(), e);
        }
    }

    private static ArraySpec readSpec(DataInputStream i) throws IOException {
        String name = i.readUTF();
        int rank = i.readInt();
        if (rank < 1 || rank > 8) {
            throw new IOException("corrupt posterior payload: array " + name + " of rank " + rank);
        }
        int[] shape = new int[rank];
        for (int k = 0; k < rank; k++) {
            shape[k] = i.readInt();
        }
        String unit = i.readUTF();
        ArraySpec.Kind kind;
        try {
            kind = ArraySpec.Kind.valueOf(i.readUTF());
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt posterior payload: unknown array kind", e);
        }
        return new ArraySpec(name, shape, unit, kind);
    }

    private static double[] readDoubles(DataInputStream i, int expected) throws IOException {
        int n = i.readInt();
        if (n != expected) {
            throw new IOException("corrupt posterior payload: " + n + " values where " + expected + " belong");
        }
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = i.readDouble();
            if (!Double.isFinite(v[k])) {
                throw new IOException("corrupt posterior payload: a non-finite scale " + v[k]);
            }
        }
        return v;
    }

    private static List<double[]> readHistory(DataInputStream i) throws IOException {
        int n = i.readInt();
        if (n < 0 || n > 10_000_000) {
            throw new IOException("corrupt posterior payload: history of " + n + " epochs");
        }
        List<double[]> h = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            h.add(new double[] {i.readDouble(), i.readDouble()});
        }
        return h;
    }
}
