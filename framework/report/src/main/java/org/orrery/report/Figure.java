package org.orrery.report;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.orrery.report.internal.Canvas;

/**
 * A figure that can be painted at its own size onto any {@link Graphics2D}: a PNG raster and a
 * one-page vector PDF come from the same painter, so the two files always show the same thing.
 *
 * @param id      file name stem (lower case letters, digits, '-' and '_'), unique within a report
 * @param caption one sentence shown under the figure in the report
 * @param width   in points (1/72 in): the PDF's size; the PNG has width·300/72 pixels (300 dpi)
 * @param height  in points
 */
public record Figure(String id, String caption, int width, int height, Painter painter) {

    /** Paints the figure into the rectangle (0, 0, width, height). */
    @FunctionalInterface
    public interface Painter {
        void paint(Graphics2D g, int width, int height);
    }

    public Figure {
        if (id == null || !id.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
            throw new IllegalArgumentException("figure id must be 1-64 of [a-z0-9_-] starting with a letter or digit, got: " + id);
        }
        caption = caption == null ? "" : caption;
        if (width < 50 || width > 10_000 || height < 50 || height > 10_000) {
            throw new IllegalArgumentException("figure " + id + " size must be within 50..10000 px, got " + width + "x" + height);
        }
        if (painter == null) {
            throw new IllegalArgumentException("figure " + id + " needs a painter");
        }
    }

    /** PNG resolution: 300 dots per inch, as journals ask. */
    public static final int DPI = 300;

    /** Width of the PNG in pixels at {@link #DPI} (the figure's size is in points, 72 to the inch). */
    public int pixelWidth() {
        return (int) Math.round(width * DPI / 72.0);
    }

    public int pixelHeight() {
        return (int) Math.round(height * DPI / 72.0);
    }

    /** Width in inches (3.5 for a single journal column, 7 for a double one). */
    public double inches() {
        return width / 72.0;
    }

    /** Renders the figure as an RGB image at {@link #DPI}: {@link #pixelWidth()} × {@link #pixelHeight()} on white. */
    public BufferedImage toImage() {
        double scale = DPI / 72.0;
        return Canvas.raster(pixelWidth(), pixelHeight(), g -> {
            g.scale(scale, scale);
            painter.paint(g, width, height);
        });
    }

    /** A PNG at 300 dpi, its resolution recorded in the pHYs chunk so that it prints at its size in inches. */
    public void writePng(Path file) throws IOException {
        BufferedImage image = toImage();
        try (OutputStream out = Files.newOutputStream(file)) {
            Canvas.png(image, DPI, out);
        }
    }

    public void writePdf(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            writePdf(out);
        }
    }

    public void writePdf(OutputStream out) throws IOException {
        Canvas.pdf(width, height, caption.isEmpty() ? id : caption, g -> painter.paint(g, width, height), out);
    }
}
