package org.orrery.imaging.sampling;

import org.orrery.imaging.ImagePrior;
import org.orrery.imaging.model.Likelihood;

/**
 * U(z) = −log p(I) − log L(I) in the sampler's coordinates z: I = z for priors on all images, and
 * I = exp(z) (with the Jacobian Σz) for positive priors.
 */
final class Posterior {

    final ImagePrior prior;
    final Likelihood likelihood;
    final boolean log;

    Posterior(ImagePrior prior, Likelihood likelihood) {
        this.prior = prior;
        this.likelihood = likelihood;
        this.log = prior.positive();
    }

    double[] image(double[] z) {
        if (!log) {
            return z.clone();
        }
        double[] img = new double[z.length];
        for (int p = 0; p < z.length; p++) {
            img[p] = Math.exp(z[p]);
        }
        return img;
    }

    double[] coordinates(double[] image) {
        if (!log) {
            return image.clone();
        }
        double[] z = new double[image.length];
        for (int p = 0; p < z.length; p++) {
            z[p] = Math.log(Math.max(image[p], 1e-12));
        }
        return z;
    }

    /** U(z); its gradient is written into {@code grad}. */
    double energy(double[] z, double[] grad) {
        double[] img = image(z);
        double nll = likelihood.negLogLikelihood(img, grad);
        double lp = prior.logDensity(img);
        double[] score = prior.score(img, 0);
        double u = nll - lp;
        for (int p = 0; p < z.length; p++) {
            double gi = grad[p] - score[p];
            grad[p] = log ? gi * img[p] - 1 : gi;
        }
        if (log) {
            for (double v : z) {
                u -= v;
            }
        }
        return u;
    }
}
