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
 * An accretion-flow-like ring: a Gaussian ring (diameter d, FWHM w) multiplied by a log-normal
 * random field exp(m·g − m²/2), g a unit-variance Gaussian random field with a Gaussian
 * correlation of length ℓ (white noise smoothed separably, rescaled to unit sample variance),
 * scaled to total flux F.
 */
@Component(service = Simulator.class, property = {
    ID + "=eht_turbulent_ring",
    NAME + "=Turbulent ring",
    DESCRIPTION + "=Gaussian ring times a log-normal random field: diameter, width, flux, modulation, correlation length"})
public final class TurbulentRing extends ImageSimulator {

    static final ParameterSpace SPACE = ParameterSpace.of(
            new Parameter("diameter_uas", "uas", "d", 20, 70),
            new Parameter("width_uas", "uas", "w", 2, 20),
            new Parameter("flux_jy", "Jy", "F", 0.2, 1.5),
            new Parameter("modulation", "", "m", 0, 1.5),
            new Parameter("correlation_uas", "uas", "\\ell", 3, 30));

    public TurbulentRing() {
        this(DEFAULT_PIXELS, DEFAULT_FOV_UAS);
    }

    public TurbulentRing(int pixels, double fovUas) {
        super(pixels, fovUas, uniform(SPACE));
    }

    @Override
    public String id() {
        return "eht_turbulent_ring";
    }

    @Override
    public String displayName() {
        return "Turbulent ring";
    }

    @Override
    public double[] simulate(double[] theta, UniformRandomProvider rng) {
        checkTheta(theta);
        double[] field = randomField(theta[4], rng);
        double[] img = ring(theta[0], theta[1], 0, 0);
        double m = theta[3];
        for (int p = 0; p < img.length; p++) {
            img[p] *= Math.exp(m * field[p] - m * m / 2);
        }
        return normalise(img, theta[2]);
    }

    /** Unit-variance Gaussian random field with Gaussian correlation length ℓ (µas). */
    double[] randomField(double ellUas, UniformRandomProvider rng) {
        var gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        double sPix = ellUas / pixelUas();
        int half = (int) Math.ceil(3 * sPix);
        double[] kernel = new double[2 * half + 1];
        for (int t = -half; t <= half; t++) {
            kernel[t + half] = Math.exp(-t * t / (2 * sPix * sPix));
        }
        // periodic padding keeps the field stationary up to the edges
        double[] white = new double[n * n];
        for (int p = 0; p < white.length; p++) {
            white[p] = gauss.sample();
        }
        double[] tmp = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int t = -half; t <= half; t++) {
                    s += kernel[t + half] * white[j * n + Math.floorMod(i + t, n)];
                }
                tmp[j * n + i] = s;
            }
        }
        double[] out = new double[n * n];
        double mean = 0;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int t = -half; t <= half; t++) {
                    s += kernel[t + half] * tmp[Math.floorMod(j + t, n) * n + i];
                }
                out[j * n + i] = s;
                mean += s;
            }
        }
        mean /= out.length;
        double var = 0;
        for (double v : out) {
            var += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(var / out.length);
        for (int p = 0; p < out.length; p++) {
            out[p] = (out[p] - mean) / sd;
        }
        return out;
    }
}
