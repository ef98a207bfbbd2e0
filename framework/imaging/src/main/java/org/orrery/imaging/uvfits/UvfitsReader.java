package org.orrery.imaging.uvfits;

import java.io.DataInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.fits.Fits;
import nom.tam.fits.BasicHDU;
import nom.tam.util.FitsFile;
import org.orrery.imaging.Visibilities;

/**
 * Reads the Stokes I visibilities of a UVFITS file (random groups; the layout of the EHT 2017
 * data products, see {@code shared/data/eht2017/README.md}).
 *
 * <ul>
 *   <li>u, v: the UU/VV group parameters (light seconds after PSCAL/PZERO) times the reference
 *       frequency of the FREQ axis, in float64 (this reproduces the EHT text files digit for digit);</li>
 *   <li>time: (DATE + DATE) − the Julian date of 0 h UTC of the first record's day, in hours;</li>
 *   <li>stations: BASELINE = 256·a1 + a2, station numbers mapped to names by the AIPS AN table's
 *       NOSTA and ANNAME columns;</li>
 *   <li>Stokes I = (RR + LL)/2 with σ = ½√(σ_RR² + σ_LL²), σ = 1/√weight; a record with only one of
 *       RR/LL unflagged uses that one with its σ; RL and LR are never read; a record with both
 *       flagged (weight ≤ 0, NaN or ∞) is skipped.</li>
 * </ul>
 * Every declared size is checked against the file length before anything is allocated.
 */
public final class UvfitsReader {

    private static final int BLOCK = 2880;

    private UvfitsReader() {
    }

