package org.orrery.report.internal;

import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2D;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/**
 * The two back ends a figure is painted on: a raster image and a one-page vector PDF. XChart's own
 * PDF encoder (VectorGraphicsEncoder PDF → PdfboxGraphicsEncoder) takes one chart per page; painting
 * through the same pdfbox-graphics2d canvas ourselves lets grids of charts stay vector graphics.
 */
public final class Canvas {

    private Canvas() {
    }

    public static BufferedImage raster(int width, int height, Consumer<Graphics2D> painter) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            painter.accept(g);
        } finally {
            g.dispose();
        }
        return image;
    }

    public static void pdf(int width, int height, String title, Consumer<Graphics2D> painter, OutputStream out) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(width, height));
            doc.addPage(page);
            PdfBoxGraphics2D g = new PdfBoxGraphics2D(doc, width, height);
            try {
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, width, height);
                painter.accept(g);
            } finally {
                g.dispose();
            }
            try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                content.drawForm(g.getXFormObject());
            }
            PDDocumentInformation info = new PDDocumentInformation();
            info.setTitle(title);
            info.setCreator("Orrery");
            doc.setDocumentInformation(info);
            doc.save(out);
        }
    }

    /** Writes a PNG with a pHYs chunk of {@code dpi} (pixels per metre), which ImageIO's default writer omits. */
    public static void png(java.awt.image.BufferedImage image, int dpi, OutputStream out) throws IOException {
        javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("png").next();
        try (javax.imageio.stream.ImageOutputStream ios = javax.imageio.ImageIO.createImageOutputStream(out)) {
            javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
            javax.imageio.ImageTypeSpecifier type = javax.imageio.ImageTypeSpecifier.createFromRenderedImage(image);
            javax.imageio.metadata.IIOMetadata meta = writer.getDefaultImageMetadata(type, param);
            String ppm = Long.toString(Math.round(dpi / 0.0254));
            javax.imageio.metadata.IIOMetadataNode phys = new javax.imageio.metadata.IIOMetadataNode("pHYs");
            phys.setAttribute("pixelsPerUnitXAxis", ppm);
            phys.setAttribute("pixelsPerUnitYAxis", ppm);
            phys.setAttribute("unitSpecifier", "meter");
            javax.imageio.metadata.IIOMetadataNode root = new javax.imageio.metadata.IIOMetadataNode("javax_imageio_png_1.0");
            root.appendChild(phys);
            meta.mergeTree("javax_imageio_png_1.0", root);
            writer.setOutput(ios);
            writer.write(null, new javax.imageio.IIOImage(image, null, meta), param);
        } finally {
            writer.dispose();
        }
    }
}
