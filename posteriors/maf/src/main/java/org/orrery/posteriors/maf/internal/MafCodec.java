package org.orrery.posteriors.maf.internal;

import org.orrery.training.ZScore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.orrery.nn.Framed;
import org.orrery.data.ArraySpec;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;

/**
 * The MAF payload: a small big-endian binary format, no Java serialization.
 *
 * <pre>
 * int magic "OMAF" | int version | int length | length bytes of body | long CRC-32 of body
 * body: config, parameter space, observable, sizes d c h k, z-scoring of θ and x,
 *       hidden degrees, permutations, weights, training history
 * </pre>
 * Version 3 added the embedding network after the training history: an int flag, and when set the
 * spec (kind, input shape, summaries, channels, hidden, periodic, set size) and its weights as named
 * float arrays with shapes. x's z-scoring then has the observable's size while c is the number of
 * summaries.
 * Version 4 added the cnn's pool and input scaling (two strings) and power shells (an int) after the
 * embedding's set size; version 3 files read as mean pooling, per-voxel z-scoring and no shells.
 * Version 2 added the spline shape (int bins, double tail bound; 0 and 0 for the affine MAF) after
 * the config's clip norm; version 1 payloads (affine only) are still read.
 * Reading checks the magic, the version, the checksum and every size and value (finite weights,
 * permutations, zero masked weights) before anything is built.
 */
final class MafCodec {

    static final int MAGIC = 0x4F4D4146; // "OMAF"
    static final int VERSION = 4;
    /** The oldest version still read: version 1 lacks the spline shape and is always affine. */
    static final int OLDEST_VERSION = 1;
    /** Largest body accepted (a network far above any MAF worth training here). */
    static final int MAX_BODY = 512 << 20;

    private MafCodec() {
    }

    static void write(MafPosterior post, OutputStream sink) throws IOException {
        var buf = new ByteArrayOutputStream();
        var o = new DataOutputStream(buf);
        MafConfig cfg = post.config;
        o.writeInt(cfg.transforms());
        o.writeInt(cfg.hidden());
        o.writeInt(cfg.batchSize());
        o.writeDouble(cfg.learningRate());
        o.writeDouble(cfg.validationFraction());
        o.writeInt(cfg.patience());
        o.writeInt(cfg.maxEpochs());
        o.writeDouble(cfg.clipNorm());
        o.writeInt(cfg.bins());
        o.writeDouble(cfg.tailBound());
        o.writeInt(post.space.dimension());
        for (Parameter p : post.space.parameters()) {
            o.writeUTF(p.name());
            o.writeUTF(p.unit());
            o.writeUTF(p.latex());
            o.writeDouble(p.lower());
            o.writeDouble(p.upper());
        }
        ArraySpec obs = post.observable;
        o.writeUTF(obs.name());
        int[] shape = obs.shape();
        o.writeInt(shape.length);
        for (int s : shape) {
            o.writeInt(s);
        }
        o.writeUTF(obs.unit());
        o.writeUTF(obs.kind().name());
        MafNetwork net = post.net;
        o.writeInt(net.d);
        o.writeInt(net.c);
        o.writeInt(net.h);
        o.writeInt(net.k);
        doubles(o, post.theta.mean());
        doubles(o, post.theta.std());
        doubles(o, post.x.mean());
        doubles(o, post.x.std());
        for (int deg : net.hiddenDegrees) {
            o.writeInt(deg);
        }
        for (int[] p : net.perm) {
            for (int v : p) {
                o.writeInt(v);
            }
        }
        o.writeInt(post.params.length);
        doubles(o, post.params);
        TrainingHistory h = post.history;
        Embedding emb = post.embedding;
        o.writeInt(h.epochs());
        doubles(o, h.trainLoss());
        doubles(o, h.validationLoss());
        o.writeInt(h.bestEpoch());
        o.writeLong(h.steps());
        o.writeInt(emb == null ? 0 : 1);
        if (emb != null) {
            EmbeddingSpec e = emb.spec;
            o.writeUTF(e.kind());
            ints(o, e.inputShape());
            o.writeInt(e.summaries());
            ints(o, e.channels());
            o.writeInt(e.hidden());
            o.writeBoolean(e.periodic());
            o.writeInt(e.setSize());
            o.writeUTF(e.pool());
            o.writeUTF(e.input());
            o.writeInt(e.powerBins());
        }
        if (emb != null) {
            org.orrery.nn.Params.write(emb.weights(), o);
        }
        o.flush();
        frame(sink, MAGIC, VERSION, buf.toByteArray());
    }

