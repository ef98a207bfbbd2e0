package org.orrery.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.posterior.EpochReport;
import org.orrery.report.internal.Charts;
import org.orrery.report.internal.Kde;
import org.orrery.report.internal.Plot;
import org.orrery.report.internal.Text;
import org.orrery.validation.Series;

/**
 * The standard figures of a validation report. Every factory validates its input at once (bad
 * shapes fail here, not while a report is being written) and returns a {@link Figure} that paints
 * the same picture as PNG and as vector PDF. Axis titles come from each {@link Parameter}'s LaTeX
 * label (rendered as Unicode) and unit.
 */
public final class Figures {

    /** Coverage of the uniform band drawn on SBC rank histograms. */
    public static final double SBC_BAND_LEVEL = 0.99;

    private static final Color[] CYCLE = {Charts.POSTERIOR, Charts.REFERENCE, new Color(0x2c, 0xa0, 0x2c),
        new Color(0x94, 0x67, 0xbd), new Color(0x8c, 0x56, 0x4b), new Color(0xe3, 0x77, 0xc2)};

    private Figures() {
    }

    // ------------------------------------------------------------------ layout

    /** Journal column widths in points: single column 3.5 in, double column 7 in. */
    public static final int SINGLE_COLUMN = 252;
    public static final int DOUBLE_COLUMN = 504;

    private static final Color BAR = new Color(0x9e, 0xbc, 0xda);
    private static final Color BAR_EDGE = new Color(0x3b, 0x6e, 0xa5);

    /** Where one-panel figures put their frame, with room for tick labels, titles and a legend row above. */
    private static Plot single(Graphics2D g, int w, int h, String title, List<Plot.Entry> legend, Plot.Axis xa, Plot.Axis ya,
                               String xTitle, String yTitle, double bottomExtra) {
        double lw = Plot.yLabelWidth(g, ya);
        double left = 4 + 10 + 4 + lw + 3;
        double right = 12;
        double top = 4;
        if (title != null && !title.isBlank()) {
            top += 11;
        }
        double legendTop = top;
        if (!legend.isEmpty()) {
            top += legendHeight(g, legend, w - left - right) + 3;
        }
        double bottom = 4 + 9 + 11 + bottomExtra;
        Plot p = new Plot(left, top, w - left - right, h - top - bottom, xa, ya);
        if (title != null && !title.isBlank()) {
            g.setFont(Plot.font(Plot.TITLE_PT));
            g.setColor(Color.BLACK);
            FontMetrics fm = g.getFontMetrics();
            g.drawString(title, (float) (p.left + p.width / 2 - fm.stringWidth(title) / 2.0), (float) (4 + fm.getAscent()));
        }
        if (!legend.isEmpty()) {
            g.setFont(Plot.font(Plot.LEGEND_PT));
            Plot.legend(g, legend, left, legendTop + g.getFontMetrics().getAscent(), w - left - right);
        }
        p.xTitle(g, xTitle);
        p.yTitle(g, yTitle, lw);
        return p;
    }

