package org.orrery.report;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.orrery.report.internal.Canvas;

/**
 * A figure that can be painted at its own size onto any {@link Graphics2D}: a PNG raster and a
 * one-page vector PDF come from the same painter, so the two files always show the same thing.
 *
 * @param id      file name stem (lower case letters, digits, '-' and '_'), unique within a report
 * @param caption one sentence shown under the figure in the report
 * @param width   in pixels (PNG) and points (PDF)
 * @param height  in pixels (PNG) and points (PDF)
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

    /** Renders the figure as an RGB image of exactly width × height pixels on white. */
    public BufferedImage toImage() {
        return Canvas.raster(width, height, g -> painter.paint(g, width, height));
    }

    public void writePng(Path file) throws IOException {
        BufferedImage image = toImage();
        try (OutputStream out = Files.newOutputStream(file)) {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available for " + file);
            }
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
