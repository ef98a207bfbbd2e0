package org.orrery.imaging;

/**
 * One likelihood term: a data product measured on an observation, compared with the same
 * product of a model image.
 */
public interface DataTerm {

    DataProduct product();

    /** Number of data values (closure phases, log closure amplitudes, visibilities...). */
    int count();

    /**
     * The negative log-likelihood (up to a constant) of {@code image}; when {@code grad} is not null
     * its gradient with respect to the image is ADDED to {@code grad}.
     */
    double negLogLikelihood(double[] image, double[] grad);

    /** The reduced chi-square of {@code image} as the EHT imaging papers define it for this product. */
    double chi2(double[] image);

    /** The measured values, model values for {@code image} and their sigmas, for data-fit figures. */
    Residuals residuals(double[] image);

    /**
     * Per-datum comparison. {@code uvDistance} is the longest baseline involved, in wavelengths;
     * phases are in radians.
     */
    record Residuals(DataProduct product, double[] uvDistance, double[] measured, double[] model, double[] sigma) {
    }
}
