package org.orrery.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.report.internal.Charts;
import org.orrery.validation.Series;

class FiguresTest {

    static final Path OUT = Path.of("target", "figures-test");

    @BeforeAll
    static void headless() throws IOException {
        assertTrue(java.awt.GraphicsEnvironment.isHeadless(), "tests must run headless (java.awt.headless=true)");
        Files.createDirectories(OUT);
    }

    static Stream<Figure> figures() {
        Series[] pk = Fixtures.spectra(1.05);
        ParameterSpace one = ParameterSpace.of(new Parameter("theta", "rad", "\\theta", -3, 3));
        return Stream.of(
                Figures.corner("corner-3d", Fixtures.SPACE, Fixtures.gaussian(11, 3000, Fixtures.TRUTH, new double[] {0.02, 0.03, 0.1}),
                        Fixtures.TRUTH, Fixtures.gaussian(12, 1500, Fixtures.TRUTH, new double[] {0.03, 0.02, 0.1}), "reference"),
                Figures.corner("corner-2d-bimodal", Fixtures.SPACE2, Fixtures.twoMoons(15, 4000), new double[] {0.25, 0.25}),
                Figures.corner("corner-1d", one, Fixtures.gaussian(13, 500, new double[] {0.2}, new double[] {0.5}), new double[] {0.1}),
                Figures.sbcRanks("sbc", Fixtures.SPACE, Fixtures.rankHistograms(14, 3, 400, 99)),
                Figures.sbcRanks("sbc-2", Fixtures.SPACE2, Fixtures.rankHistograms(16, 2, 200, 99)),
                Figures.tarp("tarp", Fixtures.coverageCurve(0.08)),
                Figures.hpdCoverage("hpd", Fixtures.coverageCurve(-0.1)),
                Figures.trainingCurves("training", Fixtures.epochs(30)),
                Figures.ensembleComparison("compare", "P(k)", pk[0], "generated", pk[1], "reference", Figures.Scale.LOG_XY),
                Figures.curves("curves", "Two curves", List.of(pk[0], pk[1])));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("figures")
    void pngIsAReadableNonBlankImageOfTheDeclaredSize(Figure f) throws IOException {
        Path png = OUT.resolve(f.id() + ".png");
        f.writePng(png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, "ImageIO cannot read " + png);
        assertEquals(f.pixelWidth(), img.getWidth());
        assertEquals(f.pixelHeight(), img.getHeight());
        assertEquals(Math.round(f.width() * 300 / 72.0), img.getWidth(), "300 dpi");
        assertTrue(f.width() == Figures.SINGLE_COLUMN || f.width() == Figures.DOUBLE_COLUMN,
                f.id() + ": a journal column width (3.5 or 7 in), got " + f.inches() + " in");
        assertEquals(300, Fixtures.pngDpi(png), 0.5, "the PNG records 300 dpi (pHYs)");
        double ink = Fixtures.inkFraction(img);
        double sd = Fixtures.lumaStdDev(img);
        // axes, labels and data: a few percent of the canvas at least, and real contrast
        assertTrue(ink > 0.02 && ink < 0.9, f.id() + ": ink fraction " + ink);
        assertTrue(sd > 10, f.id() + ": luminance standard deviation " + sd);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("figures")
    void pdfIsOnePageOfTheDeclaredSizeAndVector(Figure f) throws IOException {
        Path pdf = OUT.resolve(f.id() + ".pdf");
        f.writePdf(pdf);
        byte[] bytes = Files.readAllBytes(pdf);
        assertTrue(new String(bytes, 0, 5, StandardCharsets.US_ASCII).startsWith("%PDF-"), "PDF header");
        assertTrue(bytes.length > 2_000, f.id() + ": PDF only " + bytes.length + " bytes");
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            assertEquals(1, doc.getNumberOfPages());
            PDPage page = doc.getPage(0);
            assertEquals(f.width(), page.getMediaBox().getWidth(), 0.01);
            assertEquals(f.height(), page.getMediaBox().getHeight(), 0.01);
            assertEquals(0, countImages(page.getResources()), f.id() + ": expected pure vector graphics, found raster images");
            assertTrue(page.getContents().readAllBytes().length > 0);
        }
    }

    private static int countImages(PDResources res) throws IOException {
        if (res == null) {
            return 0;
        }
        int n = 0;
        for (COSName name : res.getXObjectNames()) {
            PDXObject x = res.getXObject(name);
            if (x instanceof PDImageXObject) {
                n++;
            } else if (x instanceof PDFormXObject form) {
                n += countImages(form.getResources());
            }
        }
        return n;
    }

    @Test
    void blankCanvasFailsTheNonBlankCheck() {
        // the guard above must be able to fail: a figure that paints nothing is all white
        BufferedImage img = new Figure("blank", "", 200, 100, (g, w, h) -> { }).toImage();
        assertEquals(0.0, Fixtures.inkFraction(img));
        assertEquals(0.0, Fixtures.lumaStdDev(img), 1e-9);
    }

    @Test
    void cornerShowsTruthAndReferenceOnlyWhenGiven() {
        double[][] post = Fixtures.gaussian(21, 2000, Fixtures.TRUTH, new double[] {0.02, 0.03, 0.1});
        double[][] ref = Fixtures.gaussian(22, 2000, Fixtures.TRUTH, new double[] {0.02, 0.03, 0.1});
        BufferedImage full = Figures.corner("c", Fixtures.SPACE, post, Fixtures.TRUTH, ref, "ref").toImage();
        BufferedImage bare = Figures.corner("c", Fixtures.SPACE, post, null).toImage();
        assertTrue(Fixtures.pixelsNear(full, Charts.TRUTH, 8) > 200, "truth lines drawn in red");
        assertTrue(Fixtures.pixelsNear(full, Charts.REFERENCE, 8) > 200, "reference histograms drawn in orange");
        assertEquals(0, Fixtures.pixelsNear(bare, Charts.TRUTH, 8), "no red without a truth");
        assertEquals(0, Fixtures.pixelsNear(bare, Charts.REFERENCE, 8), "no orange without a reference");
        assertTrue(Fixtures.pixelsNear(bare, Charts.POSTERIOR, 8) > 200, "posterior histograms drawn in blue");
    }

    @Test
    void uniformBandMatchesTheBinomialQuantilesSummedIndependently() {
        int[][] cases = {{1000, 10}, {200, 20}, {50, 5}};
        for (int[] c : cases) {
            int total = c[0];
            int bins = c[1];
            double[] band = Figures.uniformBand(total, bins, 0.99);
            double[] cdf = binomialCdf(total, 1.0 / bins);
            int lo = (int) band[0];
            int hi = (int) band[1];
            // smallest k with CDF(k) >= 0.005, and smallest k with CDF(k) >= 0.995
            assertTrue(cdf[lo] >= 0.005 && (lo == 0 || cdf[lo - 1] < 0.005), "lower quantile for " + total + "/" + bins);
            assertTrue(cdf[hi] >= 0.995 && cdf[hi - 1] < 0.995, "upper quantile for " + total + "/" + bins);
        }
        // normal approximation for a large sample: 100 ± 2.576·√90 ≈ [75.6, 124.4]
        double[] band = Figures.uniformBand(1000, 10, 0.99);
        assertEquals(76, band[0], 2);
        assertEquals(124, band[1], 2);
    }

    /** Binomial CDF by summing the pmf in log space (independent of Commons Math). */
    private static double[] binomialCdf(int n, double p) {
        double[] cdf = new double[n + 1];
        double acc = 0;
        for (int k = 0; k <= n; k++) {
            double logPmf = lgammaSum(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
            acc += Math.exp(logPmf);
            cdf[k] = acc;
        }
        return cdf;
    }

    private static double lgammaSum(int n, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) {
            s += Math.log(n - k + i) - Math.log(i);
        }
        return s;
    }

    @Test
    void badInputsFailWithTheOffendingValue() {
        double[][] ragged = {{0.3, 0.8, 13}, {0.3, 0.8}};
        var e = assertThrows(IllegalArgumentException.class, () -> Figures.corner("c", Fixtures.SPACE, ragged, null));
        assertTrue(e.getMessage().contains("row 1 has 2 values, expected 3"), e.getMessage());
        double[][] nan = {{0.3, Double.NaN, 13}};
        e = assertThrows(IllegalArgumentException.class, () -> Figures.corner("c", Fixtures.SPACE, nan, null));
        assertTrue(e.getMessage().contains("column 1 is NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Figures.corner("c", Fixtures.SPACE, new double[][] {{0.3, 0.8, 13}}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("truth has 2 values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Figures.sbcRanks("s", Fixtures.SPACE, Fixtures.rankHistograms(1, 2, 10, 9)));
        assertTrue(e.getMessage().contains("got 2 for 3 parameters"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Figure("Bad Id", "", 100, 100, (g, w, h) -> { }));
        assertTrue(e.getMessage().contains("Bad Id"), e.getMessage());
        Series[] pk = Fixtures.spectra(1.0);
        Series noBand = new Series("x", "k", "P", pk[0].x(), pk[0].y(), null, null);
        e = assertThrows(IllegalArgumentException.class,
                () -> Figures.ensembleComparison("p", "", noBand, "a", pk[1], "b", Figures.Scale.LINEAR));
        assertTrue(e.getMessage().contains("needs its ±1σ band"), e.getMessage());
        double[] shifted = pk[1].x().clone();
        shifted[3] *= 1.1;
        Series other = new Series("y", "k", "P", shifted, pk[1].y(), pk[1].lower(), pk[1].upper());
        e = assertThrows(IllegalArgumentException.class,
                () -> Figures.ensembleComparison("p", "", pk[0], "a", other, "b", Figures.Scale.LINEAR));
        assertTrue(e.getMessage().contains("x differs at index 3"), e.getMessage());
    }

    @Test
    void pngAndPdfAreDeterministic() throws IOException {
        Figure f = Figures.tarp("tarp-det", Fixtures.coverageCurve(0.05));
        Path a = OUT.resolve("det-a.png");
        Path b = OUT.resolve("det-b.png");
        f.writePng(a);
        f.writePng(b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }
}
