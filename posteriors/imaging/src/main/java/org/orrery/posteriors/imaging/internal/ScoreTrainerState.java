package org.orrery.posteriors.imaging.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.orrery.nn.Framed;
import org.orrery.nn.NamedArray;
import org.orrery.nn.Params;

/**
 * Everything {@link ScoreTrainer} needs to continue a run after epoch {@code epoch} as if it had not
 * stopped (the random stream's position is the number of finished steps, which the trainer replays).
 * A big-endian binary body in the project's framing ({@link Framed}: magic, version, length, CRC-32):
 *
 * <pre>
 * int magic "OSCK" | int version | int length | body | long CRC-32 of body
 * body: UTF settings fingerprint | int images | int pixels | int epoch | long optimiser steps | int skipped | int retried |
 *       epoch × double train loss | epoch × double validation loss |
 *       weights | AdamW moments | EMA weights | boolean has best | [best weights]   (each {@link Params#write})
 * </pre>
 * Reading checks the frame, that the state belongs to this run (same image count, grid and
 * settings), and the sizes; each failure is one line.
 */
record ScoreTrainerState(int images, int pixels, int epoch, long steps, int skipped, int retried, double[] trainLoss,
        double[] validationLoss, List<NamedArray> weights, List<NamedArray> optimiser, List<NamedArray> ema, List<NamedArray> best) {

    static final int MAGIC = 0x4F53434B; // "OSCK"
    static final int VERSION = 1;

    /** The settings a resumed run must share with the killed one (the epoch count may not change either: it sets the schedule). */
    static String fingerprint(ScoreTrainer.Config c) {
        return Arrays.toString(c.channels()) + "/" + c.temb() + "/" + c.groups() + "/" + c.sigmaMin() + "/" + c.sigmaMax() + "/" + c.batch() + "/"
                + c.stepsPerEpoch() + "/" + c.maxEpochs() + "/" + c.patience() + "/" + c.lr() + "/" + c.emaDecay() + "/" + c.seed();
    }

    byte[] encode(ScoreTrainer.Config cfg) {
        try {
            var buf = new ByteArrayOutputStream();
            var o = new DataOutputStream(buf);
            o.writeUTF(fingerprint(cfg));
            o.writeInt(images);
            o.writeInt(pixels);
            o.writeInt(epoch);
            o.writeLong(steps);
            o.writeInt(skipped);
            o.writeInt(retried);
            for (int e = 0; e < epoch; e++) {
                o.writeDouble(trainLoss[e]);
            }
            for (int e = 0; e < epoch; e++) {
                o.writeDouble(validationLoss[e]);
            }
            Params.write(weights, o);
            Params.write(optimiser, o);
            Params.write(ema, o);
            o.writeBoolean(best != null);
            if (best != null) {
                Params.write(best, o);
            }
            o.flush();
            var out = new ByteArrayOutputStream();
            Framed.write(out, MAGIC, VERSION, buf.toByteArray());
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the score-prior training state: " + e.getMessage(), e);
        }
    }

    static ScoreTrainerState decode(byte[] bytes, int images, int pixels, ScoreTrainer.Config cfg) {
        try {
            byte[] body = Framed.read(new ByteArrayInputStream(bytes), "score-prior checkpoint", MAGIC, VERSION, VERSION, Integer.MAX_VALUE).body();
            var b = new DataInputStream(new ByteArrayInputStream(body));
            String fp = b.readUTF();
            if (!fp.equals(fingerprint(cfg))) {
                throw bad("it was written with other training settings (" + fp + ", this run " + fingerprint(cfg) + ")");
            }
            int im = b.readInt();
            int px = b.readInt();
            if (im != images || px != pixels) {
                throw bad("it was written for " + im + " images of " + px + " pixels, this run has " + images + " of " + pixels);
            }
            int epoch = b.readInt();
            if (epoch < 1 || epoch > cfg.maxEpochs()) {
                throw bad("epoch " + epoch + " outside 1.." + cfg.maxEpochs());
            }
            long steps = b.readLong();
            int skipped = b.readInt();
            int retried = b.readInt();
            double[] tl = new double[epoch];
            double[] vl = new double[epoch];
            for (int e = 0; e < epoch; e++) {
                tl[e] = b.readDouble();
            }
            for (int e = 0; e < epoch; e++) {
                vl[e] = b.readDouble();
            }
            List<NamedArray> w = Params.read(b);
            List<NamedArray> opt = Params.read(b);
            List<NamedArray> ema = Params.read(b);
            List<NamedArray> best = b.readBoolean() ? Params.read(b) : null;
            if (b.available() != 0) {
                throw bad(b.available() + " bytes after the state");
            }
            return new ScoreTrainerState(im, px, epoch, steps, skipped, retried, tl, vl, w, opt, ema, best);
        } catch (EOFException e) {
            throw bad("it ends early");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot resume from the score-prior checkpoint: " + e.getMessage(), e);
        }
    }

    private static IllegalArgumentException bad(String why) {
        return new IllegalArgumentException("cannot resume from the score-prior checkpoint: " + why);
    }
}
