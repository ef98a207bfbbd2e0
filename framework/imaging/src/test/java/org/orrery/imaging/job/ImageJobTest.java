package org.orrery.imaging.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.data.ArraySpec;
import org.orrery.imaging.EhtTestData;
import org.orrery.imaging.ImageGrid;
import org.orrery.imaging.ImagePrior;
import org.orrery.imaging.uvfits.UvfitsException;

class ImageJobTest {

    /** Independent log-normal pixels around a centred Gaussian: a minimal positive prior for job tests. */
    static final class LogNormalPrior implements ImagePrior {
        final ImageGrid grid;
        final double[] m;

        LogNormalPrior(ImageGrid grid, double flux) {
            this.grid = grid;
            this.m = ImageJob.startImage(grid, flux);
        }

        @Override
        public ImagePrior on(ImageGrid g, double totalFluxJy) {
            return new LogNormalPrior(g, totalFluxJy);
        }

        @Override
        public boolean positive() {
            return true;
        }

        @Override
        public String id() {
            return "lognormal";
        }

        @Override
        public ArraySpec field() {
            return new ArraySpec("image", new int[] {grid.ny(), grid.nx()}, "Jy/pixel", ArraySpec.Kind.IMAGE);
        }

        @Override
        public double[] sample(UniformRandomProvider rng) {
            return m.clone();
        }

        @Override
        public double logDensity(double[] f) {
            double s = 0;
            for (int p = 0; p < f.length; p++) {
                if (!(f[p] > 0)) {
                    return Double.NEGATIVE_INFINITY;
                }
                double z = Math.log(f[p] / m[p]);
                s -= 0.5 * z * z + Math.log(f[p]);
            }
            return s;
        }

        @Override
        public double[] score(double[] f, double sigma) {
            double[] g = new double[f.length];
            for (int p = 0; p < f.length; p++) {
                g[p] = -(Math.log(f[p] / m[p]) + 1) / f[p];
            }
            return g;
        }
    }

    static ImageRequest request(Path out, List<String> priors, int pixels, double fov) {
        return new ImageRequest(EhtTestData.uvfits(), priors, out, pixels, fov, ImageRequest.DataMode.CLOSURES, 4, 3, 0.02, 0.6, 120);
    }

    static ImagePrior lookup(String id) {
        if (!id.equals("lognormal")) {
            throw new IllegalArgumentException("unknown generative prior '" + id + "'; available: lognormal");
        }
        return new LogNormalPrior(ImageGrid.square(16, 160), 0.6);
    }