    /** The framing of the MAF payload and the trainer's state: the one {@link Framed} frame. */
    static void frame(OutputStream sink, int magic, int version, byte[] body) throws IOException {
        Framed.write(sink, magic, version, body);
    }

    static MafPosterior read(InputStream source) throws IOException {
        Framed.Frame frame = Framed.read(source, "MAF posterior payload", MAGIC, OLDEST_VERSION, VERSION, MAX_BODY);
        byte[] body = frame.body();
        int version = frame.version();
        try {
            return parse(new DataInputStream(new ByteArrayInputStream(body)), body.length, version);
        } catch (EOFException e) {
            throw new IOException("corrupt MAF payload: body ends early", e);
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid MAF payload: " + e.getMessage(), e);
        }
    }

    private static MafPosterior parse(DataInputStream i, int bodyLength, int version) throws IOException {
        int transforms = i.readInt();
        int hidden = i.readInt();
        int batch = i.readInt();
        double lr = i.readDouble();
        double valFraction = i.readDouble();
        int patience = i.readInt();
        int maxEpochs = i.readInt();
        double clipNorm = i.readDouble();
        int bins = version >= 2 ? i.readInt() : 0;
        double tailBound = version >= 2 ? i.readDouble() : 0;
        var cfg = new MafConfig(transforms, hidden, batch, lr, valFraction, patience, maxEpochs, clipNorm, bins, tailBound);
        int dim = size(i.readInt(), "parameter count", 1, 10_000);
        List<Parameter> ps = new ArrayList<>(dim);
        for (int j = 0; j < dim; j++) {
            ps.add(new Parameter(i.readUTF(), i.readUTF(), i.readUTF(), i.readDouble(), i.readDouble()));
        }
        var space = new ParameterSpace(ps);
        String obsName = i.readUTF();
        int[] shape = new int[size(i.readInt(), "observable rank", 1, 16)];
        for (int j = 0; j < shape.length; j++) {
            shape[j] = i.readInt();
        }
        String unit = i.readUTF();
        ArraySpec.Kind kind;
        try {
            kind = ArraySpec.Kind.valueOf(i.readUTF());
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid MAF payload: unknown observable kind", e);
        }
        var obs = new ArraySpec(obsName, shape, unit, kind);
        int d = size(i.readInt(), "d", 1, 10_000);
        int c = size(i.readInt(), "c", 1, 100_000_000);
        int h = size(i.readInt(), "hidden", 1, 100_000);
        int k = size(i.readInt(), "transforms", 1, 10_000);
        // x's z-scoring has the observable's size; with an embedding (version 3, checked below) c is its summaries
        int cObs = obs.size();
        if (d != dim || h != cfg.hidden() || k != cfg.transforms() || (version < 3 && c != cObs)) {
            throw new IOException("invalid MAF payload: sizes disagree (d=" + d + " for " + dim + " parameters, c=" + c
                    + " for observable " + obs + ", hidden " + h + "/" + cfg.hidden() + ", transforms " + k + "/" + cfg.transforms() + ")");
        }
        long np = bins == 0 ? 2 : 3L * bins - 1;
        long expected = (long) k * (d * (long) h + c * (long) h + h + (long) h * h + h + np * h * d + np * d);
        if (expected * 8 > bodyLength) {
            throw new IOException("invalid MAF payload: " + expected + " weights cannot fit in " + bodyLength + " bytes");
        }
        var zt = new ZScore(doubles(i, d), doubles(i, d));
        var zx = new ZScore(doubles(i, cObs), doubles(i, cObs));
        int[] deg = new int[h];
        for (int j = 0; j < h; j++) {
            deg[j] = i.readInt();
        }
        int[][] perm = new int[k - 1][d];
        for (int[] p : perm) {
            for (int j = 0; j < d; j++) {
                p[j] = i.readInt();
            }
        }
        var net = new MafNetwork(d, c, h, k, deg, perm, MafNetwork.spline(bins, tailBound, h));
        int stored = i.readInt();
        if (stored != net.numParams()) {
            throw new IOException("invalid MAF payload: " + stored + " weights stored, the architecture needs " + net.numParams());
        }
        double[] params = doubles(i, stored);
        for (int j = 0; j < stored; j++) {
            if (!Double.isFinite(params[j])) {
                throw new IOException("invalid MAF payload: weight " + j + " is " + params[j]);
            }
            if (net.mask[j] == 0 && params[j] != 0) {
                throw new IOException("invalid MAF payload: weight " + j + " violates the autoregressive mask");
            }
        }
        int epochs = size(i.readInt(), "epoch count", 0, cfg.maxEpochs());
        double[] tl = doubles(i, epochs);
        double[] vl = doubles(i, epochs);
        var history = new TrainingHistory(tl, vl, i.readInt(), i.readLong());
        EmbeddingSpec espec = null;
        if (version >= 3) {
            int flag = i.readInt();
            if (flag != 0 && flag != 1) {
                throw new IOException("invalid MAF payload: embedding flag " + flag);
            }
            if (flag == 1) {
                String ekind = i.readUTF();
                int[] eshape = ints(i);
                int esum = i.readInt();
                int[] ech = ints(i);
                int ehid = i.readInt();
                boolean eper = i.readBoolean();
                int eset = i.readInt();
                espec = version >= 4
                        ? new EmbeddingSpec(ekind, eshape, esum, ech, ehid, eper, eset, i.readUTF(), i.readUTF(), i.readInt())
                        : new EmbeddingSpec(ekind, eshape, esum, ech, ehid, eper, eset);
            }
        }
        if (c != (espec == null ? cObs : espec.outputs()) || (espec != null && espec.inputSize() != cObs)) {
            throw new IOException("invalid MAF payload: c=" + c + " does not fit observable " + obs
                    + (espec == null ? "" : " through a " + espec.kind() + " embedding of " + espec.outputs() + " summaries"));
        }
        Embedding emb = null;
        if (espec != null) {
            emb = new Embedding(espec, 0);
            emb.load(org.orrery.nn.Params.read(i));
        }
        if (i.available() != 0) {
            throw new IOException("invalid MAF payload: " + i.available() + " unexpected trailing bytes");
        }
        return new MafPosterior(space, obs, cfg, net, params, zt, zx, history, emb);
    }

    private static void ints(DataOutputStream o, int[] a) throws IOException {
        o.writeInt(a.length);
        for (int v : a) {
            o.writeInt(v);
        }
    }

    private static int[] ints(DataInputStream i) throws IOException {
        int[] a = new int[size(i.readInt(), "list length", 0, 64)];
        for (int j = 0; j < a.length; j++) {
            a[j] = i.readInt();
        }
        return a;
    }

    private static int size(int v, String what, int min, int max) throws IOException {
        if (v < min || v > max) {
            throw new IOException("invalid MAF payload: " + what + " " + v + " outside [" + min + ", " + max + "]");
        }
        return v;
    }

    private static void doubles(DataOutputStream o, double[] a) throws IOException {
        for (double v : a) {
            o.writeDouble(v);
        }
    }

    private static double[] doubles(DataInputStream i, int n) throws IOException {
        double[] a = new double[n];
        for (int j = 0; j < n; j++) {
            a[j] = i.readDouble();
        }
        return a;
    }
}
