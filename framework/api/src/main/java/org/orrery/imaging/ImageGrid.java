package org.orrery.imaging;

/**
 * A square-pixel image grid: {@code ny} rows by {@code nx} columns of {@code pixelRadians}.
 * Pixel centres follow the package conventions (row 0 north, column 0 east).
 */
public record ImageGrid(int nx, int ny, double pixelRadians) {

    /** One micro-arcsecond in radians. */
    public static final double UAS = Math.PI / 180 / 3600 / 1e6;

    public ImageGrid {
        if (nx < 2 || ny < 2) {
            throw new IllegalArgumentException("an image needs at least 2x2 pixels, got " + nx + "x" + ny);
        }
        if (!(pixelRadians > 0) || !Double.isFinite(pixelRadians)) {
            throw new IllegalArgumentException("pixel size must be finite and > 0, got " + pixelRadians);
        }
    }

    /** A square grid of {@code n x n} pixels spanning {@code fovUas} micro-arcseconds. */
    public static ImageGrid square(int n, double fovUas) {
        if (!(fovUas > 0)) {
            throw new IllegalArgumentException("field of view must be > 0 uas, got " + fovUas);
        }
        return new ImageGrid(n, n, fovUas * UAS / n);
    }

    public int size() {
        return nx * ny;
    }

    public double pixelUas() {
        return pixelRadians / UAS;
    }

    public double fovXUas() {
        return nx * pixelUas();
    }

    /** RA offset of column i, radians (positive east, i.e. to the left). */
    public double x(int i) {
        return pixelRadians * (nx / 2.0 - 0.5 - i);
    }

    /** Dec offset of row j, radians (positive north, i.e. up). */
    public double y(int j) {
        return pixelRadians * (ny / 2.0 - 0.5 - j);
    }
}
