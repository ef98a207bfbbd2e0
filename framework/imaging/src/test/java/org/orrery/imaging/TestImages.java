package org.orrery.imaging;

/** Analytic test images in the package conventions (row 0 north, column 0 east). */
public final class TestImages {

    private TestImages() {
    }

    /** Circular Gaussian of std {@code sigmaUas} centred at (east, north) offsets, total flux ~{@code flux}. */
    public static double[] gaussian(ImageGrid g, double flux, double x0Uas, double y0Uas, double sigmaUas) {
        double[] img = new double[g.size()];
        double pu = g.pixelUas();
        double norm = flux * pu * pu / (2 * Math.PI * sigmaUas * sigmaUas);
        for (int j = 0; j < g.ny(); j++) {
            for (int i = 0; i < g.nx(); i++) {
                double dx = g.x(i) / ImageGrid.UAS - x0Uas;
                double dy = g.y(j) / ImageGrid.UAS - y0Uas;
                img[j * g.nx() + i] = norm * Math.exp(-(dx * dx + dy * dy) / (2 * sigmaUas * sigmaUas));
            }
        }
        return img;
    }

    /**
     * A Gaussian ring of diameter {@code dUas} and FWHM {@code wUas} whose brightness varies as
     * 1 + a cos(θ − pa) (θ east of north), normalised to {@code flux}.
     */
    public static double[] crescent(ImageGrid g, double flux, double dUas, double wUas, double a, double paDeg) {
        double[] img = new double[g.size()];
        double s = wUas / 2.3548;
        double pa = Math.toRadians(paDeg);
        double tot = 0;
        for (int j = 0; j < g.ny(); j++) {
            for (int i = 0; i < g.nx(); i++) {
                double x = g.x(i) / ImageGrid.UAS;
                double y = g.y(j) / ImageGrid.UAS;
                double r = Math.hypot(x, y);
                double th = Math.atan2(x, y);
                double v = Math.exp(-Math.pow(r - dUas / 2, 2) / (2 * s * s)) * (1 + a * Math.cos(th - pa));
                img[j * g.nx() + i] = v;
                tot += v;
            }
        }
        for (int p = 0; p < img.length; p++) {
            img[p] *= flux / tot;
        }
        return img;
    }
}
