package org.orrery.simulators.imaging.internal;

import static org.orrery.plugin.PluginProperties.DESCRIPTION;
import static org.orrery.plugin.PluginProperties.ID;
import static org.orrery.plugin.PluginProperties.NAME;

import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.simulator.Simulator;
import org.osgi.service.component.annotations.Component;

/**
 * Asymmetric ring ("crescent"): a Gaussian ring of diameter d and FWHM w whose brightness varies
 * as 1 + a cos(φ − PA) around it (φ east of north), scaled to total flux F. Deterministic.
 */
@Component(service = Simulator.class, property = {
    ID + "=eht_crescent",
    NAME + "=EHT crescent",
    DESCRIPTION + "=asymmetric Gaussian ring: diameter, width, asymmetry, position angle, flux; 64x64 over 160 uas"})
public final class Crescent extends ImageSimulator {

    static final ParameterSpace SPACE = ParameterSpace.of(
            new Parameter("diameter_uas", "uas", "d", 20, 70),
            new Parameter("width_uas", "uas", "w", 2, 20),
            new Parameter("asymmetry", "", "A", 0, 0.99),
            new Parameter("pa_deg", "deg", "\\eta", 0, 360),
            new Parameter("flux_jy", "Jy", "F", 0.2, 1.5));

    public Crescent() {
        this(DEFAULT_PIXELS, DEFAULT_FOV_UAS);
    }

    public Crescent(int pixels, double fovUas) {
        super(pixels, fovUas, uniform(SPACE));
    }

    @Override
    public String id() {
        return "eht_crescent";
    }

    @Override
    public String displayName() {
        return "EHT crescent";
    }

    @Override
    public double[] simulate(double[] theta, UniformRandomProvider rng) {
        checkTheta(theta);
        return normalise(ring(theta[0], theta[1], theta[2], theta[3]), theta[4]);
    }
}
