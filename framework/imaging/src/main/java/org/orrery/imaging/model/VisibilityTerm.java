package org.orrery.imaging.model;

import org.orrery.imaging.DataTerm;
import org.orrery.imaging.ForwardModel;

/** A data term that depends on the image only through its model visibilities. */
public abstract class VisibilityTerm implements DataTerm {

    protected final ForwardModel model;

    protected VisibilityTerm(ForwardModel model) {
        this.model = model;
    }

    public ForwardModel model() {
        return model;
    }

    /**
     * −log L for model visibilities (re, im); when gRe is not null the gradients with respect to
     * re and im are ADDED to gRe and gIm.
     */
    public abstract double negLogLikelihood(double[] re, double[] im, double[] gRe, double[] gIm);

    /** χ² for model visibilities, as the EHT imaging papers define it for this product. */
    public abstract double chi2(double[] re, double[] im);

    public abstract Residuals residuals(double[] re, double[] im);

    @Override
    public double negLogLikelihood(double[] image, double[] grad) {
        int n = model.count();
        double[] re = new double[n];
        double[] im = new double[n];
        model.apply(image, re, im);
        if (grad == null) {
            return negLogLikelihood(re, im, null, null);
        }
        double[] gRe = new double[n];
        double[] gIm = new double[n];
        double value = negLogLikelihood(re, im, gRe, gIm);
        double[] g = new double[image.length];
        model.adjoint(gRe, gIm, g);
        for (int p = 0; p < g.length; p++) {
            grad[p] += g[p];
        }
        return value;
    }

    @Override
    public double chi2(double[] image) {
        int n = model.count();
        double[] re = new double[n];
        double[] im = new double[n];
        model.apply(image, re, im);
        return chi2(re, im);
    }

    @Override
    public Residuals residuals(double[] image) {
        int n = model.count();
        double[] re = new double[n];
        double[] im = new double[n];
        model.apply(image, re, im);
        return residuals(re, im);
    }
}
