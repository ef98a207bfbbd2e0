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

    // ------------------------------------------------------------------ corner / pair plot

    /** Pair plot of posterior samples with the true parameters marked (truth may be null). */
    public static Figure corner(String id, ParameterSpace space, double[][] samples, double[] truth) {
        return corner(id, space, samples, truth, null, null);
    }

    /**
     * Pair (corner) plot: 1-D histograms on the diagonal, 2-D scatter below it, the truth θ* as red
     * lines, and an optional reference sample (e.g. a reference posterior) overlaid in orange.
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
        int bins = Math.max(10, Math.min(40, (int) Math.round(Math.sqrt(n))));
        int cell = Math.max(170, Math.min(280, 960 / d));
        int left = 64;
        int top = 28;
        int bottom = 56;
        int right = d == 1 ? 210 : 12;
        int width = left + d * cell + right;
        int height = top + d * cell + bottom;
        String caption = "Pair plot of " + n + " posterior samples" + (truth != null ? "; red: true parameters θ*" : "")
                + (ref != null ? "; orange: " + refLabel + " (" + ref[0].length + " samples)" : "") + ".";
        return new Figure(id, caption, width, height, (g, w, h) -> {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j <= i; j++) {
                    XYChart chart = i == j
                            ? cornerDiagonal(space, i, post[i], ref == null ? null : ref[i], truth, range[i], bins, cell)
                            : cornerPair(post, ref, truth, i, j, range, cell);
                    edges(chart, j == 0, i == d - 1);
                    Charts.paintAt(g, chart, left + j * cell, top + i * cell, cell, cell);
                }
            }
            g.setColor(Color.BLACK);
            Font axisFont = new Font(Charts.FONT, Font.PLAIN, 14);
            for (int k = 0; k < d; k++) {
                String label = Text.axisLabel(space.get(k).latex(), space.get(k).unit());
                drawCentered(g, axisFont, label, left + k * cell + cell / 2.0, top + d * cell + 40, false);
                if (k > 0) {
                    drawCentered(g, axisFont, label, 18, top + k * cell + cell / 2.0, true);
                }
                drawCentered(g, new Font(Charts.FONT, Font.PLAIN, 12), summary(space.get(k), post[k]),
                        left + k * cell + cell / 2.0, top + k * cell - 8, false);
            }
            List<LegendEntry> legend = new ArrayList<>();
            legend.add(new LegendEntry(Charts.POSTERIOR, false, "posterior (" + n + " samples)"));
            if (ref != null) {
                legend.add(new LegendEntry(Charts.REFERENCE, false, refLabel + " (" + ref[0].length + " samples)"));
            }
            if (truth != null) {
                legend.add(new LegendEntry(Charts.TRUTH, true, "true value θ*"));
            }
            int lx = d == 1 ? left + cell + 16 : left + (d - 1) * cell + 10 - (d == 2 ? cell / 3 : 0);
            drawLegend(g, legend, lx, top + 12);
        });
    }

    private static XYChart cornerDiagonal(ParameterSpace space, int k, double[] post, double[] ref, double[] truth,
                                          double[] range, int bins, int cell) {
        XYChart c = Charts.xy(cell, cell, "", "", "");
        c.getStyler().setLegendVisible(false);
        double[] edges = linspace(range[0], range[1], bins + 1);
        double[] hp = density(post, edges);
        double max = max(hp);
        Charts.steps(c, "posterior", edges, hp, Charts.POSTERIOR, true);
        if (ref != null) {
            double[] hr = density(ref, edges);
            max = Math.max(max, max(hr));
            Charts.steps(c, "reference", edges, hr, Charts.REFERENCE, false).setLineStyle(new BasicStroke(1.8f));
        }
        if (truth != null) {
            Charts.line(c, "truth", new double[] {truth[k], truth[k]}, new double[] {0, 1.08 * max}, Charts.TRUTH, Charts.SOLID);
        }
        c.getStyler().setXAxisMin(range[0]).setXAxisMax(range[1]).setYAxisMin(0.0).setYAxisMax(max > 0 ? 1.1 * max : 1.0);
        return c;
    }

    private static XYChart cornerPair(double[][] post, double[][] ref, double[] truth, int i, int j, double[][] range, int cell) {
        XYChart c = Charts.xy(cell, cell, "", "", "");
        c.getStyler().setLegendVisible(false);
        int d = post.length;
        int maxPoints = d > 4 ? 1500 : 3000;
        c.getStyler().setMarkerSize(d > 4 ? 2 : 3);
        Charts.scatter(c, "posterior", thin(post[j], maxPoints), thin(post[i], maxPoints), Charts.withAlpha(Charts.POSTERIOR, 70));
        if (ref != null) {
            Charts.scatter(c, "reference", thin(ref[j], maxPoints), thin(ref[i], maxPoints), Charts.withAlpha(Charts.REFERENCE, 60));
        }
        if (truth != null) {
            Charts.line(c, "truth-x", new double[] {truth[j], truth[j]}, new double[] {range[i][0], range[i][1]}, Charts.TRUTH, Charts.THIN);
            Charts.line(c, "truth-y", new double[] {range[j][0], range[j][1]}, new double[] {truth[i], truth[i]}, Charts.TRUTH, Charts.THIN);
            XYSeries dot = c.addSeries("truth", new double[] {truth[j]}, new double[] {truth[i]});
            dot.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            dot.setMarker(SeriesMarkers.SQUARE);
            dot.setMarkerColor(Charts.TRUTH);
        }
        c.getStyler().setXAxisMin(range[j][0]).setXAxisMax(range[j][1]).setYAxisMin(range[i][0]).setYAxisMax(range[i][1]);
        return c;
    }

    /** Hides tick labels away from the outer edges, as corner plots do, so inner panels keep equal sizes. */
    private static void edges(XYChart c, boolean leftColumn, boolean bottomRow) {
        c.getStyler().setYAxisTicksVisible(leftColumn);
        c.getStyler().setXAxisTicksVisible(bottomRow);
        c.getStyler().setAxisTitlesVisible(false);
        c.getStyler().setYAxisLeftWidthHint(leftColumn ? 44 : 0);
        c.getStyler().setAxisTicksLineVisible(false);
    }

    /** "θ₁ = 0.12 +0.05/−0.04": median and the 16th/84th percentile distances, as corner.py prints them. */
    private static String summary(Parameter p, double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        double med = quantile(s, 0.5);
        double up = quantile(s, 0.84) - med;
        double lo = med - quantile(s, 0.16);
        double err = Math.min(up, lo);
        // two significant digits in the smaller error, the median to the same decimal place
        int decimals = err > 0 ? Math.max(0, Math.min(8, 1 - (int) Math.floor(Math.log10(err)))) : 3;
        String f = "%." + decimals + "f";
        return Text.latexToUnicode(p.latex()) + " = " + String.format(java.util.Locale.ROOT, f, med)
                + " +" + String.format(java.util.Locale.ROOT, f, up) + "/−" + String.format(java.util.Locale.ROOT, f, lo);
    }

    // ------------------------------------------------------------------ calibration figures

    /**
     * SBC rank histograms, one panel per parameter. Each series holds counts (y) per rank bin (x = bin
     * centres, equally spaced); its lower/upper band is drawn if given, otherwise the central
     * {@value #SBC_BAND_LEVEL} binomial band of a uniform histogram with the same total.
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
        int cols = Math.min(d, 3);
        int rows = (d + cols - 1) / cols;
        int pw = 360;
        int ph = 260;
        String caption = "SBC rank histograms of θ* among posterior draws; grey: central "
                + Math.round(100 * SBC_BAND_LEVEL) + "% band expected from a uniform histogram; dashed: its mean.";
        return new Figure(id, caption, cols * pw, rows * ph, (g, w, h) -> {
            for (int k = 0; k < d; k++) {
                Series s = rankHistograms.get(k);
                Parameter p = space.get(k);
                XYChart c = Charts.xy(pw, ph, Text.latexToUnicode(p.latex()), blankToDefault(s.xLabel(), "rank"),
                        blankToDefault(s.yLabel(), "count"));
                // ranks live on [0, 1]: short fixed labels instead of XChart's float noise (".0000…")
                c.getStyler().setLegendVisible(false);
                c.getStyler().setXAxisDecimalPattern("0.##");
                double[] edges = centresToEdges(s.x());
                double total = Arrays.stream(s.y()).sum();
                int kBins = s.y().length;
                double mean = total / kBins;
                double top = max(s.y());
                if (s.lower() != null && s.upper() != null) {
                    double[][] st = stepBand(edges, s.lower(), s.upper());
                    Charts.band(c, "band", st[0], st[1], st[2], Charts.BAND);
                    top = Math.max(top, max(s.upper()));
                } else if (total >= 1) {
                    double[] band = uniformBand((int) Math.round(total), kBins, SBC_BAND_LEVEL);
                    double[] x2 = {edges[0], edges[kBins]};
                    Charts.band(c, "band", x2, new double[] {band[0], band[0]}, new double[] {band[1], band[1]}, Charts.BAND);
                    top = Math.max(top, band[1]);
                }
                Charts.steps(c, "ranks", edges, s.y(), Charts.POSTERIOR, true);
                Charts.line(c, "uniform", new double[] {edges[0], edges[kBins]}, new double[] {mean, mean}, Charts.IDEAL, Charts.DASHED);
                c.getStyler().setYAxisMin(0.0).setYAxisMax(top > 0 ? 1.15 * top : 1.0)
                        .setXAxisMin(edges[0]).setXAxisMax(edges[kBins]);
                Charts.paintAt(g, c, (k % cols) * pw, (k / cols) * ph, pw, ph);
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
        return new Figure(id, caption, 540, 500, (g, w, h) -> {
            XYChart c = Charts.xy(w, h, title, blankToDefault(s.xLabel(), xDefault), blankToDefault(s.yLabel(), yDefault));
            c.getStyler().setXAxisDecimalPattern("0.##").setXAxisTickMarkSpacingHint(90);
            if (s.lower() != null && s.upper() != null) {
                Charts.band(c, bandLabel, s.x(), s.lower(), s.upper(), Charts.BAND);
            }
            Charts.line(c, "calibrated", new double[] {0, 1}, new double[] {0, 1}, Charts.IDEAL, Charts.DASHED);
            Charts.line(c, curveLabel, s.x(), s.y(), Charts.POSTERIOR, new BasicStroke(2f));
            c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
            c.paint(g, w, h);
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
        return new Figure(id, caption, 680, 440, (g, w, h) -> {
            XYChart c = Charts.xy(w, h, "Training curves", "epoch", "loss");
            c.getStyler().setXAxisTickMarkSpacingHint(70);
            c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
            double[][] t = finite(x, train);
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            if (t[0].length > 0) {
                Charts.line(c, "training loss", t[0], t[1], Charts.POSTERIOR, new BasicStroke(2f));
                lo = Math.min(lo, min(t[1]));
                hi = Math.max(hi, max(t[1]));
            }
            double[][] v = finite(x, val);
            if (v[0].length > 0) {
                Charts.line(c, "validation loss", v[0], v[1], Charts.REFERENCE, new BasicStroke(2f));
                lo = Math.min(lo, min(v[1]));
                hi = Math.max(hi, max(v[1]));
            }
            if (bestIndex >= 0 && hi > lo) {
                Charts.line(c, "best epoch " + (int) x[bestIndex], new double[] {x[bestIndex], x[bestIndex]},
                        new double[] {lo, hi}, Charts.IDEAL, Charts.DASHED);
            }
            c.paint(g, w, h);
        });
    }

    /** Axis scales for {@link #ensembleComparison}. */
    public enum Scale { LINEAR, LOG_X, LOG_Y, LOG_XY }

    /**
     * Compares a statistic between two ensembles (e.g. generated vs reference P(k)): each ensemble's
     * mean with its ±1σ band (from the series' lower/upper), and below it the residual
     * Δ/σ = (y₁ − y₂) / √(σ₁² + σ₂²) with the ±1 band. Both series must share x.
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
        String caption = (title == null || title.isBlank() ? "" : title + ": ") + l1 + " (blue) and " + label2
                + " (orange), mean with ±1σ band; lower panel: difference in units of the combined σ.";
        return new Figure(id, caption, 720, 620, (g, w, h) -> {
            int topH = (int) Math.round(h * 0.68);
            XYChart top = Charts.xy(w, topH, title, "", blankToDefault(first.yLabel(), "value"));
            top.getStyler().setXAxisTicksVisible(false).setXAxisTitleVisible(false);
            top.getStyler().setXAxisLogarithmic(logX).setYAxisLogarithmic(logY).setYAxisLeftWidthHint(64);
            top.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
            addMeanBand(top, l1, first, Charts.POSTERIOR, logX, logY, Charts.SOLID);
            addMeanBand(top, label2, second, Charts.REFERENCE, logX, logY, Charts.DASHED);
            XYChart bottom = Charts.xy(w, h - topH, "", blankToDefault(first.xLabel(), "x"), "Δ/σ");
            bottom.getStyler().setLegendVisible(false);
            bottom.getStyler().setXAxisLogarithmic(logX).setYAxisLeftWidthHint(64);
            double[][] r = finite(first.x(), residual, logX);
            double[] xr = logX ? positive(first.x()) : first.x();
            double x0 = min(xr);
            double x1 = max(xr);
            Charts.band(bottom, "±1σ", new double[] {x0, x1}, new double[] {-1, -1}, new double[] {1, 1}, Charts.BAND);
            Charts.line(bottom, "zero", new double[] {x0, x1}, new double[] {0, 0}, Charts.IDEAL, Charts.DASHED);
            if (r[0].length > 0) {
                XYSeries rs = Charts.line(bottom, "residual", r[0], r[1], Charts.POSTERIOR, Charts.SOLID);
                rs.setMarker(SeriesMarkers.CIRCLE);
                rs.setMarkerColor(Charts.POSTERIOR);
                double m = Math.max(3, 1.1 * Math.max(Math.abs(min(r[1])), Math.abs(max(r[1]))));
                bottom.getStyler().setYAxisMin(-m).setYAxisMax(m);
            } else {
                bottom.getStyler().setYAxisMin(-3.0).setYAxisMax(3.0);
            }
            top.getStyler().setXAxisMin(x0).setXAxisMax(x1);
            bottom.getStyler().setXAxisMin(x0).setXAxisMax(x1);
            Charts.paintAt(g, top, 0, 0, w, topH);
            Charts.paintAt(g, bottom, 0, topH, w, h - topH);
        });
    }

    /** Any list of curves with their bands on one set of axes (titles from the first series). */
    public static Figure curves(String id, String title, List<Series> series) {
        if (series == null || series.isEmpty()) {
            throw new IllegalArgumentException("figure " + id + " needs at least one series");
        }
        List<Series> list = List.copyOf(series);
        return new Figure(id, blankToDefault(title, id), 680, 460, (g, w, h) -> {
            XYChart c = Charts.xy(w, h, title, list.get(0).xLabel(), list.get(0).yLabel());
            for (int k = 0; k < list.size(); k++) {
                Series s = list.get(k);
                Color color = CYCLE[k % CYCLE.length];
                String name = blankToDefault(s.name(), "series " + (k + 1));
                if (s.lower() != null && s.upper() != null) {
                    Charts.band(c, name + " band", s.x(), s.lower(), s.upper(), Charts.withAlpha(color, 50)).setShowInLegend(false);
                }
                double[][] f = finite(s.x(), s.y());
                Charts.line(c, name, f[0], f[1], color, new BasicStroke(2f));
            }
            c.paint(g, w, h);
        });
    }

    // ------------------------------------------------------------------ helpers

    private static void addMeanBand(XYChart c, String label, Series s, Color color, boolean logX, boolean logY, BasicStroke stroke) {
        double floor = logY ? 0.5 * min(positive(s.lower().length > 0 ? concat(s.lower(), s.y()) : s.y())) : Double.NaN;
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < s.x().length; i++) {
            double x = s.x()[i];
            double y = s.y()[i];
            if (!Double.isFinite(x) || !Double.isFinite(y) || (logX && x <= 0) || (logY && y <= 0)) {
                continue;
            }
            double lo = s.lower()[i];
            double hi = s.upper()[i];
            if (logY && lo <= 0) {
                lo = floor; // a band reaching zero cannot be drawn on a log axis
            }
            pts.add(new double[] {x, y, lo, hi});
        }
        double[] x = pts.stream().mapToDouble(p -> p[0]).toArray();
        if (x.length == 0) {
            return;
        }
        Charts.band(c, label + " ±1σ", x, pts.stream().mapToDouble(p -> p[2]).toArray(),
                pts.stream().mapToDouble(p -> p[3]).toArray(), Charts.withAlpha(color, 55)).setShowInLegend(false);
        Charts.line(c, label, x, pts.stream().mapToDouble(p -> p[1]).toArray(), color, stroke);
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
