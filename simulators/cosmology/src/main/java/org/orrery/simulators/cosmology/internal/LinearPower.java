package org.orrery.simulators.cosmology.internal;

import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;

/**
 * The linear matter power spectrum today, P(k) = A kⁿˢ T²(k) in (Mpc/h)³ with k in h/Mpc, where T
 * is EH98 and A is fixed so that the top-hat variance at R = 8 Mpc/h equals σ8²:
 * σ²(R) = 1/(2π²) ∫ k³ P(k) W²(kR) d ln k, W(x) = 3 (sin x − x cos x)/x³.
 */
public final class LinearPower {

    /** Integration range in ln k: the integrand is negligible beyond (k⁴ suppression at both ends). */
    private static final double LN_K_MIN = Math.log(1e-6);
    private static final double LN_K_MAX = Math.log(1e3);
    /** Pieces per 10 e-folds, each with a 32-point Gauss–Legendre rule: resolves the BAO wiggles and W². */
    private static final int PIECES = 80;
    private static final GaussIntegratorFactory GAUSS = new GaussIntegratorFactory();

    private final Cosmology cosmology;
    private final EisensteinHu transfer;
    private final double amplitude;

    public LinearPower(Cosmology cosmology, boolean wiggles) {
        this(cosmology, wiggles, Cosmology.T_CMB);
    }

    public LinearPower(Cosmology cosmology, boolean wiggles, double tcmb) {
        this.cosmology = cosmology;
        this.transfer = new EisensteinHu(cosmology, wiggles, tcmb);
        double unnormalised = topHatVariance(this::shape, 8);
        this.amplitude = cosmology.sigma8() * cosmology.sigma8() / unnormalised;
    }

    public Cosmology cosmology() {
        return cosmology;
    }

    public EisensteinHu transferFunction() {
        return transfer;
    }

    /** P(k) today, (Mpc/h)³; P(0) = 0. */
    public double at(double k) {
        return amplitude * shape(k);
    }

    private double shape(double k) {
        if (k == 0) {
            return 0;
        }
        double t = transfer.transfer(k);
        return Math.pow(k, cosmology.ns()) * t * t;
    }

    /** σ(R) of this spectrum for a top-hat of radius R in Mpc/h. */
    public double sigma(double radius) {
        return Math.sqrt(topHatVariance(this::at, radius));
    }

    /** Top-hat window W(x) = 3 (sin x − x cos x)/x³, by its series below x = 1e-2 to avoid cancellation. */
    public static double topHat(double x) {
        if (x < 1e-2) {
            double x2 = x * x;
            return 1 - x2 / 10 + x2 * x2 / 280;
        }
        return 3 * (Math.sin(x) - x * Math.cos(x)) / (x * x * x);
    }

    static double topHatVariance(java.util.function.DoubleUnaryOperator power, double radius) {
        UnivariateFunction integrand = lnk -> {
            double k = Math.exp(lnk);
            double w = topHat(k * radius);
            return k * k * k * power.applyAsDouble(k) * w * w;
        };
        int n = (int) Math.ceil((LN_K_MAX - LN_K_MIN) * PIECES / 10);
        double step = (LN_K_MAX - LN_K_MIN) / n;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double lo = LN_K_MIN + i * step;
            sum += GAUSS.legendre(32, lo, lo + step).integrate(integrand);
        }
        return sum / (2 * Math.PI * Math.PI);
    }
}
