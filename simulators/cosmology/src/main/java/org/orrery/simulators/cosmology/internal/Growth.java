package org.orrery.simulators.cosmology.internal;

import org.apache.commons.math3.analysis.integration.IterativeLegendreGaussIntegrator;

/**
 * Linear growth in flat ΛCDM (no radiation), by the Heath (1977) integral
 * D(a) ∝ E(a) ∫₀ᵃ da' / (a' E(a'))³, normalised to D(1) = 1, and the growth rate
 * f = d ln D / d ln a = −3 Ω_m / (2 a³ E²) + 1 / (a² E³ I(a)) with I the integral above.
 * Second order (Bouchet et al. 1995): D2 ≈ −3/7 D1² Ω_m(a)^(−1/143), f2 ≈ 2 Ω_m(a)^(6/11).
 */
public final class Growth {

    private final Cosmology cosmology;
    private final double norm;

    public Growth(Cosmology cosmology) {
        this.cosmology = cosmology;
        this.norm = unnormalised(1);
    }

    private double integral(double a) {
        var integrator = new IterativeLegendreGaussIntegrator(16, 1e-13, 1e-15);
        // (a E)^-3 = (Ω_m/a + Ω_Λ a²)^(-3/2) ~ a^(3/2) near 0; with a = u² the integrand 2u (u² E)^-3 ~ u⁴ is smooth.
        return integrator.integrate(100_000, u -> {
            double x = u * u;
            return x == 0 ? 0 : 2 * u * Math.pow(x * cosmology.e(x), -3);
        }, 0, Math.sqrt(a));
    }

    private double unnormalised(double a) {
        return cosmology.e(a) * integral(a);
    }

    private static double checkA(double a) {
        if (!(a > 0 && a <= 1.0 + 1e-12)) {
            throw new IllegalArgumentException("scale factor must be in (0, 1], got: " + a);
        }
        return a;
    }

    /** D1(a) with D1(1) = 1. */
    public double d1(double a) {
        return unnormalised(checkA(a)) / norm;
    }

    /** f1 = d ln D1 / d ln a. */
    public double f1(double a) {
        checkA(a);
        double e = cosmology.e(a);
        return -1.5 * cosmology.omegaM() / (a * a * a * e * e) + 1 / (a * a * e * e * e * integral(a));
    }

    /** D2 ≈ −3/7 D1² Ω_m(a)^(−1/143). */
    public double d2(double a) {
        double d = d1(a);
        return -3.0 / 7.0 * d * d * Math.pow(cosmology.omegaM(a), -1.0 / 143.0);
    }

    /** f2 = d ln D2 / d ln a ≈ 2 Ω_m(a)^(6/11). */
    public double f2(double a) {
        return 2 * Math.pow(cosmology.omegaM(checkA(a)), 6.0 / 11.0);
    }
}
