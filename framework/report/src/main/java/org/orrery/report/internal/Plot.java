package org.orrery.report.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One set of axes in publication style, painted in points (1/72 in) onto any {@link Graphics2D}: a
 * closed frame with inward ticks at round values (1, 2, 2.5 or 5 × 10ⁿ), decades with 10ⁿ labels and
 * minor ticks on log axes, journal font sizes, data clipped to the frame. Everything the report's
 * figures draw goes through here, so every figure shares one look.
 */
public final class Plot {

    /** Journal sizes in points: tick labels, axis labels, titles and legends of a 3.5-inch figure. */
    public static final float TICK_PT = 7.5f;
    public static final float LABEL_PT = 8.5f;
    public static final float TITLE_PT = 8.5f;
    public static final float LEGEND_PT = 7.5f;
    public static final String FAMILY = Font.SERIF;
    public static final BasicStroke FRAME = new BasicStroke(0.6f);
    public static final BasicStroke LINE = new BasicStroke(1.0f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    public static final BasicStroke THICK = new BasicStroke(1.3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    public static final BasicStroke THIN = new BasicStroke(0.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    public static final BasicStroke DASHED = new BasicStroke(0.9f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {3.5f, 2.5f}, 0f);

    public static Font font(float pt) {
        return new Font(FAMILY, Font.PLAIN, 10).deriveFont(pt);
    }

    /** One axis: its range, scale and the ticks chosen for it. */
    public static final class Axis {
        final double min;
        final double max;
        final boolean log;
        final double[] major;
        final double[] minor;
        final String[] labels;

        /** The labels of the major ticks, in order (what a reader sees along the axis). */
        public List<String> tickLabels() {
            return List.of(labels);
        }

        public Axis(double min, double max, boolean log, int maxTicks) {
            if (!(max > min)) {
                double c = Double.isFinite(min) ? min : 0;
                double pad = log ? c * 0.5 : Math.max(1e-9, Math.abs(c) * 0.05 + (c == 0 ? 1 : 0));
                min = c - pad;
                max = c + pad;
            }
            this.min = min;
            this.max = max;
            this.log = log;
            if (log) {
                int lo = (int) Math.floor(Math.log10(min) + 1e-9);
                int hi = (int) Math.ceil(Math.log10(max) - 1e-9);
                int step = Math.max(1, (int) Math.ceil((hi - lo + 1) / (double) Math.max(2, maxTicks)));
                List<Double> maj = new ArrayList<>();
                List<Double> mnr = new ArrayList<>();
                for (int e = lo; e <= hi; e++) {
                    double v = Math.pow(10, e);
                    if (e % step == 0 && v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) {
                        maj.add(v);
                    }
                    for (int m = 2; m <= 9 && step == 1; m++) {
                        double u = m * v;
                        if (u >= min && u <= max) {
                            mnr.add(u);
                        }
                    }
                }
                major = maj.stream().mapToDouble(Double::doubleValue).toArray();
                minor = mnr.stream().mapToDouble(Double::doubleValue).toArray();
                labels = new String[major.length];
                for (int i = 0; i < major.length; i++) {
                    labels[i] = power(Math.round(Math.log10(major[i])));
                }
            } else {
                double step = niceStep((max - min) / Math.max(2, maxTicks));
                long first = (long) Math.ceil(min / step - 1e-9);
                long last = (long) Math.floor(max / step + 1e-9);
                major = new double[(int) Math.max(0, last - first + 1)];
                for (int i = 0; i < major.length; i++) {
                    major[i] = (first + i) * step;
                    if (Math.abs(major[i]) < step * 1e-9) {
                        major[i] = 0;
                    }
                }
                minor = new double[0];
                labels = new String[major.length];
                int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
                double exponent = Math.floor(Math.log10(step) + 1e-9);
                if (Math.abs(step / Math.pow(10, exponent) - 2.5) < 1e-9 && exponent <= 0) {
                    decimals++;
                }
                for (int i = 0; i < major.length; i++) {
                    labels[i] = linearLabel(major[i], decimals, step);
                }
            }
        }

        /** 0..1 along the axis. */
        public double fraction(double v) {
            return log ? (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)) : (v - min) / (max - min);
        }
    }

    /** 1, 2, 2.5 or 5 × 10ⁿ, the smallest not below {@code raw}. */
    public static double niceStep(double raw) {
        if (!(raw > 0) || Double.isInfinite(raw)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= raw * (1 - 1e-9)) {
                return m * p;
            }
        }
        return 10 * p;
    }

    static String linearLabel(double v, int decimals, double step) {
        double mag = Math.max(Math.abs(v), step);
        if (mag >= 1e5 || mag < 1e-3) {
            // scientific with a Unicode exponent, never "1E4"
            int e = (int) Math.floor(Math.log10(Math.abs(v == 0 ? step : v)));
            double m = v / Math.pow(10, e);
            if (v == 0) {
                return "0";
            }
            String ms = String.format(Locale.ROOT, "%.1f", m).replace(".0", "");
            return (ms.equals("1") ? "" : ms.equals("-1") ? "−" : ms.replace('-', '−') + "×") + power(e);
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v).replace('-', '−');
    }

    /** "10⁻³". */
    public static String power(long e) {
        return "10" + Text.superscript(Long.toString(e));
    }

    // ------------------------------------------------------------------ the frame

    public final double left;
    public final double top;
    public final double width;
    public final double height;
    public final Axis x;
    public final Axis y;

    public Plot(double left, double top, double width, double height, Axis x, Axis y) {
        this.left = left;
        this.top = top;
        this.width = width;
        this.height = height;
        this.x = x;
        this.y = y;
    }

    private boolean trimEnds;

    /** Leaves out tick labels at the very ends of the axes (for panels that touch, as in a corner plot). */
    public Plot trimEnds() {
        trimEnds = true;
        return this;
    }

    public double px(double v) {
        return left + x.fraction(v) * width;
    }

    public double py(double v) {
        return top + height - y.fraction(v) * height;
    }

    public Rectangle2D frame() {
        return new Rectangle2D.Double(left, top, width, height);
    }

    /** Frame, ticks on all four sides (inward) and tick labels on the sides asked for. */
    public void axes(Graphics2D g, boolean xLabels, boolean yLabels) {
        g.setColor(Color.BLACK);
        g.setStroke(FRAME);
        g.draw(frame());
        double majorLen = 3.5;
        double minorLen = 2;
        for (double v : x.major) {
            tickX(g, px(v), majorLen);
        }
        for (double v : x.minor) {
            tickX(g, px(v), minorLen);
        }
        for (double v : y.major) {
            tickY(g, py(v), majorLen);
        }
        for (double v : y.minor) {
            tickY(g, py(v), minorLen);
        }
        g.setFont(font(TICK_PT));
        FontMetrics fm = g.getFontMetrics();
        if (xLabels) {
            for (int i = 0; i < x.major.length; i++) {
                double f = x.fraction(x.major[i]);
                double cx = px(x.major[i]);
                String s = x.labels[i];
                double half = fm.stringWidth(s) / 2.0;
                if (trimEnds && (f < 0.06 || f > 0.94 || cx - half < left - 1.5 || cx + half > left + width + 1.5)) {
                    continue; // panels side by side: a label reaching past the seam would run into the neighbour's
                }
                g.drawString(s, (float) (cx - fm.stringWidth(s) / 2.0), (float) (top + height + 3 + fm.getAscent()));
            }
        }
        if (yLabels) {
            for (int i = 0; i < y.major.length; i++) {
                double f = y.fraction(y.major[i]);
                double cy = py(y.major[i]);
                if (trimEnds && (f < 0.06 || f > 0.94 || cy - fm.getAscent() / 2.0 < top - 1.5
                        || cy + fm.getAscent() / 2.0 > top + height + 1.5)) {
                    continue;
                }
                String s = y.labels[i];
                g.drawString(s, (float) (left - 3 - fm.stringWidth(s)), (float) (cy + fm.getAscent() / 2.0 - 1));
            }
        }
    }

    private void tickX(Graphics2D g, double cx, double len) {
        if (cx < left - 0.01 || cx > left + width + 0.01) {
            return;
        }
        g.draw(new Line2D.Double(cx, top + height, cx, top + height - len));
        g.draw(new Line2D.Double(cx, top, cx, top + len));
    }

    private void tickY(Graphics2D g, double cy, double len) {
        if (cy < top - 0.01 || cy > top + height + 0.01) {
            return;
        }
        g.draw(new Line2D.Double(left, cy, left + len, cy));
        g.draw(new Line2D.Double(left + width, cy, left + width - len, cy));
    }

    /** Widest y tick label, for laying out the left margin. */
    public static double yLabelWidth(Graphics2D g, Axis y) {
        g.setFont(font(TICK_PT));
        FontMetrics fm = g.getFontMetrics();
        double w = 0;
        for (String s : y.labels) {
            w = Math.max(w, fm.stringWidth(s));
        }
        return w;
    }

    public void xTitle(Graphics2D g, String s) {
        if (s == null || s.isBlank()) {
            return;
        }
        g.setFont(font(LABEL_PT));
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Color.BLACK);
        g.drawString(s, (float) (left + width / 2 - fm.stringWidth(s) / 2.0),
                (float) (top + height + 3 + fm.getAscent() * 0.9 + 2 + fm.getAscent()));
    }

