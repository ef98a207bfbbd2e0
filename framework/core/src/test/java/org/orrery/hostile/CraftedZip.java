package org.orrery.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes zip files byte by byte, so that a test can make what no honest writer makes: a 3 MB
 * entry that inflates to 3 GB (built in a fraction of a second from one repeated deflate block), or
 * a central directory that lies about an entry's size.
 */
final class CraftedZip {

    record Entry(String name, int method, long crc, byte[] data, long declaredSize, long repeatChunks, byte[] head,
            byte[] tail) {
        long compressedSize() {
            return head.length + (long) data.length * repeatChunks + tail.length;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    CraftedZip stored(String name, byte[] bytes) {
        CRC32 c = new CRC32();
        c.update(bytes);
        entries.add(new Entry(name, 0, c.getValue(), bytes, bytes.length, 1, new byte[0], new byte[0]));
        return this;
    }

    /**
     * A deflated entry of {@code megabytes} MiB of zeros, ~1 KB per MiB on disk; its central
     * directory declares {@code declaredSize} (the truth when negative).
     */
    CraftedZip zeros(String name, int megabytes, long declaredSize) {
        Deflater d = new Deflater(9, true);
        byte[] mib = new byte[1 << 20];
        byte[] first = chunk(d, mib);
        byte[] steady = chunk(d, mib); // from here on every MiB of zeros compresses to the same bytes
        byte[] again = chunk(d, mib);
        if (!java.util.Arrays.equals(steady, again)) {
            throw new IllegalStateException("deflate did not reach a steady state");
        }
        d.finish();
        byte[] end = new byte[64];
        int n = d.deflate(end);
        d.end();
        CRC32 c = new CRC32();
        for (int i = 0; i < megabytes; i++) {
            c.update(mib);
        }
        long size = (long) megabytes << 20;
        entries.add(new Entry(name, 8, c.getValue(), steady, declaredSize < 0 ? size : declaredSize, megabytes - 1L, first,
                java.util.Arrays.copyOf(end, n)));
        return this;
    }

    private static byte[] chunk(Deflater d, byte[] in) {
        d.setInput(in);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        byte[] b = new byte[65536];
        while (true) {
            int n = d.deflate(b, 0, b.length, Deflater.SYNC_FLUSH);
            o.write(b, 0, n);
            if (n < b.length && d.needsInput()) {
                return o.toByteArray();
            }
        }
    }

    void write(Path p) throws IOException {
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(p), 1 << 16)) {
            long offset = 0;
            long[] offsets = new long[entries.size()];
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                offsets[i] = offset;
                byte[] name = e.name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                ByteBuffer h = le(30 + name.length);
                h.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) e.method)
                        .putShort((short) 0).putShort((short) 0x21).putInt((int) e.crc).putInt((int) e.compressedSize())
                        .putInt((int) e.declaredSize).putShort((short) name.length).putShort((short) 0).put(name);
                out.write(h.array());
                out.write(e.head);
                for (long k = 0; k < e.repeatChunks; k++) {
                    out.write(e.data);
                }
                out.write(e.tail);
                offset += h.capacity() + e.compressedSize();
            }
            long cdStart = offset;
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                byte[] name = e.name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                ByteBuffer c = le(46 + name.length);
                c.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0).putShort((short) e.method)
                        .putShort((short) 0).putShort((short) 0x21).putInt((int) e.crc).putInt((int) e.compressedSize())
                        .putInt((int) e.declaredSize).putShort((short) name.length).putShort((short) 0).putShort((short) 0)
                        .putShort((short) 0).putShort((short) 0).putInt(0).putInt((int) offsets[i]).put(name);
                out.write(c.array());
                offset += c.capacity();
            }
            ByteBuffer end = le(22);
            end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
                    .putShort((short) entries.size()).putInt((int) (offset - cdStart)).putInt((int) cdStart).putShort((short) 0);
            out.write(end.array());
        }
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
