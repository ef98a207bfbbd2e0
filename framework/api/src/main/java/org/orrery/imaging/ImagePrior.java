package org.orrery.imaging;

import org.orrery.prior.GenerativePrior;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A prior over images that can be set up for the grid and flux scale of an observation. Register
 * implementations as {@link GenerativePrior} services (kind {@code GENERATIVE_PRIOR}) with an
 * {@code orrery.id}; the imaging job calls {@link #on} to get the prior for its grid. A learned
 * prior trained at one grid may refuse other grids with a one-line {@link IllegalArgumentException}.
 *
 * <p>{@link #score(double[], double)} is the score of the prior smoothed by Gaussian noise of std
 * {@code sigma} (Jy per pixel); classical priors give the exact {@code sigma = 0} score and may
 * give the smoothed one. Samplers use {@link #logDensity} when it is finite.
 */
@ConsumerType
public interface ImagePrior extends GenerativePrior {

    /** The prior for {@code grid} with an expected total flux {@code totalFluxJy}. */
    ImagePrior on(ImageGrid grid, double totalFluxJy);

    /** True when the prior's support is positive images only (samplers then work in log pixels). */
    default boolean positive() {
        return false;
    }

    /** True when {@link #score} honours {@code sigma > 0} (needed by annealed samplers). */
    default boolean smoothedScore() {
        return false;
    }

    /**
     * For a learned prior, the smallest and largest noise level (Jy per pixel, at the flux given to
     * {@link #on}) its score was trained on, which annealed samplers should stay within; null when
     * the score holds at every level.
     */
    default double[] sigmaRange() {
        return null;
    }

    /**
     * The smoothed score of several images at one noise level: {@link #score} of each, in order.
     * Learned priors override it to evaluate their network once per batch (samplers run their
     * chains in lockstep through this); the result must equal the one-by-one scores.
     */
    default double[][] scores(double[][] fields, double sigma) {
        double[][] out = new double[fields.length][];
        for (int k = 0; k < fields.length; k++) {
            out[k] = score(fields[k], sigma);
        }
        return out;
    }
}
