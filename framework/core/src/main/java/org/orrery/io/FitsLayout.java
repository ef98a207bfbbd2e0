package org.orrery.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HDU layout of a FITS file, read from its headers alone (2880-byte blocks of 80-character
 * cards) before any data is allocated: every HDU's declared data size is checked against what is
 * left of the file, so a truncated file or a 5 KB file whose header claims a 400-million-pixel
 * image is refused in milliseconds with one line, and nom-tam-fits only ever sees files whose
 * sizes are consistent. Random-groups HDUs (UVFITS) are sized by GCOUNT × (PCOUNT + NAXIS2 × …), so a
 * UVFITS reader that calls {@link #scan} first gets its group count checked against the file too.
 */
public final class FitsLayout {

    static final int BLOCK = 2880;
    private static final int CARD = 80;

    /** One HDU as its header declares it. */
    public record Hdu(int index, String extname, boolean image, boolean table, int bitpix, long[] naxis, long dataBytes,
            Map<String, String> cards) {

        /** Axes in Java/numpy order (slowest first), e.g. {@code [NAXIS2, NAXIS1]}. */
        public long[] shape() {
            long[] s = new long[naxis.length];
            for (int i = 0; i < naxis.length; i++) {
                s[i] = naxis[naxis.length - 1 - i];
            }
            return s;
        }

        public long values() {
            long n = naxis.length == 0 ? 0 : 1;
            for (long a : naxis) {
                n *= a; // overflow excluded by the size check in scan
            }
            return n;
        }

        public String card(String key) {
            return cards.get(key);
        }

        public int intCard(String key, int dflt) {
            String v = cards.get(key);
            try {
                return v == null ? dflt : Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                return dflt;
            }
        }
    }

    private FitsLayout() {
    }

    /** Scans every header of {@code file}; {@code what} names it in messages ("observation x.fits"). */
    public static List<Hdu> scan(Path file, String what) {
        long length = ReadLimits.length(file, what);
        List<Hdu> hdus = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long offset = 0;
            ByteBuffer block = ByteBuffer.allocate(BLOCK);
            while (offset < length) {
                if (hdus.size() >= ReadLimits.FITS_HDUS) {
                    throw new BadInputException(what + " has more than " + ReadLimits.FITS_HDUS + " HDUs (limit orrery.limit.fits-hdus)");
                }
                int index = hdus.size();
                if (index > 0 && length - offset < BLOCK) {
                    break; // trailing bytes shorter than a block: not an HDU (astropy ignores them too)
                }
                Map<String, String> cards = new LinkedHashMap<>();
                boolean end = false;
                int nCards = 0;
                long pos = offset;
                while (!end) {
                    block.clear();
                    int n = readFully(ch, block, pos);
                    if (n < BLOCK) {
                        if (index == 0 && pos == 0 && !startsWith(block, n, "SIMPLE")) {
                            throw new BadInputException(what + " is not a valid FITS file (no SIMPLE card)");
                        }
                        throw new BadInputException(what + " is truncated: the header of HDU " + index + " ends at byte "
                                + (pos + n) + " without an END card (the file has " + length + " bytes)");
                    }
                    if (pos == offset && !startsWith(block, BLOCK, index == 0 ? "SIMPLE" : "XTENSION")) {
                        if (index == 0) {
                            throw new BadInputException(what + " is not a valid FITS file (no SIMPLE card)");
                        }
                        break; // not an extension: trailing junk after the last HDU
                    }
                    pos += BLOCK;
                    byte[] a = block.array();
                    for (int c = 0; c < BLOCK / CARD && !end; c++) {
                        String card = new String(a, c * CARD, CARD, StandardCharsets.US_ASCII);
                        String key = card.substring(0, 8).trim().toUpperCase(Locale.ROOT);
                        if (key.equals("END")) {
                            end = true;
                        } else if (card.length() > 9 && card.charAt(8) == '=' && !cards.containsKey(key)) {
                            cards.put(key, value(card.substring(10)));
                        }
                        if (++nCards > ReadLimits.FITS_CARDS) {
                            throw new BadInputException(what + " has a header of more than " + ReadLimits.FITS_CARDS
                                    + " cards in HDU " + index + " (limit orrery.limit.fits-cards)");
                        }
                    }
                }
                if (!end) {
                    break;
                }
                Hdu hdu = hdu(index, cards, what);
                long padded = (hdu.dataBytes + BLOCK - 1) / BLOCK * BLOCK;
                long left = length - pos;
                if (hdu.dataBytes > left) {
                    throw new BadInputException(what + " is truncated or not what it declares: HDU " + index + " declares "
                            + hdu.dataBytes + " bytes of data" + describeShape(hdu) + " but only " + left
                            + " bytes follow its header (the file has " + length + ")");
                }
                if (padded > left) {
                    throw new BadInputException(what + " is truncated: HDU " + index + " needs " + (pos + padded)
                            + " bytes with its padding to a whole 2880-byte block, the file has " + length);
                }
                hdus.add(hdu);
                offset = pos + padded;
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read " + what + ": " + AtomicFiles.describe(e));
        }
        if (hdus.isEmpty()) {
            throw new BadInputException(what + " is not a valid FITS file (no HDU)");
        }
        return hdus;
    }

    private static String describeShape(Hdu h) {
        if (h.naxis.length == 0) {
            return "";
        }
        StringBuilder b = new StringBuilder(" (");
        long[] s = h.shape();
        for (int i = 0; i < s.length; i++) {
            b.append(i > 0 ? " x " : "").append(s[i]);
        }
        return b.append(h.image ? " pixels of BITPIX " + h.bitpix : " table bytes").append(")").toString();
    }

    private static Hdu hdu(int index, Map<String, String> cards, String what) {
        String xt = index == 0 ? "IMAGE" : unquote(cards.getOrDefault("XTENSION", "")).toUpperCase(Locale.ROOT);
        int bitpix = intOf(cards, "BITPIX", what, index);
        if (bitpix != 8 && bitpix != 16 && bitpix != 32 && bitpix != 64 && bitpix != -32 && bitpix != -64) {
            throw new BadInputException(what + " has BITPIX " + bitpix + " in HDU " + index + " (FITS allows 8, 16, 32, 64, -32, -64)");
        }
        int naxis = intOf(cards, "NAXIS", what, index);
        if (naxis < 0 || naxis > 999) {
            throw new BadInputException(what + " has NAXIS " + naxis + " in HDU " + index + " (FITS allows 0 to 999)");
        }
        long[] axes = new long[naxis];
        boolean groups = index == 0 && "T".equals(cards.get("GROUPS")) && naxis > 0;
        long count = naxis == 0 ? 0 : 1;
        try {
            for (int k = 0; k < naxis; k++) {
                axes[k] = longOf(cards, "NAXIS" + (k + 1), what, index);
                if (axes[k] < 0) {
                    throw new BadInputException(what + " has NAXIS" + (k + 1) + " = " + axes[k] + " in HDU " + index);
                }
                if (!(groups && k == 0)) {
                    count = Math.multiplyExact(count, axes[k]);
                }
            }
            long pcount = cards.containsKey("PCOUNT") ? longOf(cards, "PCOUNT", what, index) : 0;
            long gcount = cards.containsKey("GCOUNT") ? longOf(cards, "GCOUNT", what, index) : 1;
            if (pcount < 0 || gcount < 0) {
                throw new BadInputException(what + " has a negative PCOUNT or GCOUNT in HDU " + index);
            }
            long bytes = naxis == 0 ? 0
                    : Math.multiplyExact(Math.abs(bitpix) / 8L, Math.multiplyExact(gcount, Math.addExact(pcount, count)));
            String extname = cards.containsKey("EXTNAME") ? unquote(cards.get("EXTNAME")) : null;
            return new Hdu(index, extname, xt.equals("IMAGE") && !groups, xt.equals("BINTABLE"), bitpix, axes, bytes, cards);
        } catch (ArithmeticException e) {
            throw new BadInputException(what + " declares more data in HDU " + index + " than any file can hold (its sizes overflow)");
        }
    }

    private static int intOf(Map<String, String> cards, String key, String what, int index) {
        long v = longOf(cards, key, what, index);
        if (v != (int) v) {
            throw new BadInputException(what + " has " + key + " = " + v + " in HDU " + index);
        }
        return (int) v;
    }

    private static long longOf(Map<String, String> cards, String key, String what, int index) {
        String v = cards.get(key);
        if (v == null) {
            throw new BadInputException(what + " is not a valid FITS file: HDU " + index + " has no " + key + " card");
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new BadInputException(what + " has " + key + " = '" + v.trim() + "' in HDU " + index + ", not an integer");
        }
    }

    /** The value field of a card without its comment. */
    private static String value(String field) {
        String f = field.trim();
        if (f.startsWith("'")) {
            int close = 1;
            while (true) {
                int q = f.indexOf('\'', close);
                if (q < 0) {
                    return f;
                }
                if (q + 1 < f.length() && f.charAt(q + 1) == '\'') {
                    close = q + 2; // '' is an escaped quote
                    continue;
                }
                return f.substring(0, q + 1);
            }
        }
        int slash = f.indexOf('/');
        return (slash >= 0 ? f.substring(0, slash) : f).trim();
    }

    static String unquote(String v) {
        String s = v.trim();
        if (s.startsWith("'") && s.endsWith("'") && s.length() >= 2) {
            s = s.substring(1, s.length() - 1).replace("''", "'");
        }
        return s.trim();
    }

    private static boolean startsWith(ByteBuffer block, int n, String word) {
        byte[] a = block.array();
        if (n < word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (a[i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        int total = 0;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
