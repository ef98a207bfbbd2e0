package org.orrery.simulators.cosmology.internal;

/**
 * The Eisenstein &amp; Hu (1998, ApJ 496, 605; "EH98") matter transfer function: the full form with
 * baryon acoustic oscillations (§3, eqs. 2–24) and the zero-baryon-oscillation ("no-wiggle") form
 * of §4.2 (eqs. 26–31). Wavenumbers in h/Mpc; the paper's formulae work in 1/Mpc, so k is
 * multiplied by h inside. Immutable; all k-independent quantities are computed once.
 */
public final class EisensteinHu {

    private final boolean wiggles;
    private final double h;
    private final double omegaM;
    private final double fb;
    private final double fc;
    private final double theta;
    // full form
    private final double keq;
    private final double soundHorizon;
    private final double kSilk;
    private final double alphaC;
    private final double betaC;
    private final double alphaB;
    private final double betaB;
    private final double betaNode;
    // no-wiggle form
    private final double soundHorizonFit;
    private final double alphaGamma;

    public EisensteinHu(Cosmology c, boolean wiggles) {
        this(c, wiggles, Cosmology.T_CMB);
    }

    /** With an explicit CMB temperature in K (the fits depend on it through θ = T/2.7). */
    public EisensteinHu(Cosmology c, boolean wiggles, double tcmb) {
        if (!(tcmb > 0) || Double.isInfinite(tcmb)) {
            throw new IllegalArgumentException("CMB temperature must be positive and finite, got: " + tcmb);
        }
        this.wiggles = wiggles;
        this.h = c.h();
        this.omegaM = c.omegaM();
        double wm = c.omegaM() * h * h;
        double wb = c.omegaB() * h * h;
        this.fb = c.omegaB() / c.omegaM();
        this.fc = 1 - fb;
        this.theta = tcmb / 2.7;
        double t4 = Math.pow(theta, 4);

        // As in the authors' tf_fit.c (and CCL, nbodykit): eq. 2 gives 1 + z_eq, and R_d, y use 1 + z_d.
        double zeq = 2.50e4 * wm / t4;                                       // eq. 2, really 1 + z_eq
        this.keq = 7.46e-2 * wm / (theta * theta);                           // eq. 3, 1/Mpc
        double b1 = 0.313 * Math.pow(wm, -0.419) * (1 + 0.607 * Math.pow(wm, 0.674));
        double b2 = 0.238 * Math.pow(wm, 0.223);
        double zd = 1291 * Math.pow(wm, 0.251) / (1 + 0.659 * Math.pow(wm, 0.828))
                * (1 + b1 * Math.pow(wb, b2));                               // eq. 4
        double rd = 31.5 * wb / t4 * (1000 / (1 + zd));                      // eq. 5 at z_d
        double req = 31.5 * wb / t4 * (1000 / zeq);                          // eq. 5 at z_eq
        this.soundHorizon = 2 / (3 * keq) * Math.sqrt(6 / req)
                * Math.log((Math.sqrt(1 + rd) + Math.sqrt(rd + req)) / (1 + Math.sqrt(req)));   // eq. 6, Mpc
        this.kSilk = 1.6 * Math.pow(wb, 0.52) * Math.pow(wm, 0.73) * (1 + Math.pow(10.4 * wm, -0.95)); // eq. 7

        double a1 = Math.pow(46.9 * wm, 0.670) * (1 + Math.pow(32.1 * wm, -0.532));
        double a2 = Math.pow(12.0 * wm, 0.424) * (1 + Math.pow(45.0 * wm, -0.582));
        this.alphaC = Math.pow(a1, -fb) * Math.pow(a2, -fb * fb * fb);       // eq. 11
        double bb1 = 0.944 / (1 + Math.pow(458 * wm, -0.708));
        double bb2 = Math.pow(0.395 * wm, -0.0266);
        this.betaC = 1 / (1 + bb1 * (Math.pow(fc, bb2) - 1));                // eq. 12

        double y = zeq / (1 + zd);
        double sy = Math.sqrt(1 + y);
        double g = y * (-6 * sy + (2 + 3 * y) * Math.log((sy + 1) / (sy - 1)));   // eq. 15
        this.alphaB = 2.07 * keq * soundHorizon * Math.pow(1 + rd, -0.75) * g;    // eq. 14
        this.betaB = 0.5 + fb + (3 - 2 * fb) * Math.sqrt(Math.pow(17.2 * wm, 2) + 1); // eq. 24
        this.betaNode = 8.41 * Math.pow(wm, 0.435);                          // eq. 23

        this.soundHorizonFit = 44.5 * Math.log(9.83 / wm) / Math.sqrt(1 + 10 * Math.pow(wb, 0.75)); // eq. 26
        this.alphaGamma = 1 - 0.328 * Math.log(431 * wm) * fb + 0.38 * Math.log(22.3 * wm) * fb * fb; // eq. 31
    }

    /** Sound horizon at the drag epoch, eq. 6, in Mpc (not Mpc/h). */
    public double soundHorizon() {
        return soundHorizon;
    }

    /** The no-wiggle form's fit to the sound horizon, eq. 26, in Mpc. */
    public double soundHorizonFit() {
        return soundHorizonFit;
    }

    public boolean wiggles() {
        return wiggles;
    }

    /** T(k) for k in h/Mpc; T → 1 as k → 0. */
    public double transfer(double kHMpc) {
        if (!(kHMpc >= 0)) {
            throw new IllegalArgumentException("wavenumber must be >= 0, got: " + kHMpc);
        }
        if (kHMpc == 0) {
            return 1;
        }
        double k = kHMpc * h;
        return wiggles ? full(k) : noWiggle(k);
    }

    /** eqs. 28–31: shape-parameter form with the baryon suppression but no oscillations. */
    private double noWiggle(double k) {
        double ks = 0.43 * k * soundHorizonFit;
        double gammaEff = omegaM * h * (alphaGamma + (1 - alphaGamma) / (1 + ks * ks * ks * ks)); // eq. 30
        double q = k * theta * theta / (gammaEff * h);                       // eq. 28 (k in 1/Mpc)
        double l0 = Math.log(2 * Math.E + 1.8 * q);                          // eq. 29
        double c0 = 14.2 + 731 / (1 + 62.5 * q);
        return l0 / (l0 + c0 * q * q);
    }

    /** eqs. 16–24. */
    private double full(double k) {
        double q = k / (13.41 * keq);                                        // eq. 10
        double ks = k * soundHorizon;
        double f = 1 / (1 + Math.pow(ks / 5.4, 4));                          // eq. 18
        double tc = f * tTilde(q, 1, betaC) + (1 - f) * tTilde(q, alphaC, betaC); // eq. 17
        double sTilde = soundHorizon / Math.cbrt(1 + Math.pow(betaNode / ks, 3));  // eq. 22
        double x = k * sTilde;
        double j0 = x < 1e-6 ? 1 - x * x / 6 : Math.sin(x) / x;
        double tb = (tTilde(q, 1, 1) / (1 + Math.pow(ks / 5.2, 2))
                + alphaB / (1 + Math.pow(betaB / ks, 3)) * Math.exp(-Math.pow(k / kSilk, 1.4))) * j0; // eq. 21
        return fb * tb + fc * tc;                                            // eq. 16
    }

    /** eqs. 19–20. */
    private static double tTilde(double q, double alpha, double beta) {
        double l = Math.log(Math.E + 1.8 * beta * q);
        double c = 14.2 / alpha + 386 / (1 + 69.9 * Math.pow(q, 1.08));
        return l / (l + c * q * q);
    }
}
