package org.orrery.posteriors.imaging.internal;

import org.orrery.imaging.ImageGrid;

/** A circular Gaussian of given FWHM at the image centre with total flux F: the default mean/model image. */
final class Blob {

    private Blob() {
    }

    static double[] image(ImageGrid g, double flux, double fwhmUas) {
        double s = fwhmUas / (2 * Math.sqrt(2 * Math.log(2)));
        double[] img = new double[g.size()];
        double tot = 0;
        for (int j = 0; j < g.ny(); j++) {
            for (int i = 0; i < g.nx(); i++) {
                double x = g.x(i) / ImageGrid.UAS;
                double y = g.y(j) / ImageGrid.UAS;
                img[j * g.nx() + i] = Math.exp(-(x * x + y * y) / (2 * s * s));
                tot += img[j * g.nx() + i];
            }
        }
        for (int p = 0; p < img.length; p++) {
            img[p] *= flux / tot;
        }
        return img;
    }
}