    public void yTitle(Graphics2D g, String s, double labelWidth) {
        if (s == null || s.isBlank()) {
            return;
        }
        g.setFont(font(LABEL_PT));
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Color.BLACK);
        AffineTransform old = g.getTransform();
        g.translate(left - 3 - labelWidth - 4 - fm.getDescent(), top + height / 2);
        g.rotate(-Math.PI / 2);
        g.drawString(s, (float) (-fm.stringWidth(s) / 2.0), 0f);
        g.setTransform(old);
    }

    public void title(Graphics2D g, String s) {
        if (s == null || s.isBlank()) {
            return;
        }
        g.setFont(font(TITLE_PT));
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Color.BLACK);
        g.drawString(s, (float) (left + width / 2 - fm.stringWidth(s) / 2.0), (float) (top - 4));
    }

    // ------------------------------------------------------------------ data

    private Graphics2D clipped(Graphics2D g) {
        Graphics2D c = (Graphics2D) g.create();
        c.clip(frame());
        return c;
    }

    public void line(Graphics2D g, double[] xs, double[] ys, Color color, BasicStroke stroke) {
        Path2D.Double p = new Path2D.Double();
        boolean pen = false;
        for (int i = 0; i < xs.length; i++) {
            if (!ok(xs[i], ys[i])) {
                pen = false;
                continue;
            }
            if (pen) {
                p.lineTo(px(xs[i]), py(ys[i]));
            } else {
                p.moveTo(px(xs[i]), py(ys[i]));
                pen = true;
            }
        }
        Graphics2D c = clipped(g);
        c.setColor(color);
        c.setStroke(stroke);
        c.draw(p);
        c.dispose();
    }

    public void vline(Graphics2D g, double v, Color color, BasicStroke stroke) {
        line(g, new double[] {v, v}, new double[] {y.min, y.max}, color, stroke);
    }

    public void hline(Graphics2D g, double v, Color color, BasicStroke stroke) {
        line(g, new double[] {x.min, x.max}, new double[] {v, v}, color, stroke);
    }

    private boolean ok(double a, double b) {
        return Double.isFinite(a) && Double.isFinite(b) && (!x.log || a > 0) && (!y.log || b > 0);
    }

    /** A band between lower and upper over xs (points not drawable on a log axis are skipped). */
    public void band(Graphics2D g, double[] xs, double[] lower, double[] upper, Color fill) {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            double lo = y.log && lower[i] <= 0 ? y.min : lower[i];
            if (ok(xs[i], upper[i]) && Double.isFinite(lo)) {
                pts.add(new double[] {xs[i], lo, upper[i]});
            }
        }
        if (pts.size() < 2) {
            return;
        }
        Path2D.Double p = new Path2D.Double();
        for (int i = 0; i < pts.size(); i++) {
            double[] q = pts.get(i);
            if (i == 0) {
                p.moveTo(px(q[0]), py(q[2]));
            } else {
                p.lineTo(px(q[0]), py(q[2]));
            }
        }
        for (int i = pts.size() - 1; i >= 0; i--) {
            double[] q = pts.get(i);
            p.lineTo(px(q[0]), py(Math.max(q[1], y.log ? y.min : -Double.MAX_VALUE)));
        }
        p.closePath();
        fill(g, p, fill);
    }

    public void fill(Graphics2D g, Shape s, Color fill) {
        Graphics2D c = clipped(g);
        c.setColor(fill);
        c.fill(s);
        c.dispose();
    }

    /** Histogram bars from edges (k+1) and heights (k): filled, then outlined. */
    public void bars(Graphics2D g, double[] edges, double[] heights, Color fill, Color outline) {
        Path2D.Double p = new Path2D.Double();
        double base = y.log ? y.min : Math.max(0, y.min);
        p.moveTo(px(edges[0]), py(base));
        for (int i = 0; i < heights.length; i++) {
            p.lineTo(px(edges[i]), py(heights[i]));
            p.lineTo(px(edges[i + 1]), py(heights[i]));
        }
        p.lineTo(px(edges[edges.length - 1]), py(base));
        p.closePath();
        if (fill != null) {
            fill(g, p, fill);
        }
        if (outline != null) {
            Graphics2D c = clipped(g);
            c.setColor(outline);
            c.setStroke(THIN);
            for (int i = 0; i < heights.length; i++) {
                c.draw(new Rectangle2D.Double(px(edges[i]), py(heights[i]), px(edges[i + 1]) - px(edges[i]),
                        py(base) - py(heights[i])));
            }
            c.dispose();
        }
    }

    public void scatter(Graphics2D g, double[] xs, double[] ys, Color color, double radius) {
        Graphics2D c = clipped(g);
        c.setColor(color);
        for (int i = 0; i < xs.length; i++) {
            if (ok(xs[i], ys[i])) {
                c.fill(new java.awt.geom.Ellipse2D.Double(px(xs[i]) - radius, py(ys[i]) - radius, 2 * radius, 2 * radius));
            }
        }
        c.dispose();
    }

    public void marker(Graphics2D g, double vx, double vy, Color color, double size) {
        Graphics2D c = clipped(g);
        c.setColor(color);
        c.fill(new Rectangle2D.Double(px(vx) - size / 2, py(vy) - size / 2, size, size));
        c.dispose();
    }

    /**
     * Filled regions above each level (lowest first) and their outlines, from a density on a regular
     * grid: {@code z[i][j]} at x = xs[j], y = ys[i]. Cells are filled where the bilinear density at
     * their centre exceeds the level; outlines come from marching squares.
     */
    public void contours(Graphics2D g, double[] xs, double[] ys, double[][] z, double[] levels, Color[] fills, Color line) {
        Graphics2D c = clipped(g);
        for (int l = 0; l < levels.length; l++) {
            Path2D.Double area = new Path2D.Double(Path2D.WIND_NON_ZERO);
            for (int i = 0; i + 1 < ys.length; i++) {
                for (int j = 0; j + 1 < xs.length; j++) {
                    double m = (z[i][j] + z[i][j + 1] + z[i + 1][j] + z[i + 1][j + 1]) / 4;
                    if (m >= levels[l]) {
                        double x0 = px(xs[j]);
                        double x1 = px(xs[j + 1]);
                        double y0 = py(ys[i + 1]);
                        double y1 = py(ys[i]);
                        area.append(new Rectangle2D.Double(Math.min(x0, x1) - 0.05, Math.min(y0, y1) - 0.05,
                                Math.abs(x1 - x0) + 0.1, Math.abs(y1 - y0) + 0.1), false);
                    }
                }
            }
            c.setColor(fills[l]);
            c.fill(new java.awt.geom.Area(area));
        }
        c.setColor(line);
        c.setStroke(THIN);
        for (double level : levels) {
            for (int i = 0; i + 1 < ys.length; i++) {
                for (int j = 0; j + 1 < xs.length; j++) {
                    segments(c, xs, ys, z, i, j, level);
                }
            }
        }
        c.dispose();
    }

    private void segments(Graphics2D c, double[] xs, double[] ys, double[][] z, int i, int j, double level) {
        double a = z[i][j];
        double b = z[i][j + 1];
        double d = z[i + 1][j];
        double e = z[i + 1][j + 1];
        List<double[]> pts = new ArrayList<>(4);
        edge(pts, xs[j], ys[i], a, xs[j + 1], ys[i], b, level);
        edge(pts, xs[j + 1], ys[i], b, xs[j + 1], ys[i + 1], e, level);
        edge(pts, xs[j + 1], ys[i + 1], e, xs[j], ys[i + 1], d, level);
        edge(pts, xs[j], ys[i + 1], d, xs[j], ys[i], a, level);
        for (int k = 0; k + 1 < pts.size(); k += 2) {
            c.draw(new Line2D.Double(px(pts.get(k)[0]), py(pts.get(k)[1]), px(pts.get(k + 1)[0]), py(pts.get(k + 1)[1])));
        }
    }

    private static void edge(List<double[]> pts, double x0, double y0, double z0, double x1, double y1, double z1, double level) {
        if ((z0 >= level) != (z1 >= level)) {
            double t = (level - z0) / (z1 - z0);
            pts.add(new double[] {x0 + t * (x1 - x0), y0 + t * (y1 - y0)});
        }
    }

    // ------------------------------------------------------------------ legends (outside the data)

    /** A legend entry: a line, a filled box or a marker. */
    public record Entry(String label, Color color, BasicStroke stroke, boolean box) {
    }

    /**
     * Draws entries in a row starting at (x, baseline), wrapping at {@code maxWidth}; returns the
     * height used. Callers place it above or beside the frame, never on the data.
     */
    public static double legend(Graphics2D g, List<Entry> entries, double x0, double baseline, double maxWidth) {
        g.setFont(font(LEGEND_PT));
        FontMetrics fm = g.getFontMetrics();
        double xx = x0;
        double yy = baseline;
        double rowH = fm.getHeight();
        for (Entry e : entries) {
            double w = 14 + 3 + fm.stringWidth(e.label()) + 9;
            if (xx + w > x0 + maxWidth && xx > x0) {
                xx = x0;
                yy += rowH;
            }
            double mid = yy - fm.getAscent() / 2.0 + 1;
            if (e.box()) {
                g.setColor(e.color());
                g.fill(new Rectangle2D.Double(xx, mid - 3, 14, 6));
            } else {
                g.setColor(e.color());
                g.setStroke(e.stroke() == null ? LINE : e.stroke());
                g.draw(new Line2D.Double(xx, mid, xx + 14, mid));
            }
            g.setColor(Color.BLACK);
            g.drawString(e.label(), (float) (xx + 17), (float) yy);
            xx += w;
        }
        return yy - baseline + rowH;
    }

    /** Legend entries stacked in a column at (x, top). */
    public static void legendColumn(Graphics2D g, List<Entry> entries, double x0, double top) {
        g.setFont(font(LEGEND_PT));
        FontMetrics fm = g.getFontMetrics();
        double yy = top + fm.getAscent();
        for (Entry e : entries) {
            legend(g, List.of(e), x0, yy, 1e9);
            yy += fm.getHeight();
        }
    }
}
