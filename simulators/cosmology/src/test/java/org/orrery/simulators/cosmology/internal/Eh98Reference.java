package org.orrery.simulators.cosmology.internal;

/**
 * A second, deliberately plain transcription of Eisenstein &amp; Hu (1998) for tests: every
 * equation written out inline per call, in 1/Mpc, with no shared state with {@link EisensteinHu}.
 * It guards against transcription slips in the production class (it was written separately, from
 * the paper's equation list, with the authors' tf_fit.c reading of z_eq as 1 + z_eq and 1 + z_d in
 * R_d and y; both could still share a misreading, which the CCL benchmark in {@link LinearPowerTest}
 * covers).
 */
final class Eh98Reference {

    private final double om;
    private final double ob;
    private final double h;
    private final double tcmb;

    Eh98Reference(double om, double ob, double h, double tcmb) {
        this.om = om;
        this.ob = ob;
        this.h = h;
        this.tcmb = tcmb;
    }

    /** Full EH98 T(k), k in h/Mpc. */
    double full(double kh) {
        double k = kh * h;
        double omh2 = om * h * h;
        double obh2 = ob * h * h;
        double th = tcmb / 2.7;
        double fBaryon = ob / om;
        double fCdm = (om - ob) / om;
        double zEq = 25000.0 * omh2 * Math.pow(th, -4.0);
        double kEq = 0.0746 * omh2 * Math.pow(th, -2.0);
        double zDrag = 1291.0 * Math.pow(omh2, 0.251) / (1.0 + 0.659 * Math.pow(omh2, 0.828))
                * (1.0 + 0.313 * Math.pow(omh2, -0.419) * (1.0 + 0.607 * Math.pow(omh2, 0.674))
                        * Math.pow(obh2, 0.238 * Math.pow(omh2, 0.223)));
        double rDrag = 31.5 * obh2 * Math.pow(th, -4.0) * (1000.0 / (1.0 + zDrag));
        double rEq = 31.5 * obh2 * Math.pow(th, -4.0) * (1000.0 / zEq);
        double s = (2.0 / (3.0 * kEq)) * Math.sqrt(6.0 / rEq)
                * Math.log((Math.sqrt(1.0 + rDrag) + Math.sqrt(rDrag + rEq)) / (1.0 + Math.sqrt(rEq)));
        double kSilk = 1.6 * Math.pow(obh2, 0.52) * Math.pow(omh2, 0.73) * (1.0 + Math.pow(10.4 * omh2, -0.95));
        double q = k / (13.41 * kEq);

        double alphaC = Math.pow(Math.pow(46.9 * omh2, 0.670) * (1.0 + Math.pow(32.1 * omh2, -0.532)), -fBaryon)
                * Math.pow(Math.pow(12.0 * omh2, 0.424) * (1.0 + Math.pow(45.0 * omh2, -0.582)), -Math.pow(fBaryon, 3.0));
        double betaC = 1.0 / (1.0 + 0.944 / (1.0 + Math.pow(458.0 * omh2, -0.708))
                * (Math.pow(fCdm, Math.pow(0.395 * omh2, -0.0266)) - 1.0));
        double f = 1.0 / (1.0 + Math.pow(k * s / 5.4, 4.0));
        double tc = f * t0(q, 1.0, betaC) + (1.0 - f) * t0(q, alphaC, betaC);

        double y = zEq / (1.0 + zDrag); // zEq from eq. 2 is 1 + z_eq (authors' tf_fit.c)
        double gy = y * (-6.0 * Math.sqrt(1.0 + y)
                + (2.0 + 3.0 * y) * Math.log((Math.sqrt(1.0 + y) + 1.0) / (Math.sqrt(1.0 + y) - 1.0)));
        double alphaB = 2.07 * kEq * s * Math.pow(1.0 + rDrag, -3.0 / 4.0) * gy;
        double betaB = 0.5 + fBaryon + (3.0 - 2.0 * fBaryon) * Math.sqrt(Math.pow(17.2 * omh2, 2.0) + 1.0);
        double betaNode = 8.41 * Math.pow(omh2, 0.435);
        double sTilde = s / Math.pow(1.0 + Math.pow(betaNode / (k * s), 3.0), 1.0 / 3.0);
        double tb = (t0(q, 1.0, 1.0) / (1.0 + Math.pow(k * s / 5.2, 2.0))
                + alphaB / (1.0 + Math.pow(betaB / (k * s), 3.0)) * Math.exp(-Math.pow(k / kSilk, 1.4)))
                * Math.sin(k * sTilde) / (k * sTilde);
        return fBaryon * tb + fCdm * tc;
    }

    private static double t0(double q, double alphaC, double betaC) {
        double c = 14.2 / alphaC + 386.0 / (1.0 + 69.9 * Math.pow(q, 1.08));
        double l = Math.log(Math.E + 1.8 * betaC * q);
        return l / (l + c * q * q);
    }

    /** EH98 §4.2 no-wiggle T(k), k in h/Mpc. */
    double noWiggle(double kh) {
        double omh2 = om * h * h;
        double obh2 = ob * h * h;
        double fBaryon = ob / om;
        double th = tcmb / 2.7;
        double s = 44.5 * Math.log(9.83 / omh2) / Math.sqrt(1.0 + 10.0 * Math.pow(obh2, 0.75));
        double alphaGamma = 1.0 - 0.328 * Math.log(431.0 * omh2) * fBaryon
                + 0.38 * Math.log(22.3 * omh2) * fBaryon * fBaryon;
        double k = kh * h;
        double gammaEff = om * h * (alphaGamma + (1.0 - alphaGamma) / (1.0 + Math.pow(0.43 * k * s, 4.0)));
        double q = kh * th * th / gammaEff;
        double l0 = Math.log(2.0 * Math.E + 1.8 * q);
        double c0 = 14.2 + 731.0 / (1.0 + 62.5 * q);
        return l0 / (l0 + c0 * q * q);
    }
}
