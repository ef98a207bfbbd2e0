package org.orrery.imaging.job;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Locale;
import org.orrery.imaging.ImageGrid;
import org.orrery.report.Figure;

/** Figures of the image report, painted directly (images with µas axes, data-fit scatter, histograms). */
final class ImagingFigures {

    private ImagingFigures() {
    }

    /** afmhot-like colour map on [0, 1]. */
    static Color heat(double t) {
        t = Math.max(0, Math.min(1, t));
        float r = (float) Math.min(1, 2 * t);
        float g = (float) Math.max(0, Math.min(1, 2 * t - 0.5));
        float b = (float) Math.max(0, Math.min(1, 2 * t - 1));
        return new Color(r, g, b);
    }

    static Figure gallery(String id, String caption, ImageGrid grid, List<String> titles, List<double[]> images) {
        int n = images.size();
        int cols = Math.min(n, 4);
        int rows = (n + cols - 1) / cols;
        int cell = 260;
        return new Figure(id, caption, cols * cell, rows * (cell + 20), (g, w, h) -> {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fill(new Rectangle2D.Double(0, 0, w, h));
            for (int k = 0; k < n; k++) {
                int cx = (k % cols) * cell;
                int cy = (k / cols) * (cell + 20);
                paintImage(g, grid, images.get(k), titles.get(k), cx, cy, cell);
            }
        });
    }

