package org.orrery.simulators.imaging.internal;

import static org.orrery.plugin.PluginProperties.DESCRIPTION;
import static org.orrery.plugin.PluginProperties.ID;
import static org.orrery.plugin.PluginProperties.NAME;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.simulator.Simulator;
import org.osgi.service.component.annotations.Component;

/**
 * Generic compact sources: {@value #BLOBS} circular Gaussians of FWHM f, centres drawn from
 * N(0, s²) per axis and fluxes from Exp(1) weights (the random stream), scaled to total flux F.
 * The generic family ({@link #generic}) used to train the {@code score_blobs} image prior has
 * {@value #GENERIC_BLOBS} blobs, each of its own FWHM (log-uniform in [f/2, 2f]), centres uniform
 * over a disc of radius R (third parameter, 10–{@value #GENERIC_RADIUS_UAS} µas): extended, clumpy
 * and arc-like structure with gaps as well as compact sources, nothing ring-shaped by construction.
 * (The 4-blob family puts most images' flux in one central lump and cannot make a depression.)
 */
@Component(service = Simulator.class, property = {
    ID + "=eht_blobs",
    NAME + "=Gaussian blobs",
    DESCRIPTION + "=a few random circular Gaussians: flux, blob FWHM, spread of centres; 64x64 over 160 uas"})
public final class GaussianBlobs extends ImageSimulator {

    static final int BLOBS = 4;
    static final ParameterSpace SPACE = ParameterSpace.of(
            new Parameter("flux_jy", "Jy", "F", 0.2, 1.5),
            new Parameter("fwhm_uas", "uas", "f", 5, 40),
            new Parameter("spread_uas", "uas", "s", 2, 30));

    static final int GENERIC_BLOBS = 16;
    static final double GENERIC_RADIUS_UAS = 60;
    static final ParameterSpace GENERIC_SPACE = ParameterSpace.of(
            new Parameter("flux_jy", "Jy", "F", 0.2, 1.5),
            new Parameter("fwhm_uas", "uas", "f", 5, 40),
            new Parameter("radius_uas", "uas", "R", 10, GENERIC_RADIUS_UAS));

    private final int blobs;
    private final boolean varied;

    public GaussianBlobs() {
        this(DEFAULT_PIXELS, DEFAULT_FOV_UAS);
    }

    public GaussianBlobs(int pixels, double fovUas) {
        this(pixels, fovUas, BLOBS, false, SPACE);
    }

    private GaussianBlobs(int pixels, double fovUas, int blobs, boolean varied, ParameterSpace space) {
        super(pixels, fovUas, uniform(space));
        this.blobs = blobs;
        this.varied = varied;
    }

    /** The generic family of the {@code score_blobs} prior's training images (class comment). */
    public static GaussianBlobs generic(int pixels, double fovUas) {
        return new GaussianBlobs(pixels, fovUas, GENERIC_BLOBS, true, GENERIC_SPACE);
    }

    @Override
    public String id() {
        return "eht_blobs";
    }

    @Override
    public String displayName() {
        return "Gaussian blobs";
    }

    @Override
    public double[] simulate(double[] theta, UniformRandomProvider rng) {
        checkTheta(theta);
        var gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        double s0 = theta[1] / (2 * Math.sqrt(2 * Math.log(2)));
        double[] img = new double[n * n];
        for (int b = 0; b < blobs; b++) {
            double cx;
            double cy;
            if (varied) {
                double r = theta[2] * Math.sqrt(rng.nextDouble());
                double phi = 2 * Math.PI * rng.nextDouble();
                cx = r * Math.cos(phi);
                cy = r * Math.sin(phi);
            } else {
                cx = theta[2] * gauss.sample();
                cy = theta[2] * gauss.sample();
            }
            double w = -Math.log(1 - rng.nextDouble());
            double s = varied ? s0 * Math.exp(Math.log(2) * (2 * rng.nextDouble() - 1)) : s0;
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    double dx = x(i) - cx;
                    double dy = y(j) - cy;
                    img[j * n + i] += w * Math.exp(-(dx * dx + dy * dy) / (2 * s * s));
                }
            }
        }
        return normalise(img, theta[0]);
    }
}