    /** Reads {@code file}; throws {@link UvfitsException} with a one-line cause on bad input. */
    public static Visibilities read(Path file) {
        long length;
        try {
            length = Files.size(file);
        } catch (IOException e) {
            throw new UvfitsException("cannot read " + file + ": " + e.getMessage());
        }
        checkSignature(file, length);
        Header primary;
        long headerBytes;
        try (FitsFile in = new FitsFile(file.toFile(), "r")) {
            primary = Header.readHeader(in);
            headerBytes = padded(primary.getNumberOfPhysicalCards() * 80L);
        } catch (IOException | RuntimeException e) {
            throw new UvfitsException(file + " is not a readable FITS file: " + e.getMessage());
        }
        if (!primary.getBooleanValue("GROUPS", false) || primary.getIntValue("NAXIS1", -1) != 0) {
            throw new UvfitsException(file + " is not a UVFITS file: its primary HDU holds no random groups (GROUPS = T, NAXIS1 = 0)");
        }
        int bitpix = primary.getIntValue("BITPIX");
        if (bitpix != -32 && bitpix != -64) {
            throw new UvfitsException(file + ": BITPIX " + bitpix + " is not supported (only -32 and -64)");
        }
        int naxis = primary.getIntValue("NAXIS");
        long perGroup = 1;
        Map<String, Integer> axisOf = new HashMap<>();
        for (int a = 2; a <= naxis; a++) {
            int n = primary.getIntValue("NAXIS" + a, -1);
            if (n <= 0) {
                throw new UvfitsException(file + ": NAXIS" + a + " = " + n + " must be > 0");
            }
            perGroup = Math.multiplyExact(perGroup, n);
            axisOf.put(primary.getStringValue("CTYPE" + a, "").trim().toUpperCase(Locale.ROOT), a);
        }
        int pcount = primary.getIntValue("PCOUNT", -1);
        long gcount = primary.getLongValue("GCOUNT", -1);
        if (pcount <= 0 || gcount <= 0) {
            throw new UvfitsException(file + ": PCOUNT " + pcount + " and GCOUNT " + gcount + " must both be > 0");
        }
        int bytes = Math.abs(bitpix) / 8;
        long groupValues = pcount + perGroup;
        long dataBytes;
        try {
            dataBytes = Math.multiplyExact(Math.multiplyExact(groupValues, gcount), bytes);
        } catch (ArithmeticException e) {
            throw new UvfitsException(file + ": declared data size overflows (GCOUNT " + gcount + ")");
        }
        if (headerBytes + dataBytes > length) {
            throw new UvfitsException(file + " is truncated: its header declares " + (headerBytes + dataBytes)
                    + " bytes of header and groups, the file has " + length);
        }
        if (gcount > Integer.MAX_VALUE / 8) {
            throw new UvfitsException(file + ": GCOUNT " + gcount + " is too large");
        }
        Integer complexAxis = axisOf.get("COMPLEX");
        Integer stokesAxis = axisOf.get("STOKES");
        Integer freqAxis = axisOf.get("FREQ");
        if (complexAxis == null || stokesAxis == null || freqAxis == null || complexAxis != 2) {
            throw new UvfitsException(file + ": expected data axes COMPLEX (first), STOKES and FREQ, found " + axisOf.keySet());
        }
        if (primary.getIntValue("NAXIS2") < 3) {
            throw new UvfitsException(file + ": the COMPLEX axis needs real, imaginary and weight (NAXIS2 = "
                    + primary.getIntValue("NAXIS2") + ")");
        }
        for (var e : axisOf.entrySet()) {
            if (!e.getKey().equals("COMPLEX") && !e.getKey().equals("STOKES") && primary.getIntValue("NAXIS" + e.getValue()) != 1) {
                throw new UvfitsException(file + ": axis " + e.getKey() + " has " + primary.getIntValue("NAXIS" + e.getValue())
                        + " entries; only data averaged to one IF and channel are supported");
            }
        }
        int rr = stokesIndex(primary, stokesAxis, -1);
        int ll = stokesIndex(primary, stokesAxis, -2);
        if (rr < 0 && ll < 0) {
            throw new UvfitsException(file + ": the STOKES axis has neither RR nor LL");
        }
        int nComplex = primary.getIntValue("NAXIS2");
        double frequency = primary.getDoubleValue("CRVAL" + freqAxis);
        if (!(frequency > 0)) {
            throw new UvfitsException(file + ": the FREQ axis reference value " + frequency + " must be > 0 Hz");
        }
        // group parameters
        int iu = -1;
        int iv = -1;
        int ibl = -1;
        List<Integer> dates = new ArrayList<>();
        double[] pscal = new double[pcount];
        double[] pzero = new double[pcount];
        for (int p = 0; p < pcount; p++) {
            String type = primary.getStringValue("PTYPE" + (p + 1), "").trim().toUpperCase(Locale.ROOT);
            pscal[p] = primary.getDoubleValue("PSCAL" + (p + 1), 1.0);
            pzero[p] = primary.getDoubleValue("PZERO" + (p + 1), 0.0);
            if (type.startsWith("UU")) {
                iu = p;
            } else if (type.startsWith("VV")) {
                iv = p;
            } else if (type.equals("BASELINE")) {
                ibl = p;
            } else if (type.equals("DATE")) {
                dates.add(p);
            }
        }
        if (iu < 0 || iv < 0 || ibl < 0 || dates.isEmpty()) {
            throw new UvfitsException(file + ": random-group parameters must include UU, VV, BASELINE and DATE");
        }
        Map<Integer, String> names = antennaNames(file);

        int n = (int) gcount;
        double[] time = new double[n];
        int[] a1 = new int[n];
        int[] a2 = new int[n];
        double[] u = new double[n];
        double[] v = new double[n];
        double[] re = new double[n];
        double[] im = new double[n];
        double[] sigma = new double[n];
        int kept = 0;
        double jd0 = Double.NaN;
        double[] par = new double[pcount];
        double[] dat = new double[(int) perGroup];
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            in.skipNBytes(headerBytes);
            for (int g = 0; g < n; g++) {
                for (int p = 0; p < pcount; p++) {
                    par[p] = (bitpix == -32 ? in.readFloat() : in.readDouble()) * pscal[p] + pzero[p];
                }
                for (int d = 0; d < dat.length; d++) {
                    dat[d] = bitpix == -32 ? in.readFloat() : in.readDouble();
                }
                double wR = rr >= 0 ? dat[rr * nComplex + 2] : 0;
                double wL = ll >= 0 ? dat[ll * nComplex + 2] : 0;
                boolean okR = wR > 0 && Double.isFinite(wR) && Double.isFinite(dat[rr * nComplex]) && Double.isFinite(dat[rr * nComplex + 1]);
                boolean okL = wL > 0 && Double.isFinite(wL) && Double.isFinite(dat[ll * nComplex]) && Double.isFinite(dat[ll * nComplex + 1]);
                if (!okR && !okL) {
                    continue;
                }
                if (okR && okL) {
                    re[kept] = (dat[rr * nComplex] + dat[ll * nComplex]) / 2;
                    im[kept] = (dat[rr * nComplex + 1] + dat[ll * nComplex + 1]) / 2;
                    sigma[kept] = 0.5 * Math.sqrt(1 / wR + 1 / wL);
                } else {
                    int s = okR ? rr : ll;
                    re[kept] = dat[s * nComplex];
                    im[kept] = dat[s * nComplex + 1];
                    sigma[kept] = 1 / Math.sqrt(okR ? wR : wL);
                }
                double jd = 0;
                for (int p : dates) {
                    jd += par[p];
                }
                if (Double.isNaN(jd0)) {
                    jd0 = Math.floor(jd - 0.5) + 0.5;
                }
                time[kept] = (jd - jd0) * 24;
                int bl = (int) par[ibl];
                a1[kept] = bl / 256;
                a2[kept] = bl % 256;
                u[kept] = par[iu] * frequency;
                v[kept] = par[iv] * frequency;
                if (!names.containsKey(a1[kept]) || !names.containsKey(a2[kept])) {
                    throw new UvfitsException(file + ": group " + (g + 1) + " has baseline " + bl
                            + " but the antenna table has no station " + (names.containsKey(a1[kept]) ? a2[kept] : a1[kept]));
                }
                kept++;
            }
        } catch (IOException e) {
            throw new UvfitsException("cannot read the groups of " + file + ": " + e.getMessage());
        }
        if (kept == 0) {
            throw new UvfitsException(file + ": all " + n + " records are flagged (no RR or LL with weight > 0)");
        }
        // station list: those used, in station-number order
        List<Integer> used = new ArrayList<>();
        for (int k = 0; k < kept; k++) {
            if (!used.contains(a1[k])) {
                used.add(a1[k]);
            }
            if (!used.contains(a2[k])) {
                used.add(a2[k]);
            }
        }
        used.sort(null);
        List<String> stations = new ArrayList<>();
        for (int num : used) {
            stations.add(names.get(num));
        }
        int[] s1 = new int[kept];
        int[] s2 = new int[kept];
        for (int k = 0; k < kept; k++) {
            s1[k] = used.indexOf(a1[k]);
            s2[k] = used.indexOf(a2[k]);
        }
        String source = primary.getStringValue("OBJECT", "").trim();
        double mjd = jd0 - 2400000.5;
        return new Visibilities(source, frequency, mjd, stations, java.util.Arrays.copyOf(time, kept), s1, s2,
                java.util.Arrays.copyOf(u, kept), java.util.Arrays.copyOf(v, kept), java.util.Arrays.copyOf(re, kept),
                java.util.Arrays.copyOf(im, kept), java.util.Arrays.copyOf(sigma, kept));
    }

    /** (RA, Dec) of the phase centre in degrees: OBSRA/OBSDEC, else the RA/DEC axes' CRVAL; NaN when absent. */
    public static double[] pointing(Path file) {
        try (FitsFile in = new FitsFile(file.toFile(), "r")) {
            Header h = Header.readHeader(in);
            double ra = h.getDoubleValue("OBSRA", Double.NaN);
            double dec = h.getDoubleValue("OBSDEC", Double.NaN);
            for (int a = 2; a <= h.getIntValue("NAXIS", 0); a++) {
                String t = h.getStringValue("CTYPE" + a, "").trim();
                if (Double.isNaN(ra) && t.equals("RA")) {
                    ra = h.getDoubleValue("CRVAL" + a, Double.NaN);
                }
                if (Double.isNaN(dec) && t.equals("DEC")) {
                    dec = h.getDoubleValue("CRVAL" + a, Double.NaN);
                }
            }
            return new double[] {ra, dec};
        } catch (IOException | RuntimeException e) {
            return new double[] {Double.NaN, Double.NaN};
        }
    }

    private static void checkSignature(Path file, long length) {
        if (length < BLOCK) {
            throw new UvfitsException(file + " is not a FITS file (" + length + " bytes, shorter than one 2880-byte header block)");
        }
        byte[] head = new byte[30];
        try (InputStream in = Files.newInputStream(file)) {
            in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new UvfitsException("cannot read " + file + ": " + e.getMessage());
        }
        String start = new String(head, StandardCharsets.US_ASCII);
        if (!start.startsWith("SIMPLE  =") || start.substring(9).trim().charAt(0) != 'T') {
            throw new UvfitsException(file + " is not a FITS file (it does not start with SIMPLE = T)");
        }
    }

    private static long padded(long bytes) {
        return (bytes + BLOCK - 1) / BLOCK * BLOCK;
    }

    /** Index along the STOKES axis (0-based) of Stokes code {@code code}, or -1. */
    private static int stokesIndex(Header h, int axis, int code) {
        int n = h.getIntValue("NAXIS" + axis);
        double crval = h.getDoubleValue("CRVAL" + axis, 1);
        double cdelt = h.getDoubleValue("CDELT" + axis, 1);
        double crpix = h.getDoubleValue("CRPIX" + axis, 1);
        for (int i = 0; i < n; i++) {
            if (Math.round(crval + (i + 1 - crpix) * cdelt) == code) {
                return i;
            }
        }
        return -1;
    }

    private static Map<Integer, String> antennaNames(Path file) {
        try (Fits fits = new Fits(file.toFile())) {
            BasicHDU<?> hdu;
            while ((hdu = fits.readHDU()) != null) {
                if (hdu instanceof BinaryTableHDU table
                        && "AIPS AN".equals(table.getHeader().getStringValue("EXTNAME", "").trim())) {
                    Object names = table.getColumn("ANNAME");
                    Object numbers = table.getColumn("NOSTA");
                    if (!(names instanceof String[] nm) || !(numbers instanceof int[] no) || nm.length != no.length) {
                        throw new UvfitsException(file + ": the AIPS AN table lacks ANNAME/NOSTA columns");
                    }
                    Map<Integer, String> out = new HashMap<>();
                    for (int i = 0; i < nm.length; i++) {
                        out.put(no[i], nm[i].trim());
                    }
                    return out;
                }
            }
        } catch (IOException | FitsException e) {
            throw new UvfitsException(file + ": cannot read its extensions: " + e.getMessage());
        }
        throw new UvfitsException(file + " has no antenna table (AIPS AN extension): station names are unknown");
    }
}