    static void paintImage(Graphics2D g, ImageGrid grid, double[] img, String title, int x0, int y0, int size) {
        int pad = 34;
        int side = size - pad - 8;
        double max = 0;
        for (double v : img) {
            max = Math.max(max, v);
        }
        double px = side / (double) grid.nx();
        double py = side / (double) grid.ny();
        for (int j = 0; j < grid.ny(); j++) {
            for (int i = 0; i < grid.nx(); i++) {
                g.setColor(heat(max > 0 ? img[j * grid.nx() + i] / max : 0));
                g.fill(new Rectangle2D.Double(x0 + pad + i * px, y0 + 20 + j * py, px + 0.5, py + 0.5));
            }
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(title, x0 + pad, y0 + 14);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        double half = grid.fovXUas() / 2;
        // axis ticks: RA offset (east to the left), Dec offset
        g.drawString(String.format("+%.0f", half), x0 + pad - 4, y0 + 20 + side + 12);
        g.drawString(String.format("-%.0f µas (RA)", half), x0 + pad + side - 60, y0 + 20 + side + 12);
        g.drawString(String.format("+%.0f", half), x0 + 2, y0 + 30);
        g.drawString(String.format("-%.0f", half), x0 + 2, y0 + 20 + side);
        g.drawString("E", x0 + pad + 3, y0 + 34);
        g.drawString("N", x0 + pad + side / 2 - 3, y0 + 34);
    }

    /** Measured (dots with ±σ) and model (crosses) against baseline length. */
    static Figure dataFit(String id, String caption, String yLabel, double[] uvGlambda, double[] measured, double[] sigma,
            double[] model) {
        return new Figure(id, caption, 640, 420, (g, w, h) -> {
            double[] xr = range(uvGlambda, null, null);
            double[] yr = range(measured, model, sigma);
            Axes a = new Axes(g, w, h, xr, yr, "baseline length (Gλ)", yLabel);
            g.setStroke(new BasicStroke(1f));
            for (int k = 0; k < measured.length; k++) {
                double x = a.x(uvGlambda[k]);
                g.setColor(new Color(31, 119, 180, 160));
                g.draw(new Line2D.Double(x, a.y(measured[k] - sigma[k]), x, a.y(measured[k] + sigma[k])));
                g.fill(new Ellipse2D.Double(x - 2, a.y(measured[k]) - 2, 4, 4));
                g.setColor(new Color(214, 39, 40, 200));
                double y = a.y(model[k]);
                g.draw(new Line2D.Double(x - 3, y - 3, x + 3, y + 3));
                g.draw(new Line2D.Double(x - 3, y + 3, x + 3, y - 3));
            }
            g.setColor(Color.BLACK);
            g.drawString("● measured ±σ   × model (posterior mean)", (int) a.left + 10, (int) a.top + 14);
        });
    }

    /** Normalised residuals (model − measured)/σ against baseline length. */
    static Figure residuals(String id, String caption, double[] uvGlambda, double[] normalised) {
        return new Figure(id, caption, 640, 300, (g, w, h) -> {
            double[] xr = range(uvGlambda, null, null);
            double m = 3;
            for (double v : normalised) {
                if (Double.isFinite(v)) {
                    m = Math.max(m, Math.abs(v));
                }
            }
            Axes a = new Axes(g, w, h, xr, new double[] {-m, m}, "baseline length (Gλ)", "(model − data)/σ");
            g.setColor(Color.GRAY);
            g.draw(new Line2D.Double(a.left, a.y(0), a.right, a.y(0)));
            g.setColor(new Color(44, 160, 44));
            for (int k = 0; k < normalised.length; k++) {
                g.fill(new Ellipse2D.Double(a.x(uvGlambda[k]) - 2, a.y(normalised[k]) - 2, 4, 4));
            }
        });
    }

    static Figure histogram(String id, String caption, String label, double[] values) {
        return new Figure(id, caption, 360, 280, (g, w, h) -> {
            double[] r = range(values, null, null);
            int bins = 20;
            int[] c = new int[bins];
            for (double v : values) {
                if (Double.isFinite(v)) {
                    int b = (int) Math.min(bins - 1, Math.max(0, (v - r[0]) / (r[1] - r[0]) * bins));
                    c[b]++;
                }
            }
            int max = 1;
            for (int v : c) {
                max = Math.max(max, v);
            }
            Axes a = new Axes(g, w, h, r, new double[] {0, max * 1.1}, label, "draws");
            g.setColor(new Color(31, 119, 180));
            for (int b = 0; b < bins; b++) {
                double x0 = a.x(r[0] + (r[1] - r[0]) * b / bins);
                double x1 = a.x(r[0] + (r[1] - r[0]) * (b + 1) / bins);
                g.fill(new Rectangle2D.Double(x0, a.y(c[b]), x1 - x0 - 1, a.y(0) - a.y(c[b])));
            }
        });
    }

    private static double[] range(double[] a, double[] b, double[] err) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < a.length; k++) {
            if (!Double.isFinite(a[k])) {
                continue;
            }
            double e = err == null ? 0 : err[k];
            lo = Math.min(lo, a[k] - e);
            hi = Math.max(hi, a[k] + e);
            if (b != null && Double.isFinite(b[k])) {
                lo = Math.min(lo, b[k]);
                hi = Math.max(hi, b[k]);
            }
        }
        if (!(hi > lo)) {
            lo = Double.isFinite(lo) ? lo - 1 : 0;
            hi = lo + 2;
        }
        double pad = 0.05 * (hi - lo);
        return new double[] {lo - pad, hi + pad};
    }

    /** Plot frame with linear axes and a few tick labels. */
    static final class Axes {
        final double left;
        final double right;
        final double top;
        final double bottom;
        final double[] xr;
        final double[] yr;

        Axes(Graphics2D g, int w, int h, double[] xr, double[] yr, String xl, String yl) {
            this.xr = xr;
            this.yr = yr;
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fill(new Rectangle2D.Double(0, 0, w, h));
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            var fm = g.getFontMetrics();
            double xs = tickStep(xr);
            double ys = tickStep(yr);
            // the y tick labels' width decides the left margin, so the rotated y title never runs into them
            int labelWidth = 0;
            for (double v = first(yr, ys); v <= yr[1] + 1e-9 * ys; v += ys) {
                labelWidth = Math.max(labelWidth, fm.stringWidth(tickLabel(v, ys)));
            }
            left = labelWidth + 28;
            right = w - 12;
            top = 12;
            bottom = h - 40;
            g.setStroke(new BasicStroke(1f));
            g.draw(new Rectangle2D.Double(left, top, right - left, bottom - top));
            for (double v = first(xr, xs); v <= xr[1] + 1e-9 * xs; v += xs) {
                String t = tickLabel(v, xs);
                g.draw(new Line2D.Double(x(v), bottom, x(v), bottom - 4));
                g.drawString(t, (float) (x(v) - fm.stringWidth(t) / 2.0), (float) bottom + 14);
            }
            for (double v = first(yr, ys); v <= yr[1] + 1e-9 * ys; v += ys) {
                String t = tickLabel(v, ys);
                g.draw(new Line2D.Double(left, y(v), left + 4, y(v)));
                g.drawString(t, (float) (left - 4 - fm.stringWidth(t)), (float) y(v) + 4);
            }
            g.drawString(xl, (float) ((left + right) / 2 - fm.stringWidth(xl) / 2.0), (float) bottom + 32);
            g.rotate(-Math.PI / 2);
            g.drawString(yl, (float) -((top + bottom) / 2 + fm.stringWidth(yl) / 2.0), 14f);
            g.rotate(Math.PI / 2);
        }

        /** A round tick spacing giving 4–10 ticks over the range: 1, 2 or 5 times a power of ten. */
        static double tickStep(double[] r) {
            double span = r[1] - r[0];
            if (!(span > 0) || !Double.isFinite(span)) {
                return 1;
            }
            double unit = Math.pow(10, Math.floor(Math.log10(span / 5)));
            double step = unit;
            for (double f : new double[] {2, 5, 10}) {
                if (span / step <= 10) {
                    break;
                }
                step = f * unit;
            }
            return step;
        }

        private static double first(double[] r, double step) {
            return Math.ceil(r[0] / step - 1e-9) * step;
        }

        private static String tickLabel(double v, double step) {
            int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
            return String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(v) < 1e-9 * step ? 0.0 : v);
        }

        double x(double v) {
            return left + (v - xr[0]) / (xr[1] - xr[0]) * (right - left);
        }

        double y(double v) {
            return bottom - (v - yr[0]) / (yr[1] - yr[0]) * (bottom - top);
        }
    }
}
