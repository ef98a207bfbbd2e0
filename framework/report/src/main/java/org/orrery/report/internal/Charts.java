package org.orrery.report.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** XChart construction with one house style, and the few series shapes the figures need. */
public final class Charts {

    public static final Color POSTERIOR = new Color(0x1f, 0x77, 0xb4);
    public static final Color REFERENCE = new Color(0xff, 0x7f, 0x0e);
    public static final Color TRUTH = new Color(0xd6, 0x27, 0x28);
    public static final Color BAND = new Color(0, 0, 0, 38);
    /** An opaque light grey for bands painted behind data. */
    public static final Color BAND_SOLID = new Color(0xdc, 0xdc, 0xdc);
    public static final Color IDEAL = new Color(0x44, 0x44, 0x44);
    public static final BasicStroke SOLID = new BasicStroke(1.6f);
    public static final BasicStroke THIN = new BasicStroke(1.0f);
    public static final BasicStroke DASHED = new BasicStroke(1.3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f);
    public static final String FONT = Font.SANS_SERIF;

    private Charts() {
    }

    public static XYChart xy(int width, int height, String title, String xTitle, String yTitle) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title == null ? "" : title)
                .xAxisTitle(xTitle == null ? "" : xTitle).yAxisTitle(yTitle == null ? "" : yTitle).build();
        XYStyler s = c.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(true);
        s.setPlotBorderColor(new Color(0x88, 0x88, 0x88));
        s.setPlotGridLinesColor(new Color(0xe4, 0xe4, 0xe4));
        s.setChartFontColor(Color.BLACK);
        s.setChartTitleBoxVisible(false);
        s.setChartTitleVisible(title != null && !title.isEmpty());
        s.setChartTitleFont(new Font(FONT, Font.BOLD, 14));
        s.setAxisTitleFont(new Font(FONT, Font.PLAIN, 13));
        s.setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, 11));
        s.setAxisTickLabelsColor(new Color(0x33, 0x33, 0x33));
        s.setLegendFont(new Font(FONT, Font.PLAIN, 11));
        s.setLegendPosition(Styler.LegendPosition.InsideNW);
        s.setLegendBorderColor(new Color(0xbb, 0xbb, 0xbb));
        s.setLegendBackgroundColor(new Color(255, 255, 255, 230));
        s.setMarkerSize(5);
        s.setToolTipsEnabled(false);
        s.setChartPadding(8);
        s.setPlotMargin(2);
        s.setXAxisMaxLabelCount(6);
        s.setAxisTitlePadding(6);
        return c;
    }

    public static XYSeries line(XYChart c, String name, double[] x, double[] y, Color color, BasicStroke stroke) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(stroke);
        return s;
    }

    /** A filled band between lower and upper, drawn as one closed polygon. */
    public static XYSeries band(XYChart c, String name, double[] x, double[] lower, double[] upper, Color fill) {
        int n = x.length;
        double[] px = new double[2 * n];
        double[] py = new double[2 * n];
        for (int i = 0; i < n; i++) {
            px[i] = x[i];
            py[i] = upper[i];
            px[2 * n - 1 - i] = x[i];
            py[2 * n - 1 - i] = lower[i];
        }
        XYSeries s = c.addSeries(name, px, py);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        s.setMarker(SeriesMarkers.NONE);
        s.setFillColor(fill);
        s.setLineColor(new Color(0, 0, 0, 0));
        s.setLineStyle(THIN);
        return s;
    }

    /** A histogram outline from bin edges (length k+1) and heights (length k), optionally filled. */
    public static XYSeries steps(XYChart c, String name, double[] edges, double[] heights, Color color, boolean filled) {
        int k = heights.length;
        double[] px = new double[2 * k + 2];
        double[] py = new double[2 * k + 2];
        px[0] = edges[0];
        py[0] = 0;
        for (int i = 0; i < k; i++) {
            px[2 * i + 1] = edges[i];
            py[2 * i + 1] = heights[i];
            px[2 * i + 2] = edges[i + 1];
            py[2 * i + 2] = heights[i];
        }
        px[2 * k + 1] = edges[k];
        py[2 * k + 1] = 0;
        XYSeries s = c.addSeries(name, px, py);
        s.setXYSeriesRenderStyle(filled ? XYSeries.XYSeriesRenderStyle.PolygonArea : XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(SOLID);
        if (filled) {
            s.setFillColor(withAlpha(color, 70));
        }
        return s;
    }

    public static XYSeries scatter(XYChart c, String name, double[] x, double[] y, Color color) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
        return s;
    }

    public static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    /** Paints a chart into a sub-rectangle of a larger canvas (raster or PDF alike). */
    public static void paintAt(Graphics2D g, XYChart chart, int x, int y, int w, int h) {
        Graphics2D sub = (Graphics2D) g.create(x, y, w, h);
        try {
            chart.paint(sub, w, h);
        } finally {
            sub.dispose();
        }
    }
}