    @Test
    void writesCubesWithCelestialWcsRingCsvAndReport(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("img");
        var r = new ImageJob(null).run(request(out, List.of("lognormal"), 16, 160), ImageJobTest::lookup);
        assertEquals(274, r.visibilities());
        assertTrue(r.closurePhases() > 100 && r.logClosureAmplitudes() > 80);
        assertEquals(43, r.dataRingUas(), 3, "thin-ring size from the April 6 amplitudes");
        for (String f : List.of("samples.fits", "mean.fits", "std.fits", "ring.csv", "report/index.html", "report/metrics.json")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertEquals(5, Files.readAllLines(out.resolve("ring.csv")).size());
        try (Fits f = new Fits(out.resolve("samples.fits").toFile())) {
            var hdu = f.readHDU();
            Header h = hdu.getHeader();
            assertEquals(3, h.getIntValue("NAXIS"));
            assertEquals(16, h.getIntValue("NAXIS1"));
            assertEquals(4, h.getIntValue("NAXIS3"));
            assertEquals("RA---SIN", h.getStringValue("CTYPE1"));
            assertTrue(h.getDoubleValue("CDELT1") < 0, "RA increases to the left");
            assertEquals(-10.0, h.getDoubleValue("CDELT1") * 3600e6, 1e-9, "10 uas pixels, in degrees");
            assertEquals(187.7059, h.getDoubleValue("CRVAL1"), 1e-3);
            assertEquals(8.5, h.getDoubleValue("CRPIX1"), 0);
        }
        // no stray temporary directories beside the output
        try (var list = Files.list(dir)) {
            assertEquals(List.of(out), list.toList());
        }
    }

    @Test
    void rowsAreFlippedSoNorthIsUpInFits(@TempDir Path dir) throws Exception {
        ImageGrid g = ImageGrid.square(8, 80);
        double[] img = new double[64];
        img[0 * 8 + 0] = 1; // row 0 = north edge, column 0 = east edge
        ImageFits.write(dir.resolve("t.fits"), g, new double[][] {img}, 10, 20, "T", 230e9, 57849, "test");
        try (Fits f = new Fits(dir.resolve("t.fits").toFile())) {
            float[][] data = (float[][]) f.readHDU().getKernel();
            assertEquals(1f, data[7][0], "FITS row 8 (top) column 1 (left, east)");
        }
    }

    @Test
    void unknownPriorFailsBeforeAnyOutput(@TempDir Path dir) {
        Path out = dir.resolve("img");
        var e = assertThrows(IllegalArgumentException.class, () -> new ImageJob(null).run(request(out, List.of("lognormal", "nosuch"), 16, 160), ImageJobTest::lookup));
        assertTrue(e.getMessage().contains("unknown generative prior 'nosuch'"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void fieldOfViewSmallerThanTheRingIsRefused(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("img");
        var e = assertThrows(IllegalArgumentException.class, () -> new ImageJob(null).run(request(out, List.of("lognormal"), 16, 40), ImageJobTest::lookup));
        assertTrue(e.getMessage().contains("--fov-uas 40 is smaller than the ring"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        try (var list = Files.list(dir)) {
            assertEquals(0, list.count(), "no partial output");
        }
    }

    @Test
    void badObservationAndBusyOutputAreOneLineErrors(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("obs.uvfits");
        Files.writeString(text, "not fits\n".repeat(500));
        var req = new ImageRequest(text, List.of("lognormal"), dir.resolve("a"), 16, 160, ImageRequest.DataMode.CLOSURES, 4, 3, 0.02, 0.6, 120);
        var e = assertThrows(UvfitsException.class, () -> new ImageJob(null).run(req, ImageJobTest::lookup));
        assertTrue(e.getMessage().contains("not a FITS file"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("a")));
        Path busy = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(busy.resolve("keep.txt"), "x");
        var e2 = assertThrows(IllegalArgumentException.class, () -> new ImageJob(null).run(request(busy, List.of("lognormal"), 16, 160), ImageJobTest::lookup));
        assertTrue(e2.getMessage().contains("not empty"), e2.getMessage());
        assertEquals("x", Files.readString(busy.resolve("keep.txt")));
        assertThrows(IllegalArgumentException.class, () -> request(dir.resolve("b"), List.of("lognormal"), 16, -5));
    }

    @Test
    void astropyReadsTheCubeWithRaIncreasingToTheLeft(@TempDir Path dir) throws Exception {
        requireAstropy();
        Path out = dir.resolve("img");
        new ImageJob(null).run(request(out, List.of("lognormal"), 16, 160), ImageJobTest::lookup);
        String script = """
                import sys
                from astropy.io import fits
                from astropy.wcs import WCS
                d = sys.argv[1]
                cube = fits.getdata(d + '/samples.fits')
                assert cube.shape == (4, 16, 16), cube.shape
                h = fits.getheader(d + '/mean.fits')
                w = WCS(h)
                ra0, dec0 = w.wcs_pix2world([[0, 0]], 0)[0]
                ra1, dec1 = w.wcs_pix2world([[15, 0]], 0)[0]
                assert ra0 > ra1, (ra0, ra1)          # RA decreases to the right
                ra2, dec2 = w.wcs_pix2world([[0, 15]], 0)[0]
                assert dec2 > dec0, (dec0, dec2)      # Dec increases upward
                assert abs((ra0 - ra1) * 3600e6 * 0.97630 - 150) < 2, (ra0 - ra1)  # 15 px of 10 uas, cos(dec)
                print('ok')
                """;
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, out.toString()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains("ok"), text);
    }

    static void requireAstropy() throws Exception {
        String why;
        if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
            why = "/usr/bin/python3 not found";
        } else {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import astropy.wcs").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(60, TimeUnit.SECONDS);
            why = p.exitValue() == 0 ? null : out.strip();
        }
        if (why == null) {
            return;
        }
        if (System.getenv("CI") != null) {
            fail("python3-astropy is required in CI: " + why);
        }
        System.err.println("SKIPPED: python3-astropy not installed (" + why + ")");
        Assumptions.abort("SKIPPED: python3-astropy not installed (" + why + ")");
    }
}
