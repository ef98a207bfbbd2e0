package org.orrery.nn;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.CRC32;

/**
 * The one framing of Orrery's binary model payloads (posterior payloads, trainer states, score
 * priors): {@code int magic | int version | int length | length bytes of body | long CRC-32 of body},
 * big-endian. Reading checks each part before the body is parsed, so a foreign, damaged or truncated
 * payload costs a one-line {@link IOException} naming what it should have been, never the heap.
 */
public final class Framed {

    private Framed() {
    }

    /** A checked frame: the payload's format version and its body. */
    public record Frame(int version, byte[] body) {
    }

    public static void write(OutputStream sink, int magic, int version, byte[] body) throws IOException {
        var crc = new CRC32();
        crc.update(body);
        var out = new DataOutputStream(sink);
        out.writeInt(magic);
        out.writeInt(version);
        out.writeInt(body.length);
        out.write(body);
        out.writeLong(crc.getValue());
        out.flush();
    }

    /**
     * Reads and checks one frame.
     *
     * @param what    what the bytes should be, for messages (e.g. "MAF posterior payload")
     * @param oldest  the oldest version this build reads
     * @param newest  the newest version this build reads
     * @param maxBody the largest body accepted, in bytes
     */
    public static Frame read(InputStream source, String what, int magic, int oldest, int newest, int maxBody)
            throws IOException {
        var in = new DataInputStream(source);
        try {
            int m = in.readInt();
            if (m != magic) {
                throw new IOException(String.format("not a %s (magic 0x%08X, expected 0x%08X)", what, m, magic));
            }
            int version = in.readInt();
            if (version < oldest || version > newest) {
                throw new IOException(what + " version " + version + " is not supported; this build reads "
                        + (oldest == newest ? "version " + newest : "versions " + oldest + " to " + newest));
            }
            int len = in.readInt();
            if (len < 0 || len > maxBody) {
                throw new IOException("corrupt " + what + ": body length " + len);
            }
            byte[] body = in.readNBytes(len);
            if (body.length != len) {
                throw new IOException("truncated " + what + ": " + body.length + " of " + len + " bytes");
            }
            long stored = in.readLong();
            var crc = new CRC32();
            crc.update(body);
            if (crc.getValue() != stored) {
                throw new IOException("corrupt " + what + ": checksum mismatch (stored " + Long.toHexString(stored)
                        + ", computed " + Long.toHexString(crc.getValue()) + ")");
            }
            return new Frame(version, body);
        } catch (EOFException e) {
            throw new IOException("truncated " + what, e);
        }
    }
}
