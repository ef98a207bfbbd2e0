package org.orrery.posteriors.maf.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.zip.CRC32;
import org.orrery.nn.NamedArray;
import org.orrery.nn.Params;
import org.orrery.training.Adam;

/**
 * Everything {@link MafTrainer} needs to continue a run after epoch {@code epoch} exactly as if it
 * had not stopped. Encoded as a big-endian binary body with sizes checked on reading and a CRC-32
 * (no Java serialisation):
 *
 * <pre>
 * int magic "OMCK" | int version | int length | body | long CRC-32 of body
 * body: estimator, n, nTrain, epoch, steps, best validation loss, best epoch, epochs since best,
 *       random-stream state, minibatch order, loss histories, weights, best weights, Adam (steps, m, v),
 *       embedding flag [weights, best weights, optimiser moments, optimiser steps]
 * </pre>
 */
record TrainerState(String estimator, int n, int nTrain, int epoch, long steps, double bestValidation, int bestEpoch,
        int since, byte[] random, int[] trainOrder, double[] trainLoss, double[] validationLoss, double[] params,
        double[] best, Adam.State adam, List<NamedArray> embedding, List<NamedArray> bestEmbedding,
        List<NamedArray> embeddingOptimiser, long embeddingSteps) {

    static final int MAGIC = 0x4F4D434B; // "OMCK"
    static final int VERSION = 1;

    byte[] encode() {
        try {
            var buf = new ByteArrayOutputStream();
            var o = new DataOutputStream(buf);
            o.writeUTF(estimator);
            o.writeInt(n);
            o.writeInt(nTrain);
            o.writeInt(epoch);
            o.writeLong(steps);
            o.writeDouble(bestValidation);
            o.writeInt(bestEpoch);
            o.writeInt(since);
            o.writeInt(random.length);
            o.write(random);
            for (int i : trainOrder) {
                o.writeInt(i);
            }
            doubles(o, trainLoss);
            doubles(o, validationLoss);
            doubles(o, params);
            doubles(o, best);
            o.writeLong(adam.steps());
            doubles(o, adam.first()[0]);
            doubles(o, adam.second()[0]);
            o.writeBoolean(embedding != null);
            if (embedding != null) {
                Params.write(embedding, o);
                Params.write(bestEmbedding, o);
                Params.write(embeddingOptimiser, o);
                o.writeLong(embeddingSteps);
            }
            o.flush();
            byte[] body = buf.toByteArray();
            var out = new ByteArrayOutputStream(body.length + 20);
            MafCodec.frame(out, MAGIC, VERSION, body);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the training state: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a state and checks it belongs to this training run: same estimator, same number of
     * simulations and split, same network size (and an embedding exactly when this run has one).
     */
    static TrainerState decode(byte[] bytes, String estimator, int n, int nTrain, int np, int maxEpochs, Embedding emb) {
        try {
            var h = new DataInputStream(new ByteArrayInputStream(bytes));
            if (bytes.length < 20 || h.readInt() != MAGIC) {
                throw bad("it is not an Orrery MAF/NSF training state");
            }
            int version = h.readInt();
            if (version != VERSION) {
                throw bad("training-state version " + version + ", this Orrery reads " + VERSION);
            }
            int len = h.readInt();
            if (len < 0 || len != bytes.length - 20) {
                throw bad("its body declares " + len + " bytes, the state holds " + (bytes.length - 20));
            }
            byte[] body = h.readNBytes(len);
            var crc = new CRC32();
            crc.update(body);
            if (crc.getValue() != h.readLong()) {
                throw bad("its checksum does not match (corrupt)");
            }
            var i = new DataInputStream(new ByteArrayInputStream(body));
            String est = i.readUTF();
            int sn = i.readInt();
            int snTrain = i.readInt();
            if (!est.equals(estimator) || sn != n || snTrain != nTrain) {
                throw bad("it is a state of " + est + " on " + sn + " simulations (" + snTrain + " for training); this run is "
                        + estimator + " on " + n + " (" + nTrain + ")");
            }
            int epoch = i.readInt();
            if (epoch < 0 || epoch > maxEpochs) {
                throw bad("epoch " + epoch + " is outside [0, max_epochs " + maxEpochs + "]");
            }
            long steps = i.readLong();
            double bestVal = i.readDouble();
            int bestEpoch = i.readInt();
            int since = i.readInt();
            int rl = i.readInt();
            if (rl < 0 || rl > 4096) {
                throw bad("random-stream state of " + rl + " bytes");
            }
            byte[] random = i.readNBytes(rl);
            int[] order = new int[nTrain];
            boolean[] seen = new boolean[nTrain];
            for (int k = 0; k < nTrain; k++) {
                order[k] = i.readInt();
                if (order[k] < 0 || order[k] >= nTrain || seen[order[k]]) {
                    throw bad("its minibatch order is not a permutation of the training rows");
                }
                seen[order[k]] = true;
            }
            double[] tl = doubles(i, epoch);
            double[] vl = doubles(i, epoch);
            double[] p = doubles(i, np);
            double[] best = doubles(i, np);
            long adamSteps = i.readLong();
            double[] m = doubles(i, np);
            double[] v = doubles(i, np);
            boolean hasEmb = i.readBoolean();
            if (hasEmb != (emb != null)) {
                throw bad(hasEmb ? "it has an embedding network, this run has none" : "it has no embedding network, this run has one");
            }
            List<NamedArray> ew = null;
            List<NamedArray> eb = null;
            List<NamedArray> eo = null;
            long es = 0;
            if (hasEmb) {
                ew = Params.read(i);
                eb = Params.read(i);
                eo = Params.read(i);
                es = i.readLong();
            }
            if (i.available() != 0) {
                throw bad(i.available() + " bytes left over after the state");
            }
            return new TrainerState(est, sn, snTrain, epoch, steps, bestVal, bestEpoch, since, random, order, tl, vl, p, best,
                    new Adam.State(adamSteps, new double[][] {m}, new double[][] {v}), ew, eb, eo, es);
        } catch (IOException e) {
            throw bad("it ends early or is malformed (" + e.getMessage() + ")");
        }
    }

    private static IllegalArgumentException bad(String why) {
        return new IllegalArgumentException("cannot resume from the checkpoint: " + why);
    }

    private static void doubles(DataOutputStream o, double[] a) throws IOException {
        o.writeInt(a.length);
        for (double v : a) {
            o.writeDouble(v);
        }
    }

    private static double[] doubles(DataInputStream in, int expected) throws IOException {
        int len = in.readInt();
        if (len != expected) {
            throw bad("an array holds " + len + " values where this run has " + expected);
        }
        double[] a = new double[len];
        for (int k = 0; k < len; k++) {
            a[k] = in.readDouble();
        }
        return a;
    }
}
