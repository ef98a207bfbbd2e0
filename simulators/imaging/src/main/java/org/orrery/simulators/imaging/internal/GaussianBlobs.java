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

    public GaussianBlobs() {
        this(DEFAULT_PIXELS, DEFAULT_FOV_UAS);
    }

    public GaussianBlobs(int pixels, double fovUas) {
        super(pixels, fovUas, uniform(SPACE));
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
        double s = theta[1] / (2 * Math.sqrt(2 * Math.log(2)));
        double[] img = new double[n * n];
        for (int b = 0; b < BLOBS; b++) {
            double cx = theta[2] * gauss.sample();
            double cy = theta[2] * gauss.sample();
            double w = -Math.log(1 - rng.nextDouble());
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
