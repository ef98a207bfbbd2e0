package org.orrery.imaging.job;

import java.nio.file.Path;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import org.orrery.imaging.ImageGrid;
import org.orrery.io.AtomicFiles;

/**
 * FITS images and cubes with a celestial WCS (SIN projection, CDELT in degrees, RA increasing to
 * the left: CDELT1 &lt; 0). FITS stores the first row at the bottom, so rows are flipped (row 0 of
 * an Orrery image is its northern edge).
 */
final class ImageFits {

    private ImageFits() {
    }

    static void write(Path file, ImageGrid g, double[][] images, double raDeg, double decDeg, String object,
            double frequencyHz, double mjd, String comment) {
        int nx = g.nx();
        int ny = g.ny();
        Object data;
        if (images.length == 1) {
            data = plane(images[0], nx, ny);
        } else {
            float[][][] cube = new float[images.length][][];
            for (int s = 0; s < images.length; s++) {
                cube[s] = plane(images[s], nx, ny);
            }
            data = cube;
        }
        AtomicFiles.write(file, tmp -> {
            BasicHDU<?> hdu = Fits.makeHDU(data);
            Header h = hdu.getHeader();
            double pd = Math.toDegrees(g.pixelRadians());
            h.addValue("BUNIT", "JY/PIXEL", "flux density per pixel");
            h.addValue("CTYPE1", "RA---SIN", "right ascension");
            h.addValue("CRPIX1", nx / 2.0 + 0.5, "image centre");
            h.addValue("CRVAL1", Double.isNaN(raDeg) ? 0.0 : raDeg, "deg");
            h.addValue("CDELT1", -pd, "deg per pixel; RA increases to the left");
            h.addValue("CUNIT1", "deg", "");
            h.addValue("CTYPE2", "DEC--SIN", "declination");
            h.addValue("CRPIX2", ny / 2.0 + 0.5, "image centre");
            h.addValue("CRVAL2", Double.isNaN(decDeg) ? 0.0 : decDeg, "deg");
            h.addValue("CDELT2", pd, "deg per pixel");
            h.addValue("CUNIT2", "deg", "");
            if (images.length > 1) {
                h.addValue("CTYPE3", "SAMPLE", "posterior draw index");
                h.addValue("CRPIX3", 1.0, "");
                h.addValue("CRVAL3", 0.0, "");
                h.addValue("CDELT3", 1.0, "");
            }
            h.addValue("OBJECT", object == null ? "" : object, "");
            h.addValue("FREQ", frequencyHz, "Hz");
            h.addValue("MJD", mjd, "observation day");
            h.addValue("EQUINOX", 2000.0, "");
            h.addValue("RADESYS", "FK5", "");
            h.insertComment(comment);
            try (Fits fits = new Fits()) {
                fits.addHDU(hdu);
                fits.write(tmp.toFile());
            }
        });
    }

    private static float[][] plane(double[] img, int nx, int ny) {
        float[][] p = new float[ny][nx];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                p[ny - 1 - j][i] = (float) img[j * nx + i];
            }
        }
        return p;
    }
}
