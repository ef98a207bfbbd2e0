package org.orrery.simulators.imaging.internal;

import org.orrery.data.ArraySpec;
import org.orrery.parameter.ParameterSpace;
import org.orrery.prior.Prior;
import org.orrery.priors.IndependentPrior;
import org.orrery.priors.Marginal;
import org.orrery.simulator.Simulator;

/**
 * Common frame of the image families: an {@code n x n} image over {@code fovUas} micro-arcseconds
 * in the conventions of {@code org.orrery.imaging} (row 0 north, column 0 east, pixel centres at
 * {@code pdim (n/2 − ½ − i)}), in Jy per pixel. Default 64 px over 160 µas (Feng et al. 2024).
 */
abstract class ImageSimulator implements Simulator {

    static final int DEFAULT_PIXELS = 64;
    static final double DEFAULT_FOV_UAS = 160;

    protected final int n;
    protected final double fovUas;
    private final Prior prior;
    private final ArraySpec observable;

    ImageSimulator(int n, double fovUas, Prior prior) {
        if (n < 8 || n > 1024) {
            throw new IllegalArgumentException("image size must be within 8..1024 pixels, got " + n);
        }
        if (!(fovUas > 0) || !Double.isFinite(fovUas)) {
            throw new IllegalArgumentException("field of view must be > 0 uas, got " + fovUas);
        }
        this.n = n;
        this.fovUas = fovUas;
        this.prior = prior;
        this.observable = new ArraySpec("image", new int[] {n, n}, "Jy/pixel", ArraySpec.Kind.IMAGE);
    }

    /** Independent uniform priors on each parameter's bounds (the standard priors' product; its text parses back with PriorText). */
    static Prior uniform(ParameterSpace space) {
        return new IndependentPrior(space, space.parameters().stream().<Marginal>map(p -> new Marginal.Uniform(p.lower(), p.upper())).toList());
    }

    @Override
    public Prior prior() {
        return prior;
    }

    @Override
    public ArraySpec observable() {
        return observable;
    }

    double pixelUas() {
        return fovUas / n;
    }

    /** East offset of column i, µas. */
    double x(int i) {
        return pixelUas() * (n / 2.0 - 0.5 - i);
    }

    /** North offset of row j, µas. */
    double y(int j) {
        return pixelUas() * (n / 2.0 - 0.5 - j);
    }

    void checkTheta(double[] theta) {
        if (!prior.space().contains(theta)) {
            throw new IllegalArgumentException(id() + ": theta " + java.util.Arrays.toString(theta) + " lies outside the prior support");
        }
    }

    /** Gaussian ring of diameter d and FWHM w, unnormalised, with brightness 1 + a cos(φ − pa). */
    double[] ring(double d, double w, double a, double paDeg) {
        double s = w / (2 * Math.sqrt(2 * Math.log(2)));
        double pa = Math.toRadians(paDeg);
        double[] img = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double x = x(i);
                double y = y(j);
                double r = Math.hypot(x, y);
                double phi = Math.atan2(x, y); // east of north
                double dr = r - d / 2;
                img[j * n + i] = Math.exp(-dr * dr / (2 * s * s)) * (1 + a * Math.cos(phi - pa));
            }
        }
        return img;
    }

    static double[] normalise(double[] img, double flux) {
        double tot = 0;
        for (double v : img) {
            tot += v;
        }
        if (!(tot > 0)) {
            throw new IllegalStateException("image has no flux inside the field of view");
        }
        for (int p = 0; p < img.length; p++) {
            img[p] *= flux / tot;
        }
        return img;
    }
}
