package org.orrery.report;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.posterior.EpochReport;
import org.orrery.validation.Metric;
import org.orrery.validation.Series;
import org.orrery.validation.ValidationResult;

/** Deterministic inputs shaped like what the validators and estimators produce. */
final class Fixtures {

    private Fixtures() {
    }

    static final ParameterSpace SPACE = ParameterSpace.of(
            new Parameter("Omega_m", "", "\\Omega_m", 0.1, 0.5),
            new Parameter("sigma_8", "", "\\sigma_8", 0.6, 1.0),
            new Parameter("log_M_min", "M_\\odot/h", "\\log_{10} M_{\\rm min}", 12, 14));
    static final double[] TRUTH = {0.31, 0.81, 13.1};

    static UniformRandomProvider rng(long seed) {
        return RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
    }

    /** Independent Gaussian samples around {@code centre} with per-dimension {@code sd}. */
    static double[][] gaussian(long seed, int n, double[] centre, double[] sd) {
        var normal = ZigguratSampler.NormalizedGaussian.of(rng(seed));
        double[][] s = new double[n][centre.length];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < centre.length; k++) {
                s[i][k] = centre[k] + sd[k] * normal.sample();
            }
        }
        return s;
    }

    /** Rank histograms (10 bins) of {@code pairs} uniform ranks in 0..{@code draws}. */
    static List<Series> rankHistograms(long seed, int dims, int pairs, int draws) {
        UniformRandomProvider rng = rng(seed);
        List<Series> out = new ArrayList<>();
        int bins = 10;
        for (int k = 0; k < dims; k++) {
            double[] counts = new double[bins];
            for (int i = 0; i < pairs; i++) {
                int rank = rng.nextInt(draws + 1);
                counts[Math.min(bins - 1, rank * bins / (draws + 1))]++;
            }
            double[] centres = new double[bins];
            for (int b = 0; b < bins; b++) {
                centres[b] = (b + 0.5) * (draws + 1.0) / bins;
            }
            out.add(new Series("ranks_" + SPACE.get(k % SPACE.dimension()).name(), "rank", "count", centres, counts, null, null));
        }
        return out;
    }

    static Series coverageCurve(double bias) {
        int n = 21;
        double[] x = new double[n];
        double[] y = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i / (n - 1.0);
            y[i] = Math.min(1, Math.max(0, x[i] + bias * Math.sin(Math.PI * x[i])));
            lo[i] = Math.max(0, y[i] - 0.04 * Math.sin(Math.PI * x[i]));
            hi[i] = Math.min(1, y[i] + 0.04 * Math.sin(Math.PI * x[i]));
        }
        return new Series("ecp", "credibility level 1 − α", "expected coverage", x, y, lo, hi);
    }

    static List<EpochReport> epochs(int n) {
        List<EpochReport> list = new ArrayList<>();
        for (int e = 0; e < n; e++) {
            double train = 2.0 * Math.exp(-e / 8.0) - 1.0;
            double val = 2.0 * Math.exp(-e / 8.0) - 0.95 + 0.002 * Math.max(0, e - 20);
            list.add(new EpochReport(e, n, train, val, 100L * (e + 1), e < 20));
        }
        return list;
    }

    /** A power-spectrum-like statistic k^-1.5 with a 10% band, and a copy scaled by {@code factor}. */
    static Series[] spectra(double factor) {
        int n = 24;
        double[] k = new double[n];
        double[][] y = new double[2][n];
        double[][] lo = new double[2][n];
        double[][] hi = new double[2][n];
        for (int i = 0; i < n; i++) {
            k[i] = 0.01 * Math.pow(10, 2.0 * i / (n - 1));
            for (int s = 0; s < 2; s++) {
                y[s][i] = 1e3 * Math.pow(k[i], -1.5) * (s == 0 ? factor : 1.0);
                lo[s][i] = 0.9 * y[s][i];
                hi[s][i] = 1.1 * y[s][i];
            }
        }
        return new Series[] {
            new Series("generated", "k [h/Mpc]", "P(k) [(Mpc/h)³]", k, y[0], lo[0], hi[0]),
            new Series("reference", "k [h/Mpc]", "P(k) [(Mpc/h)³]", k, y[1], lo[1], hi[1])};
    }

    /** A complete report: four checks, six figures, provenance, headline numbers with awkward names. */
    static Report report() {
        double[][] post = gaussian(1, 4000, TRUTH, new double[] {0.02, 0.03, 0.15});
        double[][] ref = gaussian(2, 2000, TRUTH, new double[] {0.025, 0.03, 0.12});
        List<Series> ranks = rankHistograms(3, SPACE.dimension(), 500, 99);
        Series ecp = coverageCurve(0.0);
        Series hpd = coverageCurve(-0.05);
        ValidationResult sbc = new ValidationResult("sbc", true, "KS p > 0.01 for every parameter",
                List.of(new Metric("ks_p_Omega_m", 0.43, Double.NaN, "KS p-value of the SBC ranks of Ωm"),
                        new Metric("ks_p_sigma_8", 0.27, Double.NaN, "KS p-value, σ8"),
                        new Metric("ks_p_log_M_min", 0.052, Double.NaN, "KS p-value, log10 Mmin")), ranks);
        ValidationResult tarp = new ValidationResult("tarp", true, "ECP within the bootstrap band",
                List.of(new Metric("max_abs_deviation", 0.031, 0.012, "max |ECP − α|")), List.of(ecp));
        ValidationResult coverage = new ValidationResult("coverage", false, "HPD regions under-cover at 68%",
                List.of(new Metric("coverage_68", 0.61, 0.015, "coverage of the 68% HPD region"),
                        new Metric("coverage_95", 0.93, 0.008, "coverage of the 95% HPD region")), List.of(hpd));
        ValidationResult c2st = new ValidationResult("c2st", true, "accuracy 0.53 against the reference posterior",
                List.of(new Metric("accuracy", 0.532, 0.006, "C2ST accuracy (0.5 = indistinguishable)"),
                        new Metric("tiny_value", 3.2e-7, Double.NaN, "a number that needs scientific notation")), List.of());
        Series[] pk = spectra(1.02);
        return Report.builder("two_moons & friends: 50% check_of #1")
                .provenance(Map.of("orrery_version", "0.1.0-SNAPSHOT"))
                .provenance("simulator", "two_moons 1.0.0")
                .provenance("estimator", "maf 0.1.0")
                .provenance("seed", "42")
                .provenance("bank", "/data/heldout_bank.h5")
                .results(List.of(sbc, tarp, coverage, c2st))
                .figure(Figures.corner("corner", SPACE, post, TRUTH, ref, "reference posterior"))
                .figure(Figures.sbcRanks("sbc-ranks", SPACE, ranks))
                .figure(Figures.tarp("tarp", ecp))
                .figure(Figures.hpdCoverage("coverage", hpd))
                .figure(Figures.trainingCurves("training", epochs(40)))
                .figure(Figures.ensembleComparison("pk", "Power spectrum", pk[0], "generated", pk[1], "reference", Figures.Scale.LOG_XY))
                .headline("sbc", sbc.metrics().get(0))
                .headline("c2st", c2st.metrics().get(0))
                .headline("c2st", c2st.metrics().get(1))
                .headline("coverage", coverage.metrics().get(0))
                .build();
    }

    /** Fraction of pixels that differ from white, and the number of distinct colours. */
    static double inkFraction(BufferedImage img) {
        long ink = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) != 0xffffff) {
                    ink++;
                }
            }
        }
        return ink / (double) (img.getWidth() * img.getHeight());
    }

    static double lumaStdDev(BufferedImage img) {
        double sum = 0;
        double sum2 = 0;
        long n = (long) img.getWidth() * img.getHeight();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                double l = 0.299 * ((rgb >> 16) & 255) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255);
                sum += l;
                sum2 += l * l;
            }
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(0, sum2 / n - mean * mean));
    }

    /** Pixels within {@code tol} per channel of an opaque colour. */
    static long pixelsNear(BufferedImage img, java.awt.Color c, int tol) {
        long count = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                if (Math.abs(((rgb >> 16) & 255) - c.getRed()) <= tol && Math.abs(((rgb >> 8) & 255) - c.getGreen()) <= tol
                        && Math.abs((rgb & 255) - c.getBlue()) <= tol) {
                    count++;
                }
            }
        }
        return count;
    }

    static final ParameterSpace SPACE2 = ParameterSpace.of(new org.orrery.parameter.Parameter("theta_1", "", "\\theta_1", -1, 1),
            new org.orrery.parameter.Parameter("theta_2", "", "\\theta_2", -1, 1));

    /** A bimodal two-moons-like posterior: two crescents mirrored through the origin. */
    static double[][] twoMoons(long seed, int n) {
        UniformRandomProvider r = rng(seed);
        var gauss = org.apache.commons.rng.sampling.distribution.ZigguratSampler.NormalizedGaussian.of(r);
        double[][] out = new double[n][2];
        for (int i = 0; i < n; i++) {
            double a = Math.PI * (r.nextDouble() - 0.5);
            double rad = 0.1 + 0.01 * gauss.sample();
            double px = rad * Math.cos(a) + 0.25;
            double py = rad * Math.sin(a);
            double s = r.nextBoolean() ? 1 : -1;
            // invert x = p + (-|t1+t2|/sqrt2, (-t1+t2)/sqrt2) for x = (0, 0): two branches
            double u = px * Math.sqrt(2) * s;
            double v = py * Math.sqrt(2);
            out[i][0] = (u - v) / 2;
            out[i][1] = (u + v) / 2;
        }
        return out;
    }

    /** The resolution a PNG's pHYs chunk records, in dots per inch (NaN without one). */
    static double pngDpi(java.nio.file.Path png) throws java.io.IOException {
        try (var in = javax.imageio.ImageIO.createImageInputStream(png.toFile())) {
            var reader = javax.imageio.ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            var tree = (javax.imageio.metadata.IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_png_1.0");
            var phys = tree.getElementsByTagName("pHYs");
            if (phys.getLength() == 0) {
                return Double.NaN;
            }
            var e = (javax.imageio.metadata.IIOMetadataNode) phys.item(0);
            return Double.parseDouble(e.getAttribute("pixelsPerUnitXAxis")) * 0.0254;
        }
    }
}
