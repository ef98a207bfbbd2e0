package org.orrery.posteriors.imaging.internal;

import org.orrery.imaging.ImageGrid;
import org.orrery.imaging.ImagePrior;

/**
 * Prior variants for the imaging experiments (GhostScan, SeedScatter), set up on a grid at 0.6 Jy:
 * {@code tsvd}, {@code memd}, {@code gaussd} (the shipped defaults); {@code tsv:TAU_FRACTION};
 * {@code mem:MODEL_FWHM:ALPHA_TIMES_FLUX}; {@code gauss:MEAN_FWHM:REL_STD:ELL:TAPER_FWHM}.
 */
final class Specs {
    static ImagePrior prior(String spec, ImageGrid g) {
        String[] a = spec.split(":");
        double[] v = new double[a.length];
        for (int i = 1; i < a.length; i++) {
            v[i] = Double.parseDouble(a[i]);
        }
        return switch (a[0]) {
            case "tsvd" -> new TsvPrior().on(g, 0.6);
            case "memd" -> new MemPrior().on(g, 0.6);
            case "gaussd" -> new GaussianImagePrior().on(g, 0.6);
            case "tsv" -> new TsvPrior(g, 0.6, v[1]);
            case "mem" -> new MemPrior(g, 0.6, v[1], v[2]);
            case "gauss" -> new GaussianImagePrior(g, Blob.image(g, 0.6, v[1]), v[2], v[3], 0.05, v[4]);
            default -> throw new IllegalArgumentException(spec);
        };
    }
}
