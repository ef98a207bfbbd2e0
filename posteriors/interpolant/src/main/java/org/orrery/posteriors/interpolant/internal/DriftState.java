package org.orrery.posteriors.interpolant.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import org.orrery.nn.Framed;
import org.orrery.nn.NamedArray;
import org.orrery.nn.Params;

/**
 * Everything {@link DriftTrainer} needs to continue a run after {@code epoch} completed epochs exactly
 * as if it had not stopped, for both drift estimators. Big-endian binary in the one payload framing
 * ({@link Framed}: magic "OSIK", version, length, body, CRC-32); no Java serialisation.
 * <pre>
 * body: UTF estimator, n, nTrain, epoch, optimiser steps, skipped steps, best epoch (0-based, −1 none),
 *       random-stream state, minibatch order (a permutation of 0 … nTrain−1),
 *       (train, validation) loss per epoch, weights, optimiser moments, [EMA weights], [best weights]
 * </pre>
 */
record DriftState(String estimator, int n, int nTrain, int epoch, long steps, long skipped, int bestEpoch, byte[] random,
        int[] order, List<double[]> history, List<NamedArray> weights, List<NamedArray> moments, List<NamedArray> ema,
        List<NamedArray> best) {

    static final int MAGIC = 0x4F53494B; // "OSIK"
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
            o.writeLong(skipped);
            o.writeInt(bestEpoch);
            o.writeInt(random.length);
            o.write(random);
            for (int i : order) {
                o.writeInt(i);
            }
            for (double[] h : history) {
                o.writeDouble(h[0]);
                o.writeDouble(h[1]);
            }
            Params.write(weights, o);
            Params.write(moments, o);
            optional(o, ema);
            optional(o, best);
            o.flush();
            var out = new ByteArrayOutputStream();
            Framed.write(out, MAGIC, VERSION, buf.toByteArray());
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the " + estimator + " training state: " + e.getMessage(), e);
        }
    }

    private static void optional(DataOutputStream o, List<NamedArray> a) throws IOException {
        o.writeBoolean(a != null);
        if (a != null) {
            Params.write(a, o);
        }
    }

    /**
     * Reads a state and checks that it belongs to this run: the same estimator on the same number of
     * simulations and split, at most {@code maxEpochs} epochs. Weight names and shapes are checked when
     * they are loaded into the network. Refusals name what differs, in one line.
     */
    static DriftState decode(byte[] bytes, String estimator, int n, int nTrain, int maxEpochs) {
        try {
            byte[] body = Framed.read(new ByteArrayInputStream(bytes), estimator + " training state", MAGIC, VERSION, VERSION,
                    Integer.MAX_VALUE).body();
            var i = new DataInputStream(new ByteArrayInputStream(body));
            String est = i.readUTF();
            int sn = i.readInt();
            int snTrain = i.readInt();
            if (!est.equals(estimator) || sn != n || snTrain != nTrain) {
                throw bad("it is a state of " + est + " on " + sn + " simulations (" + snTrain + " for training); this run is "
                        + estimator + " on " + n + " (" + nTrain + ")");
            }
            int epoch = i.readInt();
            if (epoch < 1 || epoch > maxEpochs) {
                throw bad("epoch " + epoch + " is outside [1, max_epochs " + maxEpochs + "]");
            }
            long steps = i.readLong();
            long skipped = i.readLong();
            int bestEpoch = i.readInt();
            if (steps < 0 || skipped < 0 || bestEpoch < -1 || bestEpoch >= epoch) {
                throw bad("step counts " + steps + ", " + skipped + " or best epoch " + bestEpoch + " out of range");
            }
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
            List<double[]> history = new java.util.ArrayList<>(epoch);
            for (int k = 0; k < epoch; k++) {
                history.add(new double[] {i.readDouble(), i.readDouble()});
            }
            List<NamedArray> weights = Params.read(i);
            List<NamedArray> moments = Params.read(i);
            List<NamedArray> ema = i.readBoolean() ? Params.read(i) : null;
            List<NamedArray> best = i.readBoolean() ? Params.read(i) : null;
            if ((best == null) != (bestEpoch < 0)) {
                throw bad("best weights and best epoch " + bestEpoch + " disagree");
            }
            if (i.available() != 0) {
                throw bad(i.available() + " bytes left over after the state");
            }
            return new DriftState(est, sn, snTrain, epoch, steps, skipped, bestEpoch, random, order, history, weights, moments,
                    ema, best);
        } catch (EOFException e) {
            throw bad("it ends early");
        } catch (IOException e) {
            throw bad(e.getMessage());
        }
    }

    private static IllegalArgumentException bad(String why) {
        return new IllegalArgumentException("cannot resume from the checkpoint: " + why);
    }
}
