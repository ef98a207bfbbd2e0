package org.orrery.imaging.model;

import java.util.ArrayList;
import java.util.List;
import org.orrery.imaging.DataTerm;
import org.orrery.imaging.ForwardModel;

/**
 * A sum of data terms. Terms on the same forward model share one DFT and one adjoint per call.
 * Each term may carry a weight (1 = the likelihood as defined; EHT imaging weights products
 * differently for regularised maximum likelihood).
 */
public final class Likelihood {

    private final ForwardModel model;
    private final List<VisibilityTerm> visTerms = new ArrayList<>();
    private final List<Double> visWeights = new ArrayList<>();
    private final List<DataTerm> imageTerms = new ArrayList<>();
    private final List<Double> imageWeights = new ArrayList<>();

    public Likelihood(ForwardModel model) {
        this.model = model;
    }

    public ForwardModel model() {
        return model;
    }

    public Likelihood add(DataTerm term) {
        return add(term, 1.0);
    }

    public Likelihood add(DataTerm term, double weight) {
        if (term instanceof VisibilityTerm v && v.model() == model) {
            visTerms.add(v);
            visWeights.add(weight);
        } else {
            imageTerms.add(term);
            imageWeights.add(weight);
        }
        return this;
    }

    public List<DataTerm> terms() {
        List<DataTerm> all = new ArrayList<>(visTerms);
        all.addAll(imageTerms);
        return all;
    }

    /** −log L; when {@code grad} is not null it is OVERWRITTEN with the gradient. */
    public double negLogLikelihood(double[] image, double[] grad) {
        int n = model.count();
        double[] re = new double[n];
        double[] im = new double[n];
        double value = 0;
        if (!visTerms.isEmpty()) {
            model.apply(image, re, im);
        }
        double[] gRe = grad == null ? null : new double[n];
        double[] gIm = grad == null ? null : new double[n];
        double[] tr = grad == null ? null : new double[n];
        double[] ti = grad == null ? null : new double[n];
        for (int t = 0; t < visTerms.size(); t++) {
            double w = visWeights.get(t);
            if (grad == null) {
                value += w * visTerms.get(t).negLogLikelihood(re, im, null, null);
            } else {
                java.util.Arrays.fill(tr, 0);
                java.util.Arrays.fill(ti, 0);
                value += w * visTerms.get(t).negLogLikelihood(re, im, tr, ti);
                for (int k = 0; k < n; k++) {
                    gRe[k] += w * tr[k];
                    gIm[k] += w * ti[k];
                }
            }
        }
        if (grad != null) {
            if (visTerms.isEmpty()) {
                java.util.Arrays.fill(grad, 0);
            } else {
                model.adjoint(gRe, gIm, grad);
            }
        }
        for (int t = 0; t < imageTerms.size(); t++) {
            double w = imageWeights.get(t);
            if (grad == null) {
                value += w * imageTerms.get(t).negLogLikelihood(image, null);
            } else {
                double[] g = new double[image.length];
                value += w * imageTerms.get(t).negLogLikelihood(image, g);
                for (int p = 0; p < g.length; p++) {
                    grad[p] += w * g[p];
                }
            }
        }
        return value;
    }
}
