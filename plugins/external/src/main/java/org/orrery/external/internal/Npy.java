package org.orrery.external.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads NumPy {@code .npy} files (format 1.0–3.0) of float64/float32/int32/int64, C order, into doubles. */
final class Npy {

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([fi])([48])'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    record Array(int[] shape, double[] data) {
    }

    /** Reads the file, refusing anything larger than {@code maxValues} values. */
    static Array read(Path file, long maxValues) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, 12)).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, head, 0);
            head.flip();
            if (head.remaining() < 10 || (head.get(0) & 0xff) != 0x93 || head.get(1) != 'N' || head.get(2) != 'U'
                    || head.get(3) != 'M' || head.get(4) != 'P' || head.get(5) != 'Y') {
                throw new IOException("not a .npy file (no \\x93NUMPY magic)");
            }
            int major = head.get(6);
            long headerLen;
            int headerStart;
            if (major == 1) {
                headerLen = head.getShort(8) & 0xffff;
                headerStart = 10;
            } else if (major == 2 || major == 3) {
                if (head.remaining() < 12) {
                    throw new IOException("truncated .npy header");
                }
                headerLen = head.getInt(8) & 0xffffffffL;
                headerStart = 12;
            } else {
                throw new IOException("unsupported .npy version " + major);
            }
            if (headerLen > 65536 || headerStart + headerLen > size) {
                throw new IOException("bad .npy header length " + headerLen);
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            readFully(ch, hb, headerStart);
            String header = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Matcher d = DESCR.matcher(header);
            if (!d.find()) {
                throw new IOException("unsupported .npy dtype in " + header.strip() + " (write float64, float32, int32 or int64)");
            }
            Matcher f = FORTRAN.matcher(header);
            if (f.find() && f.group(1).equals("True")) {
                throw new IOException(".npy is in Fortran order; write it C-contiguous (np.ascontiguousarray)");
            }
            Matcher s = SHAPE.matcher(header);
            if (!s.find()) {
                throw new IOException(".npy header has no shape");
            }
            String[] parts = s.group(1).split(",");
            int[] shape = Arrays.stream(parts).map(String::strip).filter(p -> !p.isEmpty()).mapToInt(p -> {
                try {
                    return Integer.parseInt(p);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }).toArray();
            long n = 1;
            for (int e : shape) {
                if (e < 0) {
                    throw new IOException("bad .npy shape (" + s.group(1) + ")");
                }
                n *= e;
                if (n > maxValues) {
                    throw new IOException(".npy holds more than the " + maxValues + " values expected");
                }
            }
            ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            char type = d.group(2).charAt(0);
            int width = Integer.parseInt(d.group(3));
            long dataStart = headerStart + headerLen;
            long need = n * width;
            if (size - dataStart < need) {
                throw new IOException(".npy is truncated: " + (size - dataStart) + " data bytes for " + n + " values");
            }
            ByteBuffer data = ByteBuffer.allocate((int) need).order(order);
            readFully(ch, data, dataStart);
            data.flip();
            double[] out = new double[(int) n];
            for (int k = 0; k < n; k++) {
                out[k] = type == 'f' ? (width == 8 ? data.getDouble() : data.getFloat())
                        : (width == 8 ? data.getLong() : data.getInt());
            }
            return new Array(shape, out);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, pos);
            if (r < 0) {
                break;
            }
            pos += r;
        }
    }
}
