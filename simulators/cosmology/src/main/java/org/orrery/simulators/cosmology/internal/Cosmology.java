package org.orrery.simulators.cosmology.internal;

/**
 * A flat ΛCDM cosmology without radiation: Ω_Λ = 1 − Ω_m. Lengths are in Mpc/h and H(a) in
 * km/s per Mpc/h, so H(a) = 100 E(a).
 *
 * @param omegaM total matter density Ω_m (CDM + baryons) today
 * @param sigma8 rms linear overdensity in top-hat spheres of 8 Mpc/h today
 * @param h      H0 / (100 km/s/Mpc)
 * @param omegaB baryon density Ω_b today
 * @param ns     primordial spectral index
 */
public record Cosmology(double omegaM, double sigma8, double h, double omegaB, double ns) {

    /** CMB temperature used by the EH98 fitting formulae (Fixsen 2009). */
    public static final double T_CMB = 2.7255;

    public Cosmology {
        if (!(omegaM > 0 && omegaM <= 1)) {
            throw new IllegalArgumentException("Omega_m must be in (0, 1], got: " + omegaM);
        }
        if (!(sigma8 > 0) || Double.isInfinite(sigma8)) {
            throw new IllegalArgumentException("sigma_8 must be positive and finite, got: " + sigma8);
        }
        if (!(h > 0 && h < 2)) {
            throw new IllegalArgumentException("h must be in (0, 2), got: " + h);
        }
        if (!(omegaB > 0 && omegaB < omegaM)) {
            throw new IllegalArgumentException("Omega_b must be in (0, Omega_m = " + omegaM + "), got: " + omegaB);
        }
        if (!(ns > 0 && ns < 2)) {
            throw new IllegalArgumentException("n_s must be in (0, 2), got: " + ns);
        }
    }

    /** E(a) = H(a)/H0 = sqrt(Ω_m a⁻³ + Ω_Λ) for flat ΛCDM. */
    public double e(double a) {
        return Math.sqrt(omegaM / (a * a * a) + 1 - omegaM);
    }

    /** H(a) in km/s per Mpc/h. */
    public double hubble(double a) {
        return 100 * e(a);
    }

    /** Ω_m(a) = Ω_m a⁻³ / E(a)². */
    public double omegaM(double a) {
        double ea = e(a);
        return omegaM / (a * a * a * ea * ea);
    }

    public Cosmology withOmegaMSigma8(double omegaM, double sigma8) {
        return new Cosmology(omegaM, sigma8, h, omegaB, ns);
    }
}
