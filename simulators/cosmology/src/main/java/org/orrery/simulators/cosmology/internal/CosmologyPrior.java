package org.orrery.simulators.cosmology.internal;

import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.prior.Prior;

/** θ = (Ω_m, σ8) ~ U(0.1, 0.5) × U(0.6, 1.0). */
public final class CosmologyPrior implements Prior {

    static final double OM_LO = 0.1;
    static final double OM_HI = 0.5;
    static final double S8_LO = 0.6;
    static final double S8_HI = 1.0;

    private static final ParameterSpace SPACE = ParameterSpace.of(
            new Parameter("Omega_m", "", "\\Omega_m", OM_LO, OM_HI),
            new Parameter("sigma_8", "", "\\sigma_8", S8_LO, S8_HI));
    private static final double LOG_DENSITY = -Math.log((OM_HI - OM_LO) * (S8_HI - S8_LO));

    @Override
    public ParameterSpace space() {
        return SPACE;
    }

    @Override
    public double[] sample(UniformRandomProvider rng) {
        return new double[] {OM_LO + (OM_HI - OM_LO) * rng.nextDouble(), S8_LO + (S8_HI - S8_LO) * rng.nextDouble()};
    }

    @Override
    public double logDensity(double[] theta) {
        return SPACE.contains(theta) ? LOG_DENSITY : Double.NEGATIVE_INFINITY;
    }

    @Override
    public String describe() {
        return "Uniform(0.1, 0.5) x Uniform(0.6, 1.0)";
    }
}
