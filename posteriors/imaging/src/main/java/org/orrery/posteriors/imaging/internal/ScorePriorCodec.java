package org.orrery.posteriors.imaging.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.orrery.nn.Framed;
import org.orrery.nn.NamedArray;
import org.orrery.nn.Params;

/**
 * The score-prior file ({@code .oscp}): a small big-endian binary format, no Java serialisation.
 *
 * <pre>
 * int magic "OSCP" | int version | int length | length bytes of body | long CRC-32 of body
 * body (version 1): UTF provenance (what it was trained on, seed, steps) | int ny | int nx | double fov_uas |
 *       int levels | levels × int channels | int temb | int groups | double sigma_min | double sigma_max |
 *       double scale (Jy/pixel per unit) | double flux_jy | int pixels | pixels × float mean image (units of scale) |
 *       weights as named float arrays with shapes ({@link Params#write})
 * </pre>
 * Reading checks the magic, the version, the body length, the checksum, every size, and that every
 * weight is finite, before a network is built; each failure is one line naming what is wrong.
 */
final class ScorePriorCodec {

    static final int MAGIC = 0x4F534350; // "OSCP"
    static final int VERSION = 1;
    static final int MAX_BODY = 256 << 20;

    /** A read file: the network's shape and scaling, its weights and how it was made. */
    record Contents(ScoreNet.Config config, float[] mean, List<NamedArray> weights, String provenance) {
    }

    private ScorePriorCodec() {
    }

    static void write(ScoreNet.Config c, float[] mean, List<NamedArray> weights, String provenance, OutputStream sink) throws IOException {
        var buf = new ByteArrayOutputStream();
        var o = new DataOutputStream(buf);
        o.writeUTF(provenance);
        o.writeInt(c.ny());
        o.writeInt(c.nx());
        o.writeDouble(c.fovUas());
        o.writeInt(c.channels().length);
        for (int ch : c.channels()) {
            o.writeInt(ch);
        }
        o.writeInt(c.temb());
        o.writeInt(c.groups());
        o.writeDouble(c.sigmaMin());
        o.writeDouble(c.sigmaMax());
        o.writeDouble(c.scale());
        o.writeDouble(c.fluxJy());
        o.writeInt(mean.length);
        for (float f : mean) {
            o.writeFloat(f);
        }
        Params.write(weights, o);
        o.flush();
        Framed.write(sink, MAGIC, VERSION, buf.toByteArray());
    }

    static Contents read(InputStream source, String name) throws IOException {
        byte[] body = Framed.read(source, "score-prior file (" + name + ")", MAGIC, VERSION, VERSION, MAX_BODY).body();
        try {
            var b = new DataInputStream(new ByteArrayInputStream(body));
            String provenance = b.readUTF();
            int ny = b.readInt();
            int nx = b.readInt();
            double fov = b.readDouble();
            int levels = b.readInt();
            if (ny < 1 || nx < 1 || ny > 4096 || nx > 4096 || levels < 1 || levels > 8) {
                throw new IOException(name + ": corrupt score-prior file: image " + ny + "x" + nx + ", " + levels + " levels");
            }
            int[] ch = new int[levels];
            for (int i = 0; i < levels; i++) {
                ch[i] = b.readInt();
                if (ch[i] < 1 || ch[i] > 4096) {
                    throw new IOException(name + ": corrupt score-prior file: " + ch[i] + " channels");
                }
            }
            int temb = b.readInt();
            int groups = b.readInt();
            double smin = b.readDouble();
            double smax = b.readDouble();
            double scale = b.readDouble();
            double flux = b.readDouble();
            ScoreNet.Config config;
            try {
                config = new ScoreNet.Config(ny, nx, fov, ch, temb, groups, smin, smax, scale, flux);
            } catch (IllegalArgumentException e) {
                throw new IOException(name + ": corrupt score-prior file: " + e.getMessage(), e);
            }
            int np = b.readInt();
            if (np != config.pixels()) {
                throw new IOException(name + ": corrupt score-prior file: mean image of " + np + " pixels for " + ny + "x" + nx);
            }
            float[] mean = new float[np];
            for (int p = 0; p < np; p++) {
                mean[p] = b.readFloat();
                if (!Float.isFinite(mean[p])) {
                    throw new IOException(name + ": corrupt score-prior file: mean image holds " + mean[p]);
                }
            }
            List<NamedArray> w = Params.read(b);
            for (NamedArray a : w) {
                for (float f : a.data()) {
                    if (!Float.isFinite(f)) {
                        throw new IOException(name + ": corrupt score-prior file: weight " + a.name() + " holds " + f);
                    }
                }
            }
            if (b.available() != 0) {
                throw new IOException(name + ": corrupt score-prior file: " + b.available() + " bytes after the weights");
            }
            return new Contents(config, mean, w, provenance);
        } catch (EOFException e) {
            throw new IOException(name + ": corrupt score-prior file: body ends early", e);
        }
    }
}