    private static double legendHeight(Graphics2D g, List<Plot.Entry> legend, double maxWidth) {
        java.awt.image.BufferedImage scratch = new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB);
        Graphics2D s = scratch.createGraphics();
        try {
            s.setFont(Plot.font(Plot.LEGEND_PT));
            return Plot.legend(s, legend, 0, s.getFontMetrics().getAscent(), maxWidth);
        } finally {
            s.dispose();
        }
    }

    // ------------------------------------------------------------------ corner / pair plot

    /** Pair plot of posterior samples with the true parameters marked (truth may be null). */
    public static Figure corner(String id, ParameterSpace space, double[][] samples, double[] truth) {
        return corner(id, space, samples, truth, null, null);
    }

    /**
     * Corner plot: smoothed 1-D marginals (kernel density over a light histogram) on the diagonal,
     * 68 % and 95 % highest-density contours of a kernel density estimate below it (the samples
     * themselves faintly underneath), the truth θ* as red lines, and an optional reference sample
     * as orange contours. Panel titles give median and 16/84 % distances only for unimodal
     * marginals; a multimodal marginal is titled with its modes instead. The legend sits in the
     * empty upper triangle, never on the data. Double-column width from three parameters on.
     *
     * @param samples        [n][dim] posterior samples
     * @param truth          θ* of length dim, or null
     * @param reference      [m][dim] reference samples, or null
     * @param referenceLabel legend text for the reference, or null for "reference"
     */
    public static Figure corner(String id, ParameterSpace space, double[][] samples, double[] truth,
                                double[][] reference, String referenceLabel) {
        if (space == null) {
            throw new IllegalArgumentException("corner plot " + id + " needs a parameter space");
        }
        int d = space.dimension();
        double[][] post = columns(samples, d, "posterior samples");
        double[][] ref = reference == null ? null : columns(reference, d, "reference samples");
        if (truth != null && truth.length != d) {
            throw new IllegalArgumentException("truth has " + truth.length + " values but the parameter space has " + d);
        }
        String refLabel = referenceLabel == null || referenceLabel.isBlank() ? "reference" : referenceLabel;
        double[][] range = new double[d][];
        for (int k = 0; k < d; k++) {
            range[k] = range(space.get(k), post[k], ref == null ? null : ref[k], truth == null ? Double.NaN : truth[k]);
        }
        int n = post[0].length;
        int width = d >= 3 ? DOUBLE_COLUMN : SINGLE_COLUMN;
        double left = 40;
        double right = 6;
        double top = d == 1 ? 40 : 16;
        double bottom = 34;
        double cell = (width - left - right) / d;
        double gap = 10; // between rows, for the diagonal panels' titles
        int height = (int) Math.ceil(top + d * cell + (d - 1) * gap + bottom);
        Kde.Marginal[] marg = new Kde.Marginal[d];
        for (int k = 0; k < d; k++) {
            marg[k] = Kde.marginal(post[k], range[k], 128);
        }
        String caption = "Corner plot of " + n + " posterior samples: smoothed marginals, 68 % and 95 % highest-density"
                + " contours" + (truth != null ? "; red: true parameters θ*" : "")
                + (ref != null ? "; orange: " + refLabel + " (" + ref[0].length + " samples)" : "") + ".";
        return new Figure(id, caption, width, height, (g, w, h) -> {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j <= i; j++) {
                    double px0 = left + j * cell + 2;
                    double py0 = top + i * (cell + gap) + 2;
                    double size = cell - 4;
                    Plot.Axis xa = new Plot.Axis(range[j][0], range[j][1], false, cell > 150 ? 5 : 3);
                    if (i == j) {
                        double[] edges = linspace(range[i][0], range[i][1], Math.max(10, Math.min(40, (int) Math.sqrt(n))) + 1);
                        double ymax = 1.1 * Math.max(max(marg[i].density()), max(density(post[i], edges)));
                        Plot.Axis ya = new Plot.Axis(0, ymax > 0 ? ymax : 1, false, 3);
                        Plot p = new Plot(px0, py0, size, size, xa, ya);
                        p.bars(g, edges, density(post[i], edges), Charts.withAlpha(BAR, 150), null);
                        if (ref != null) {
                            Kde.Marginal r = Kde.marginal(ref[i], range[i], 128);
                            p.line(g, r.x(), r.density(), Charts.REFERENCE, Plot.DASHED);
                        }
                        p.line(g, marg[i].x(), marg[i].density(), Charts.POSTERIOR, Plot.LINE);
                        if (truth != null) {
                            p.vline(g, truth[i], Charts.TRUTH, Plot.LINE);
                        }
                        drawAxesNoY(g, p, i == d - 1, d > 1);
                        g.setFont(Plot.font(Plot.TITLE_PT - 0.5f));
                        g.setColor(Color.BLACK);
                        String t = summary(space.get(i), post[i], marg[i]);
                        FontMetrics fm = g.getFontMetrics();
                        double tw = fm.stringWidth(t);
                        double cx = Math.max(tw / 2 + 2, Math.min(w - tw / 2 - 2, p.left + p.width / 2));
                        g.drawString(t, (float) (cx - tw / 2), (float) (p.top - 3));
                    } else {
                        Plot.Axis ya = new Plot.Axis(range[i][0], range[i][1], false, cell > 150 ? 5 : 3);
                        Plot p = new Plot(px0, py0, size, size, xa, ya);
                        p.scatter(g, thin(post[j], 4000), thin(post[i], 4000), Charts.withAlpha(Charts.POSTERIOR, 28), 0.45);
                        Kde.Grid kg = Kde.grid(post[j], post[i], range[j], range[i], 64);
                        double[] levels = kg.levels(0.95, 0.68);
                        p.contours(g, kg.x(), kg.y(), kg.z(), levels,
                                new Color[] {Charts.withAlpha(Charts.POSTERIOR, 70), Charts.withAlpha(Charts.POSTERIOR, 140)},
                                Charts.POSTERIOR.darker());
                        if (ref != null) {
                            Kde.Grid rg = Kde.grid(ref[j], ref[i], range[j], range[i], 64);
                            double[] rl = rg.levels(0.95, 0.68);
                            p.contours(g, rg.x(), rg.y(), rg.z(), rl, new Color[] {new Color(0, 0, 0, 0), new Color(0, 0, 0, 0)},
                                    Charts.REFERENCE);
                        }
                        if (truth != null) {
                            p.vline(g, truth[j], Charts.TRUTH, Plot.THIN);
                            p.hline(g, truth[i], Charts.TRUTH, Plot.THIN);
                            p.marker(g, truth[j], truth[i], Charts.TRUTH, 3);
                        }
                        p.trimEnds().axes(g, i == d - 1, j == 0);
                    }
                }
            }
            g.setColor(Color.BLACK);
            for (int k = 0; k < d; k++) {
                String label = Text.axisLabel(space.get(k).latex(), space.get(k).unit());
                drawCentered(g, Plot.font(Plot.LABEL_PT), label, left + k * cell + cell / 2.0, h - 12, false);
                if (k > 0) {
                    drawCentered(g, Plot.font(Plot.LABEL_PT), label, 8, top + k * (cell + gap) + cell / 2.0, true);
                }
            }
            List<Plot.Entry> legend = new ArrayList<>();
            legend.add(new Plot.Entry("posterior", Charts.POSTERIOR, Plot.LINE, false));
            if (ref != null) {
                legend.add(new Plot.Entry(refLabel, Charts.REFERENCE, Plot.DASHED, false));
            }
            if (truth != null) {
                legend.add(new Plot.Entry("true value θ*", Charts.TRUTH, Plot.LINE, false));
            }
            if (d == 1) {
                g.setFont(Plot.font(Plot.LEGEND_PT));
                Plot.legend(g, legend, left, 4 + g.getFontMetrics().getAscent(), w - left - right);
            } else {
                Plot.legendColumn(g, legend, left + cell + 8, top + 4);
            }
        });
    }

    /** The diagonal panels of a corner plot: x ticks only (a density axis means little to a reader). */
    private static void drawAxesNoY(Graphics2D g, Plot p, boolean xLabels, boolean trim) {
        Plot q = new Plot(p.left, p.top, p.width, p.height, p.x, new Plot.Axis(0, 1, false, 0));
        if (trim) {
            q.trimEnds();
        }
        q.axes(g, xLabels, false);
    }

    /**
     * "θ₁ = 0.12 +0.05/−0.04" (median and 16th/84th percentile distances, as corner.py prints them)
     * for a unimodal marginal; "θ₁: modes near −0.50, 0.51" when the smoothed marginal has more
     * than one clear peak, where a single median ± interval would describe a value the posterior avoids.
     */
    static String summary(Parameter p, double[] values, Kde.Marginal m) {
        String name = Text.latexToUnicode(p.latex());
        double[] modes = m.modes();
        if (modes.length > 1) {
            StringBuilder b = new StringBuilder(name).append(": modes near ");
            double step = niceStepFor(m);
            int decimals = Math.max(0, (int) -Math.floor(Math.log10(step)) + 1);
            for (int i = 0; i < Math.min(modes.length, 3); i++) {
                b.append(i > 0 ? ", " : "").append(String.format(java.util.Locale.ROOT, "%." + decimals + "f", modes[i]).replace('-', '−'));
            }
            return modes.length > 3 ? b.append(", …").toString() : b.toString();
        }
        double[] s = values.clone();
        Arrays.sort(s);
        double med = quantile(s, 0.5);
        double up = quantile(s, 0.84) - med;
        double lo = med - quantile(s, 0.16);
        double err = Math.min(up, lo);
        // two significant digits in the smaller error, the median to the same decimal place
        int decimals = err > 0 ? Math.max(0, Math.min(8, 1 - (int) Math.floor(Math.log10(err)))) : 3;
        String f = "%." + decimals + "f";
        return name + " = " + String.format(java.util.Locale.ROOT, f, med).replace('-', '−')
                + " +" + String.format(java.util.Locale.ROOT, f, up) + "/−" + String.format(java.util.Locale.ROOT, f, lo);
    }

    private static double niceStepFor(Kde.Marginal m) {
        double[] x = m.x();
        return Plot.niceStep((x[x.length - 1] - x[0]) / 10);
    }

    // ------------------------------------------------------------------ calibration figures

    /**
     * SBC rank histograms, one panel per parameter. Each series holds counts (y) per rank bin (x = bin
     * centres, equally spaced); its lower/upper band is drawn if given, otherwise the central
     * {@value #SBC_BAND_LEVEL} binomial band of a uniform histogram with the same total. The band is
     * painted first, behind the bars.
     */
    public static Figure sbcRanks(String id, ParameterSpace space, List<Series> rankHistograms) {
        if (space == null || rankHistograms == null || rankHistograms.size() != space.dimension()) {
            throw new IllegalArgumentException("SBC figure " + id + " needs one rank histogram per parameter, got "
                    + (rankHistograms == null ? "none" : rankHistograms.size()) + " for "
                    + (space == null ? "no space" : space.dimension() + " parameters"));
        }
        for (Series s : rankHistograms) {
            if (s.x().length == 0) {
                throw new IllegalArgumentException("SBC rank histogram " + s.name() + " is empty");
            }
            for (double v : s.y()) {
                if (!(v >= 0) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("SBC rank histogram " + s.name() + " has a bad count: " + v);
                }
            }
        }
        int d = space.dimension();
        int width = d <= 2 ? SINGLE_COLUMN : DOUBLE_COLUMN;
        int cols = d <= 2 ? d : Math.min(d, 4);
        int rows = (d + cols - 1) / cols;
        List<Plot.Entry> legend = List.of(new Plot.Entry("ranks", BAR, null, true),
                new Plot.Entry(Math.round(100 * SBC_BAND_LEVEL) + " % band, uniform ranks", Charts.BAND_SOLID, null, true),
                new Plot.Entry("uniform mean", Charts.IDEAL, Plot.DASHED, false));
        double legendH = 4 + legendHeight(null, legend, width - 34);
        double pw = (double) width / cols;
        double ph = pw * 0.82;
        int height = (int) Math.ceil(legendH + rows * ph);
        String caption = "SBC rank histograms of θ* among posterior draws; grey: central "
                + Math.round(100 * SBC_BAND_LEVEL) + " % band expected from a uniform histogram; dashed: its mean.";
        return new Figure(id, caption, width, height, (g, w, h) -> {
            g.setFont(Plot.font(Plot.LEGEND_PT));
            Plot.legend(g, legend, 30, 3 + g.getFontMetrics().getAscent(), w - 34);
            for (int k = 0; k < d; k++) {
                Series s = rankHistograms.get(k);
                Parameter par = space.get(k);
                double[] edges = centresToEdges(s.x());
                double total = Arrays.stream(s.y()).sum();
                int kBins = s.y().length;
                double mean = total / kBins;
                double top = max(s.y());
                double[] lower = null;
                double[] upper = null;
                if (s.lower() != null && s.upper() != null) {
                    double[][] st = stepBand(edges, s.lower(), s.upper());
                    lower = st[1];
                    upper = st[2];
                    top = Math.max(top, max(s.upper()));
                } else if (total >= 1) {
                    double[] band = uniformBand((int) Math.round(total), kBins, SBC_BAND_LEVEL);
                    lower = new double[] {band[0], band[0]};
                    upper = new double[] {band[1], band[1]};
                    top = Math.max(top, band[1]);
                }
                double[] bandX = lower == null ? null : lower.length == 2 ? new double[] {edges[0], edges[kBins]}
                        : stepBand(edges, s.lower(), s.upper())[0];
                Plot.Axis xa = new Plot.Axis(edges[0], edges[kBins], false, pw < 200 ? 3 : 4);
                Plot.Axis ya = new Plot.Axis(0, top > 0 ? 1.12 * top : 1.0, false, 4);
                double ox = (k % cols) * pw;
                double oy = legendH + (k / cols) * ph;
                double lw = Plot.yLabelWidth(g, ya);
                double left = ox + 4 + 10 + 4 + lw + 3;
                Plot p = new Plot(left, oy + 14, ox + pw - 10 - left, ph - 14 - 26, xa, ya);
                if (lower != null) {
                    p.band(g, bandX, lower, upper, Charts.BAND_SOLID);
                }
                p.bars(g, edges, s.y(), BAR, BAR_EDGE);
                p.hline(g, mean, Charts.IDEAL, Plot.DASHED);
                p.axes(g, true, true);
                p.title(g, Text.latexToUnicode(par.latex()));
                String xt = Text.prettyLabel(blankToDefault(s.xLabel(), "rank"));
                g.setFont(Plot.font(Plot.LABEL_PT));
                if (g.getFontMetrics().stringWidth(xt) > p.width && xt.contains(" of ")) {
                    xt = xt.substring(0, xt.indexOf(" of ")); // "normalised rank of theta_1": the panel title names the parameter
                }
                p.xTitle(g, xt);
                p.yTitle(g, Text.prettyLabel(blankToDefault(s.yLabel(), "count")), lw);
            }
        });
    }

    /**
     * The central band of counts per bin of a histogram of {@code total} uniform ranks in {@code bins}
     * bins: the (1−level)/2 and (1+level)/2 quantiles of Binomial(total, 1/bins).
     */
    public static double[] uniformBand(int total, int bins, double level) {
        if (total < 1 || bins < 1 || !(level > 0 && level < 1)) {
            throw new IllegalArgumentException("uniform band needs total >= 1, bins >= 1, 0 < level < 1; got "
                    + total + ", " + bins + ", " + level);
        }
        BinomialDistribution b = new BinomialDistribution(null, total, 1.0 / bins);
        return new double[] {b.inverseCumulativeProbability((1 - level) / 2), b.inverseCumulativeProbability((1 + level) / 2)};
    }

    /** TARP expected coverage probability vs credibility level, its bootstrap band (if given) and the diagonal. */
    public static Figure tarp(String id, Series expectedCoverage) {
        return calibration(id, expectedCoverage, "TARP expected coverage", "TARP ECP", "credibility level 1 − α",
                "expected coverage probability", "bootstrap band",
                "TARP expected coverage probability vs credibility level; grey: bootstrap band; dashed: a calibrated posterior.");
    }

    /** Empirical coverage of highest-posterior-density regions vs credibility level, with the diagonal. */
    public static Figure hpdCoverage(String id, Series coverage) {
        return calibration(id, coverage, "HPD region coverage", "HPD coverage", "credibility level", "empirical coverage",
                "uncertainty band",
                "Fraction of held-out θ* inside the highest-posterior-density region of each credibility level; "
                        + "dashed: a calibrated posterior. Above the diagonal: under-confident; below: over-confident.");
    }

    private static Figure calibration(String id, Series s, String title, String curveLabel, String xDefault, String yDefault,
                                      String bandLabel, String caption) {
        if (s == null || s.x().length < 2) {
            throw new IllegalArgumentException("figure " + id + " needs a curve with at least 2 points");
        }
        return new Figure(id, caption, SINGLE_COLUMN, 270, (g, w, h) -> {
            List<Plot.Entry> legend = new ArrayList<>();
            legend.add(new Plot.Entry(curveLabel, Charts.POSTERIOR, Plot.THICK, false));
            if (s.lower() != null && s.upper() != null) {
                legend.add(new Plot.Entry(bandLabel, Charts.BAND_SOLID, null, true));
            }
            legend.add(new Plot.Entry("calibrated", Charts.IDEAL, Plot.DASHED, false));
            Plot.Axis a = new Plot.Axis(0, 1, false, 5);
            Plot p = single(g, w, h, title, legend, a, new Plot.Axis(0, 1, false, 5),
                    Text.prettyLabel(blankToDefault(s.xLabel(), xDefault)), Text.prettyLabel(blankToDefault(s.yLabel(), yDefault)), 0);
            if (s.lower() != null && s.upper() != null) {
                p.band(g, s.x(), s.lower(), s.upper(), Charts.BAND_SOLID);
            }
            p.line(g, new double[] {0, 1}, new double[] {0, 1}, Charts.IDEAL, Plot.DASHED);
            p.line(g, s.x(), s.y(), Charts.POSTERIOR, Plot.THICK);
            p.axes(g, true, true);
        });
    }

    // ------------------------------------------------------------------ training, comparisons, curves

    /** Training and validation loss per epoch, with the epoch of the lowest validation loss marked. */
    public static Figure trainingCurves(String id, List<EpochReport> epochs) {
        if (epochs == null || epochs.isEmpty()) {
            throw new IllegalArgumentException("training-curve figure " + id + " needs at least one epoch");
        }
        List<EpochReport> list = List.copyOf(epochs);
        double[] x = list.stream().mapToDouble(EpochReport::epoch).toArray();
        double[] train = list.stream().mapToDouble(EpochReport::trainLoss).toArray();
        double[] val = list.stream().mapToDouble(EpochReport::validationLoss).toArray();
        int best = -1;
        for (int i = 0; i < val.length; i++) {
            if (Double.isFinite(val[i]) && (best < 0 || val[i] < val[best])) {
                best = i;
            }
        }
        int bestIndex = best;
        String caption = "Training (blue) and validation (orange) loss per epoch"
                + (best >= 0 ? "; dashed: lowest validation loss, epoch " + (int) x[best] : "") + ".";
        return new Figure(id, caption, SINGLE_COLUMN, 200, (g, w, h) -> {
            double lo = Math.min(minFinite(train), minFinite(val));
            double hi = Math.max(maxFinite(train), maxFinite(val));
            if (!Double.isFinite(lo)) {
                lo = 0;
                hi = 1;
            }
            double pad = 0.05 * (hi - lo);
            List<Plot.Entry> legend = new ArrayList<>(List.of(new Plot.Entry("training loss", Charts.POSTERIOR, Plot.THICK, false),
                    new Plot.Entry("validation loss", Charts.REFERENCE, Plot.THICK, false)));
            if (bestIndex >= 0) {
                legend.add(new Plot.Entry("best epoch " + (int) x[bestIndex], Charts.IDEAL, Plot.DASHED, false));
            }
            Plot p = single(g, w, h, null, legend, new Plot.Axis(min(x), Math.max(max(x), min(x) + 1), false, 6),
                    new Plot.Axis(lo - pad, hi + pad, false, 5), "epoch", "loss", 0);
            p.line(g, x, train, Charts.POSTERIOR, Plot.THICK);
            p.line(g, x, val, Charts.REFERENCE, Plot.THICK);
            if (bestIndex >= 0) {
                p.vline(g, x[bestIndex], Charts.IDEAL, Plot.DASHED);
            }
            p.axes(g, true, true);
        });
    }

    /** Axis scales for {@link #ensembleComparison}. */
    public enum Scale { LINEAR, LOG_X, LOG_Y, LOG_XY }

    /**
     * Compares a statistic between two ensembles (e.g. generated vs reference P(k)): each ensemble's
     * mean with its ±1σ band (from the series' lower/upper), and below it the residual
     * Δ/σ = (y₁ − y₂) / √(σ₁² + σ₂²) with the ±1 band. Both series must share x. Log axes get decade
     * ticks labelled 10ⁿ; cosmology units are printed as a paper does (k [h Mpc⁻¹], P(k) [h⁻³ Mpc³]).
     */
    public static Figure ensembleComparison(String id, String title, Series first, String firstLabel,
                                            Series second, String secondLabel, Scale scale) {
        if (first == null || second == null) {
            throw new IllegalArgumentException("comparison " + id + " needs two series");
        }
        for (Series s : List.of(first, second)) {
            if (s.lower() == null || s.upper() == null) {
                throw new IllegalArgumentException("comparison " + id + ": series " + s.name() + " needs its ±1σ band (lower/upper)");
            }
        }
        int n = first.x().length;
        if (second.x().length != n) {
            throw new IllegalArgumentException("comparison " + id + ": series have " + n + " and " + second.x().length + " points");
        }
        for (int i = 0; i < n; i++) {
            double tol = 1e-9 * Math.max(1, Math.abs(first.x()[i]));
            if (Math.abs(first.x()[i] - second.x()[i]) > tol) {
                throw new IllegalArgumentException("comparison " + id + ": x differs at index " + i + ": "
                        + first.x()[i] + " vs " + second.x()[i]);
            }
        }
        Scale sc = scale == null ? Scale.LINEAR : scale;
        boolean logX = sc == Scale.LOG_X || sc == Scale.LOG_XY;
        boolean logY = sc == Scale.LOG_Y || sc == Scale.LOG_XY;
        double[] residual = new double[n];
        for (int i = 0; i < n; i++) {
            double s1 = (first.upper()[i] - first.lower()[i]) / 2;
            double s2 = (second.upper()[i] - second.lower()[i]) / 2;
            double sigma = Math.sqrt(s1 * s1 + s2 * s2);
            residual[i] = sigma > 0 ? (first.y()[i] - second.y()[i]) / sigma : Double.NaN;
        }
        String l1 = blankToDefault(firstLabel, blankToDefault(first.name(), "first"));
        String l2 = blankToDefault(secondLabel, blankToDefault(second.name(), "second"));
        if (l1.equals(l2)) {
            l2 = l2 + " (2)";
        }
        String label2 = l2;
        String shownTitle = title == null ? "" : Text.human(title);
        String caption = (shownTitle.isEmpty() ? "" : shownTitle + ": ") + l1 + " (blue) and " + label2
                + " (orange), mean with ±1σ band; lower panel: difference in units of the combined σ.";
        return new Figure(id, caption, SINGLE_COLUMN, 280, (g, w, h) -> {
            double[] xs = logX ? positive(first.x()) : finiteOnly(first.x());
            double x0 = min(xs);
            double x1 = max(xs);
            double ylo = Double.POSITIVE_INFINITY;
            double yhi = Double.NEGATIVE_INFINITY;
            for (Series s : List.of(first, second)) {
                for (double[] arr : new double[][] {s.y(), s.lower(), s.upper()}) {
                    for (double v : arr) {
                        if (Double.isFinite(v) && (!logY || v > 0)) {
                            ylo = Math.min(ylo, v);
                            yhi = Math.max(yhi, v);
                        }
                    }
                }
            }
            if (logY) {
                ylo = ylo / 1.3;
                yhi = yhi * 1.3;
            } else {
                double pad = 0.06 * (yhi - ylo);
                ylo -= pad;
                yhi += pad;
            }
            // a label that already says what its band is ("mean ± σ/√n") gets no second "±1σ"
            List<Plot.Entry> legend = List.of(new Plot.Entry(l1 + (l1.contains("±") ? "" : " ±1σ"), Charts.POSTERIOR, Plot.THICK, false),
                    new Plot.Entry(label2 + (label2.contains("±") ? "" : " ±1σ"), Charts.REFERENCE, Plot.DASHED, false));
            Plot.Axis xa = new Plot.Axis(x0, x1, logX, 6);
            Plot.Axis ya = new Plot.Axis(ylo, yhi, logY, logY ? 8 : 5);
            double[][] r = finite(first.x(), residual, logX);
            Plot.Axis ra = residualAxis(r[0].length > 0 ? Math.max(Math.abs(min(r[1])), Math.abs(max(r[1]))) : 0);
            double lw = Math.max(Plot.yLabelWidth(g, ya), Plot.yLabelWidth(g, ra));
            // the upper panel's frame, then the residual panel sharing its x axis
            Plot upper = single(g, w, h, shownTitle, legend, xa, ya, null, Text.prettyLabel(first.yLabel()), 0);
            double left = 4 + 10 + 4 + lw + 3;
            double bottomH = 0.28 * (h - upper.top - 30);
            Plot top = new Plot(left, upper.top, w - left - 12, h - upper.top - 30 - bottomH - 4, xa, ya);
            Plot bottom = new Plot(left, top.top + top.height + 4, top.width, bottomH, xa, ra);
            g.setColor(Color.WHITE);
            g.fill(new java.awt.geom.Rectangle2D.Double(0, upper.top - 1, w, h - upper.top + 1));
            top.band(g, first.x(), first.lower(), first.upper(), Charts.withAlpha(Charts.POSTERIOR, 60));
            top.band(g, second.x(), second.lower(), second.upper(), Charts.withAlpha(Charts.REFERENCE, 60));
            top.line(g, first.x(), first.y(), Charts.POSTERIOR, Plot.THICK);
            top.line(g, second.x(), second.y(), Charts.REFERENCE, Plot.DASHED);
            top.axes(g, false, true);
            top.yTitle(g, Text.prettyLabel(blankToDefault(first.yLabel(), "value")), lw);
            bottom.band(g, new double[] {x0, x1}, new double[] {-1, -1}, new double[] {1, 1}, Charts.BAND_SOLID);
            bottom.hline(g, 0, Charts.IDEAL, Plot.DASHED);
            bottom.line(g, r[0], r[1], Charts.POSTERIOR, Plot.LINE);
            bottom.scatter(g, r[0], r[1], Charts.POSTERIOR, 1.2);
            bottom.axes(g, true, true);
            bottom.yTitle(g, "Δ/σ", lw);
            bottom.xTitle(g, Text.prettyLabel(blankToDefault(first.xLabel(), "x")));
        });
    }

    /**
     * The Δ/σ axis of a residual panel: symmetric, at least ±3, its ends rounded up to a tick so that
     * labels stand beside 0 (±41 under a 3-tick limit used to leave "0" alone: the step came out as 50).
     */
    static Plot.Axis residualAxis(double maxAbs) {
        double m = Math.max(3, 1.1 * (Double.isFinite(maxAbs) ? maxAbs : 0));
        double step = Plot.niceStep(m / 2);
        m = Math.ceil(m / step - 1e-9) * step;
        return new Plot.Axis(-m, m, false, 5);
    }

    /** Any list of curves with their bands on one set of axes (titles from the first series). */
    public static Figure curves(String id, String title, List<Series> series) {
        if (series == null || series.isEmpty()) {
            throw new IllegalArgumentException("figure " + id + " needs at least one series");
        }
        List<Series> list = List.copyOf(series);
        String shown = Text.human(blankToDefault(title, id));
        return new Figure(id, shown, SINGLE_COLUMN, 200, (g, w, h) -> {
            double xlo = Double.POSITIVE_INFINITY;
            double xhi = Double.NEGATIVE_INFINITY;
            double ylo = Double.POSITIVE_INFINITY;
            double yhi = Double.NEGATIVE_INFINITY;
            List<Plot.Entry> legend = new ArrayList<>();
            for (int k = 0; k < list.size(); k++) {
                Series s = list.get(k);
                for (int i = 0; i < s.x().length; i++) {
                    if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
                        xlo = Math.min(xlo, s.x()[i]);
                        xhi = Math.max(xhi, s.x()[i]);
                        ylo = Math.min(ylo, s.y()[i]);
                        yhi = Math.max(yhi, s.y()[i]);
                        if (s.lower() != null && s.upper() != null && Double.isFinite(s.lower()[i]) && Double.isFinite(s.upper()[i])) {
                            ylo = Math.min(ylo, s.lower()[i]);
                            yhi = Math.max(yhi, s.upper()[i]);
                        }
                    }
                }
                legend.add(new Plot.Entry(blankToDefault(s.name(), "series " + (k + 1)), CYCLE[k % CYCLE.length], Plot.THICK, false));
            }
            if (!Double.isFinite(xlo)) {
                xlo = 0;
                xhi = 1;
                ylo = 0;
                yhi = 1;
            }
            // positive data over two decades or more (a power spectrum, a correlation function) reads on log axes
            boolean logX = xlo > 0 && xhi / xlo >= 100;
            boolean logY = ylo > 0 && yhi / ylo >= 100;
            double pad = 0.05 * (yhi - ylo);
            Plot p = single(g, w, h, shown, legend.size() > 1 ? legend : List.of(), new Plot.Axis(xlo, xhi, logX, 6),
                    logY ? new Plot.Axis(ylo / 1.3, yhi * 1.3, true, 8) : new Plot.Axis(ylo - pad, yhi + pad, false, 5),
                    Text.prettyLabel(list.get(0).xLabel()),
                    Text.prettyLabel(list.get(0).yLabel()), 0);
            for (int k = 0; k < list.size(); k++) {
                Series s = list.get(k);
                Color color = CYCLE[k % CYCLE.length];
                if (s.lower() != null && s.upper() != null) {
                    p.band(g, s.x(), s.lower(), s.upper(), Charts.withAlpha(color, 50));
                }
                p.line(g, s.x(), s.y(), color, Plot.THICK);
            }
            p.axes(g, true, true);
        });
    }

    // ------------------------------------------------------------------ helpers

    private static double[] finiteOnly(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).toArray();
    }

    private static double minFinite(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).min().orElse(Double.NaN);
    }

    private static double maxFinite(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).max().orElse(Double.NaN);
    }

    private static double[] concat(double[] a, double[] b) {
        double[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static double[] positive(double[] v) {
        double[] p = Arrays.stream(v).filter(t -> t > 0 && Double.isFinite(t)).toArray();
        return p.length == 0 ? new double[] {1} : p;
    }

    private static double[][] finite(double[] x, double[] y) {
        return finite(x, y, false);
    }

    private static double[][] finite(double[] x, double[] y, boolean positiveX) {
        int m = 0;
        double[] fx = new double[x.length];
        double[] fy = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i]) && (!positiveX || x[i] > 0)) {
                fx[m] = x[i];
                fy[m++] = y[i];
            }
        }
        return new double[][] {Arrays.copyOf(fx, m), Arrays.copyOf(fy, m)};
    }

    /** Validates [n][d] samples (finite, rectangular) and returns them as d columns. */
    private static double[][] columns(double[][] rows, int d, String what) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException(what + ": need at least one sample");
        }
        double[][] cols = new double[d][rows.length];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] == null || rows[r].length != d) {
                throw new IllegalArgumentException(what + ": row " + r + " has " + (rows[r] == null ? "no" : rows[r].length)
                        + " values, expected " + d);
            }
            for (int k = 0; k < d; k++) {
                double v = rows[r][k];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(what + ": row " + r + " column " + k + " is " + v);
                }
                cols[k][r] = v;
            }
        }
        return cols;
    }

    /** Plot range: the 0.1–99.9% span of all samples and the truth, padded by 5%, clipped to the support. */
    private static double[] range(Parameter p, double[] post, double[] ref, double truth) {
        double[] s = post.clone();
        Arrays.sort(s);
        double lo = quantile(s, 0.001);
        double hi = quantile(s, 0.999);
        if (ref != null) {
            double[] r = ref.clone();
            Arrays.sort(r);
            lo = Math.min(lo, quantile(r, 0.001));
            hi = Math.max(hi, quantile(r, 0.999));
        }
        if (Double.isFinite(truth)) {
            lo = Math.min(lo, truth);
            hi = Math.max(hi, truth);
        }
        double span = hi - lo;
        if (!(span > 0)) {
            span = Math.max(Math.abs(lo) * 0.1, 1e-3);
        }
        lo = Math.max(lo - 0.05 * span, p.lower());
        hi = Math.min(hi + 0.05 * span, p.upper());
        if (!(hi > lo)) {
            hi = lo + span;
        }
        return new double[] {lo, hi};
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, sorted.length - 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }

    private static double[] linspace(double a, double b, int n) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = a + (b - a) * i / (n - 1);
        }
        return r;
    }

    /** Histogram as a probability density over all values (values outside the edges still count in the total). */
    private static double[] density(double[] values, double[] edges) {
        int k = edges.length - 1;
        double w = (edges[k] - edges[0]) / k;
        double[] h = new double[k];
        for (double v : values) {
            if (v >= edges[0] && v <= edges[k]) {
                h[Math.min(k - 1, (int) ((v - edges[0]) / w))] += 1;
            }
        }
        for (int i = 0; i < k; i++) {
            h[i] /= values.length * w;
        }
        return h;
    }

    private static double[] centresToEdges(double[] centres) {
        int k = centres.length;
        double w = k > 1 ? (centres[k - 1] - centres[0]) / (k - 1) : 1.0;
        if (!(w > 0)) {
            throw new IllegalArgumentException("rank-histogram bin centres must increase, got " + Arrays.toString(centres));
        }
        double[] e = new double[k + 1];
        for (int i = 0; i <= k; i++) {
            e[i] = centres[0] + (i - 0.5) * w;
        }
        return e;
    }

    private static double[][] stepBand(double[] edges, double[] lower, double[] upper) {
        int k = lower.length;
        double[] x = new double[2 * k];
        double[] lo = new double[2 * k];
        double[] hi = new double[2 * k];
        for (int i = 0; i < k; i++) {
            x[2 * i] = edges[i];
            x[2 * i + 1] = edges[i + 1];
            lo[2 * i] = lo[2 * i + 1] = lower[i];
            hi[2 * i] = hi[2 * i + 1] = upper[i];
        }
        return new double[][] {x, lo, hi};
    }

    /** Every k-th value so that at most {@code max} remain; deterministic, keeps the sample's spread. */
    private static double[] thin(double[] v, int max) {
        if (v.length <= max) {
            return v;
        }
        double step = (double) v.length / max;
        double[] r = new double[max];
        for (int i = 0; i < max; i++) {
            r[i] = v[(int) (i * step)];
        }
        return r;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double t : v) {
            if (t > m) {
                m = t;
            }
        }
        return m;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double t : v) {
            if (t < m) {
                m = t;
            }
        }
        return m;
    }

    private static String blankToDefault(String s, String def) {
        return s == null || s.isBlank() ? def : s;
    }

    private record LegendEntry(Color color, boolean line, String text) {
    }

    private static void drawLegend(Graphics2D g, List<LegendEntry> entries, int x, int y) {
        Font font = new Font(Charts.FONT, Font.PLAIN, 13);
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        int rowH = fm.getHeight() + 6;
        for (int i = 0; i < entries.size(); i++) {
            LegendEntry e = entries.get(i);
            int yy = y + i * rowH;
            if (e.line()) {
                g.setColor(e.color());
                g.setStroke(new BasicStroke(2f));
                g.drawLine(x, yy + rowH / 2 - 3, x + 22, yy + rowH / 2 - 3);
            } else {
                g.setColor(Charts.withAlpha(e.color(), 110));
                g.fillRect(x, yy + 2, 22, rowH - 10);
                g.setColor(e.color());
                g.drawRect(x, yy + 2, 22, rowH - 10);
            }
            g.setColor(Color.BLACK);
            g.drawString(e.text(), x + 30, yy + fm.getAscent());
        }
    }

    private static void drawCentered(Graphics2D g, Font font, String text, double cx, double cy, boolean vertical) {
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        int tw = fm.stringWidth(text);
        if (!vertical) {
            g.drawString(text, (float) (cx - tw / 2.0), (float) (cy + fm.getAscent() / 2.0 - 2));
            return;
        }
        AffineTransform saved = g.getTransform();
        g.translate(cx, cy);
        g.rotate(-Math.PI / 2);
        g.drawString(text, (float) (-tw / 2.0), (float) (fm.getAscent() / 2.0 - 2));
        g.setTransform(saved);
    }
}
