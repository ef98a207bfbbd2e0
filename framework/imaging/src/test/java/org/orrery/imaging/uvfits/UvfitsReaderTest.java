package org.orrery.imaging.uvfits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.imaging.EhtTestData;
import org.orrery.imaging.Visibilities;

class UvfitsReaderTest {

    /** C printf's %.Nf of the exact binary value (round half to even), which wrote the EHT text files. */
    private static BigDecimal printf(double x, int digits) {
        return new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN);
    }

    @Test
    void reproducesTheEhtTextFile() throws IOException {
        Visibilities vis = UvfitsReader.read(EhtTestData.uvfits());
        List<String> rows = Files.readAllLines(EhtTestData.txt()).stream().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
        assertEquals(rows.size(), vis.size(), "records");
        assertEquals("M87", vis.source());
        assertEquals(227070703125.0, vis.frequencyHz(), 0.0);
        assertEquals(57849.0, vis.mjd(), 0.0);
        assertEquals(List.of("AA", "AP", "AZ", "JC", "LM", "PV", "SM"), vis.stations());
        double worstSigma = 0;
        for (int k = 0; k < rows.size(); k++) {
            String[] f = rows.get(k).trim().split("\\s+");
            String at = "row " + (k + 1) + ": " + rows.get(k);
            assertEquals(0, new BigDecimal(f[0]).compareTo(printf(vis.time()[k], 8)), at + " time " + vis.time()[k]);
            assertEquals(f[1], vis.stations().get(vis.station1()[k]), at);
            assertEquals(f[2], vis.stations().get(vis.station2()[k]), at);
            assertEquals(0, new BigDecimal(f[3]).compareTo(printf(vis.u()[k], 4)), at + " u " + vis.u()[k]);
            assertEquals(0, new BigDecimal(f[4]).compareTo(printf(vis.v()[k], 4)), at + " v " + vis.v()[k]);
            assertEquals(0, new BigDecimal(f[5]).compareTo(printf(vis.amplitude(k), 8)), at + " amp " + vis.amplitude(k));
            assertEquals(0, new BigDecimal(f[6]).compareTo(printf(Math.toDegrees(vis.phase(k)), 4)), at + " phase " + Math.toDegrees(vis.phase(k)));
            // σ: the UVFITS holds float32 weights w = 1/σ_RR², the text the pipeline's σ to 8
            // decimals; σ cannot be recovered digit for digit from a float32 weight. Agreement to half
            // a printed digit plus two float32 roundings (2^-23 relative); measured on all four
            // EHT files the excess over half a digit is at most 1.22 · 2^-24 relative.
            double s = vis.sigma()[k];
            double allowed = 0.5e-8 + s * Math.scalb(1.0, -23);
            double diff = Math.abs(Double.parseDouble(f[7]) - s);
            worstSigma = Math.max(worstSigma, diff / allowed);
            assertTrue(diff <= allowed, at + " sigma " + s);
        }
        assertTrue(worstSigma > 0.5, "the sigma tolerance is not vacuous: worst/allowed = " + worstSigma);
    }

    @Test
    void scanAveragingMatchesTheEhtCount() {
        Visibilities vis = UvfitsReader.read(EhtTestData.uvfits());
        Visibilities avg = ScanAverager.average(vis, 120);
        // DESIGN §9: April 6 low band has 274 scan-averaged visibilities on 21 baselines of 7 stations
        assertEquals(274, avg.size());
        var baselines = new java.util.HashSet<Integer>();
        for (int k = 0; k < avg.size(); k++) {
            baselines.add(avg.station1()[k] * 16 + avg.station2()[k]);
        }
        assertEquals(21, baselines.size());
        double maxUv = 0;
        for (int k = 0; k < avg.size(); k++) {
            maxUv = Math.max(maxUv, avg.uvDistance(k));
        }
        assertEquals(8.3e9, maxUv, 0.1e9);
        // coherent average of a constant visibility is that visibility, with σ shrunk by √n
        double w = 0;
        for (int k = 0; k < vis.size(); k++) {
            w += 1 / (vis.sigma()[k] * vis.sigma()[k]);
        }
        double wAvg = 0;
        for (int k = 0; k < avg.size(); k++) {
            wAvg += 1 / (avg.sigma()[k] * avg.sigma()[k]);
        }
        assertEquals(w, wAvg, 1e-9 * w, "total weight is conserved");
    }

    @Test
    void aTextFileIsNotUvfits(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("obs.uvfits");
        Files.writeString(f, "time u v amp\n".repeat(400));
        var e = assertThrows(UvfitsException.class, () -> UvfitsReader.read(f));
        assertTrue(e.getMessage().contains("not a FITS file"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void aFitsImageIsNotUvfits(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("image.fits");
        StringBuilder h = new StringBuilder();
        for (String card : new String[] {"SIMPLE  =                    T", "BITPIX  =                  -32", "NAXIS   =                    2",
            "NAXIS1  =                    4", "NAXIS2  =                    4", "END"}) {
            h.append(String.format("%-80s", card));
        }
        byte[] bytes = new byte[2880 * 2];
        java.util.Arrays.fill(bytes, 0, 2880, (byte) ' ');
        byte[] hb = h.toString().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(hb, 0, bytes, 0, hb.length);
        Files.write(f, bytes);
        var e = assertThrows(UvfitsException.class, () -> UvfitsReader.read(f));
        assertTrue(e.getMessage().contains("not a UVFITS file"), e.getMessage());
    }

    /** The primary HDU of the shipped file with its groups, GCOUNT set to {@code groups}. */
    private static byte[] primaryOnly(int groups, boolean flagAll) throws IOException {
        byte[] all = Files.readAllBytes(EhtTestData.uvfits());
        int header = 3 * 2880;
        String text = new String(all, 0, header, StandardCharsets.US_ASCII);
        int at = text.indexOf("GCOUNT  =");
        String card = String.format("%-80s", String.format("GCOUNT  = %20d", groups));
        byte[] out = new byte[header + (groups * 21 * 4 + 2879) / 2880 * 2880];
        System.arraycopy(all, 0, out, 0, header + groups * 21 * 4);
        System.arraycopy(card.getBytes(StandardCharsets.US_ASCII), 0, out, at, 80);
        if (flagAll) {
            ByteBuffer b = ByteBuffer.wrap(out);
            for (int g = 0; g < groups; g++) {
                int data = header + (g * 21 + 9) * 4;
                for (int s = 0; s < 4; s++) {
                    b.putFloat(data + (s * 3 + 2) * 4, s < 2 ? 0f : -1f);
                }
            }
        }
        return out;
    }

    private static byte[] antennaTable() throws IOException {
        byte[] all = Files.readAllBytes(EhtTestData.uvfits());
        int start = 3 * 2880 + (8645 * 21 * 4 + 2879) / 2880 * 2880;
        assertEquals("XTENSION", new String(all, start, 8, StandardCharsets.US_ASCII));
        return java.util.Arrays.copyOfRange(all, start, all.length);
    }

    @Test
    void noAntennaTable(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("noan.uvfits");
        Files.write(f, primaryOnly(10, false));
        var e = assertThrows(UvfitsException.class, () -> UvfitsReader.read(f));
        assertTrue(e.getMessage().contains("no antenna table"), e.getMessage());
    }

    @Test
    void allFlagged(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("flagged.uvfits");
        byte[] p = primaryOnly(10, true);
        byte[] an = antennaTable();
        byte[] both = java.util.Arrays.copyOf(p, p.length + an.length);
        System.arraycopy(an, 0, both, p.length, an.length);
        Files.write(f, both);
        var e = assertThrows(UvfitsException.class, () -> UvfitsReader.read(f));
        assertTrue(e.getMessage().contains("all 10 records are flagged"), e.getMessage());
        // the same file unflagged reads 10 records: the test above fails for the flags, not the surgery
        Path ok = dir.resolve("ok.uvfits");
        byte[] p2 = primaryOnly(10, false);
        byte[] both2 = java.util.Arrays.copyOf(p2, p2.length + an.length);
        System.arraycopy(an, 0, both2, p2.length, an.length);
        Files.write(ok, both2);
        assertEquals(10, UvfitsReader.read(ok).size());
    }

    @Test
    void declaredSizeBeyondTheFileIsRefusedBeforeAllocating(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("huge.uvfits");
        byte[] p = primaryOnly(10, false);
        String text = new String(p, 0, 3 * 2880, StandardCharsets.US_ASCII);
        int at = text.indexOf("GCOUNT  =");
        System.arraycopy(String.format("%-80s", String.format("GCOUNT  = %20d", 2_000_000_000L)).getBytes(StandardCharsets.US_ASCII), 0, p, at, 80);
        Files.write(f, p);
        var e = assertThrows(UvfitsException.class, () -> UvfitsReader.read(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aHugeDeclarationIsRefusedInOneLineByASmallHeapJvm(@TempDir Path dir) throws Exception {
        // issue 19: 2·10⁹ groups declared in a file of a few kB, read by a JVM with a 64 MB heap
        Path f = dir.resolve("huge.uvfits");
        byte[] p = primaryOnly(10, false);
        String text = new String(p, 0, 3 * 2880, StandardCharsets.US_ASCII);
        int at = text.indexOf("GCOUNT  =");
        System.arraycopy(String.format("%-80s", String.format("GCOUNT  = %20d", 2_000_000_000L)).getBytes(StandardCharsets.US_ASCII), 0, p, at, 80);
        Files.write(f, p);
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        long t0 = System.nanoTime();
        Process proc = new ProcessBuilder(javaBin, "-Xmx64m", "-XX:+UseSerialGC", "-cp", cp, HostileUvfitsMain.class.getName(),
                f.toString()).start();
        String err = new String(proc.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(proc.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "reader still running after 60 s");
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("refused in %.2f s (JVM start-up included): %s%n", seconds, err);
        assertEquals(1, proc.exitValue(), "exit code; stderr: " + err);
        assertFalse(err.contains("\n") || err.contains("Exception") || err.contains("Error") || err.contains("\tat "), err);
        assertTrue(err.contains(f.toString()) && err.contains("truncated"), err);
        assertTrue(seconds < 30, "took " + seconds + " s");
    }
}
