package org.orrery.imaging.model;

import java.util.List;
import org.orrery.imaging.DataProduct;
import org.orrery.imaging.DataTerm;
import org.orrery.imaging.ForwardModel;
import org.orrery.imaging.Visibilities;

/**
 * The EHT imaging likelihood terms (Chael et al. 2018; EHT M87 Paper IV), with these
 * negative log-likelihoods and reduced χ² (N data, σ after adding the systematic fraction f:
 * σ² → σ² + (f|V|)²):
 * <ul>
 *   <li>VIS: −log L = Σ|ΔV|²/(2σ²); χ² = Σ|ΔV|²/σ²/(2N);</li>
 *   <li>AMP: −log L = Σ(Δ|V|)²/(2σ²); χ² = Σ(Δ|V|/σ)²/N;</li>
 *   <li>CPHASE: −log L = Σ(1 − cos Δφ)/σ²; χ² = (2/N)Σ(1 − cos Δφ)/σ², σ_cp = √Σ(σ_i/|V_i|)²;</li>
 *   <li>LOGCAMP: −log L = Σ Δ²/(2σ²); χ² = ΣΔ²/σ²/N, σ = √Σ 1/SNR_i², the measured values debiased
 *       by +½(1/SNR₁² + 1/SNR₂² − 1/SNR₃² − 1/SNR₄²) (ehtim's logcamp_debias; 1, 2 numerator).</li>
 * </ul>
 */
public final class Terms {

    private Terms() {
    }

    /** σ with the systematic fraction added in quadrature. */
    public static double[] sigma(Visibilities vis, double systematic) {
        if (!(systematic >= 0) || systematic >= 1) {
            throw new IllegalArgumentException("systematic noise fraction must be in [0, 1), got " + systematic);
        }
        double[] s = new double[vis.size()];
        for (int k = 0; k < s.length; k++) {
            double f = systematic * vis.amplitude(k);
            s[k] = Math.sqrt(vis.sigma()[k] * vis.sigma()[k] + f * f);
        }
        return s;
    }

    public static VisibilityTerm visibilities(ForwardModel model, Visibilities vis, double[] sigma) {
        return new Vis(model, vis, sigma);
    }

    public static VisibilityTerm amplitudes(ForwardModel model, Visibilities vis, double[] sigma) {
        return new Amp(model, vis, sigma);
    }

    public static VisibilityTerm closurePhases(ForwardModel model, Visibilities vis, double[] sigma, double gapSeconds) {
        return new ClosurePhase(model, vis, sigma, Closures.triangles(vis, sigma, gapSeconds));
    }

    public static VisibilityTerm logClosureAmplitudes(ForwardModel model, Visibilities vis, double[] sigma, double gapSeconds) {
        return new LogClosureAmplitude(model, vis, sigma, Closures.quadrangles(vis, sigma, gapSeconds));
    }

    private static double[] uvDist(Visibilities vis, List<Closures.Closure> cl) {
        double[] out = new double[cl.size()];
        for (int c = 0; c < out.length; c++) {
            for (int k : cl.get(c).records()) {
                out[c] = Math.max(out[c], vis.uvDistance(k));
            }
        }
        return out;
    }

    /** A term with one datum per visibility record (VIS, AMP): the records and their σ. */
    abstract static class PerRecord extends VisibilityTerm {
        protected final Visibilities vis;
        protected final double[] sigma;

        PerRecord(ForwardModel model, Visibilities vis, double[] sigma) {
            super(model);
            this.vis = vis;
            this.sigma = sigma;
        }

        @Override
        public int count() {
            return vis.size();
        }
    }

    static final class Vis extends PerRecord {
        Vis(ForwardModel model, Visibilities vis, double[] sigma) {
            super(model, vis, sigma);
        }

        @Override
        public DataProduct product() {
            return DataProduct.VIS;
        }

        @Override
        public double negLogLikelihood(double[] re, double[] im, double[] gRe, double[] gIm) {
            double s = 0;
            for (int k = 0; k < re.length; k++) {
                double w = 1 / (sigma[k] * sigma[k]);
                double dr = re[k] - vis.re()[k];
                double di = im[k] - vis.im()[k];
                s += 0.5 * w * (dr * dr + di * di);
                if (gRe != null) {
                    gRe[k] += w * dr;
                    gIm[k] += w * di;
                }
            }
            return s;
        }

        @Override
        public double chi2(double[] re, double[] im) {
            return negLogLikelihood(re, im, null, null) / count();
        }

        @Override
        public Residuals residuals(double[] re, double[] im) {
            int n = count();
            double[] uv = new double[2 * n];
            double[] meas = new double[2 * n];
            double[] mod = new double[2 * n];
            double[] sg = new double[2 * n];
            for (int k = 0; k < n; k++) {
                uv[2 * k] = uv[2 * k + 1] = vis.uvDistance(k);
                meas[2 * k] = vis.re()[k];
                meas[2 * k + 1] = vis.im()[k];
                mod[2 * k] = re[k];
                mod[2 * k + 1] = im[k];
                sg[2 * k] = sg[2 * k + 1] = sigma[k];
            }
            return new Residuals(DataProduct.VIS, uv, meas, mod, sg);
        }
    }

    static final class Amp extends PerRecord {
        Amp(ForwardModel model, Visibilities vis, double[] sigma) {
            super(model, vis, sigma);
        }

        @Override
        public DataProduct product() {
            return DataProduct.AMP;
        }

        @Override
        public double negLogLikelihood(double[] re, double[] im, double[] gRe, double[] gIm) {
            double s = 0;
            for (int k = 0; k < re.length; k++) {
                double a = Math.hypot(re[k], im[k]);
                double d = a - vis.amplitude(k);
                double w = 1 / (sigma[k] * sigma[k]);
                s += 0.5 * w * d * d;
                if (gRe != null && a > 0) {
                    gRe[k] += w * d * re[k] / a;
                    gIm[k] += w * d * im[k] / a;
                }
            }
            return s;
        }

        @Override
        public double chi2(double[] re, double[] im) {
            return 2 * negLogLikelihood(re, im, null, null) / count();
        }

        @Override
        public Residuals residuals(double[] re, double[] im) {
            int n = count();
            double[] uv = new double[n];
            double[] meas = new double[n];
            double[] mod = new double[n];
            for (int k = 0; k < n; k++) {
                uv[k] = vis.uvDistance(k);
                meas[k] = vis.amplitude(k);
                mod[k] = Math.hypot(re[k], im[k]);
            }
            return new Residuals(DataProduct.AMP, uv, meas, mod, sigma.clone());
        }
    }

    /**
     * A term over a set of closures (triangles or quadrangles of records with ±1 coefficients): the
     * measured closure quantities, their σ, the longest baseline of each, and the closure quantity
     * of model visibilities.
     */
    abstract static class PerClosure extends VisibilityTerm {
        protected final List<Closures.Closure> set;
        protected final double[] measured;
        protected final double[] sigma;
        protected final double[] uv;

        PerClosure(ForwardModel model, Visibilities vis, List<Closures.Closure> set, double[] measured, double[] sigma) {
            super(model);
            this.set = set;
            this.measured = measured;
            this.sigma = sigma;
            this.uv = uvDist(vis, set);
        }

        @Override
        public int count() {
            return set.size();
        }

        /** The closure quantity of model visibilities (re, im) over closure {@code cl}. */
        abstract double model(Closures.Closure cl, double[] re, double[] im);

        @Override
        public double chi2(double[] re, double[] im) {
            return 2 * negLogLikelihood(re, im, null, null) / count();
        }

        /** Adds g·coefficient·∂(log|V| or arg V)/∂(Re, Im) of every record of {@code cl} to the gradient. */
        static void chain(Closures.Closure cl, double g, boolean phase, double[] re, double[] im, double[] gRe, double[] gIm) {
            for (int e = 0; e < cl.records().length; e++) {
                int k = cl.records()[e];
                double a2 = re[k] * re[k] + im[k] * im[k];
                if (a2 > 0) {
                    // the operations in the order the separate terms had, so results are bit-identical
                    double gc = g * cl.coefficients()[e];
                    if (phase) {
                        gRe[k] += gc * (-im[k] / a2);
                        gIm[k] += gc * (re[k] / a2);
                    } else {
                        gRe[k] += gc * re[k] / a2;
                        gIm[k] += gc * im[k] / a2;
                    }
                }
            }
        }
    }

    static final class ClosurePhase extends PerClosure {

        ClosurePhase(ForwardModel model, Visibilities vis, double[] sigmaVis, List<Closures.Closure> set) {
            super(model, vis, set, new double[set.size()], new double[set.size()]);
            for (int c = 0; c < set.size(); c++) {
                var cl = set.get(c);
                double s2 = 0;
                for (int e = 0; e < cl.records().length; e++) {
                    int k = cl.records()[e];
                    measured[c] += cl.coefficients()[e] * vis.phase(k);
                    double r = sigmaVis[k] / vis.amplitude(k);
                    s2 += r * r;
                }
                sigma[c] = Math.sqrt(s2);
            }
        }

        @Override
        public DataProduct product() {
            return DataProduct.CPHASE;
        }

        @Override
        double model(Closures.Closure cl, double[] re, double[] im) {
            double phi = 0;
            for (int e = 0; e < cl.records().length; e++) {
                int k = cl.records()[e];
                phi += cl.coefficients()[e] * Math.atan2(im[k], re[k]);
            }
            return phi;
        }

        @Override
        public double negLogLikelihood(double[] re, double[] im, double[] gRe, double[] gIm) {
            double s = 0;
            for (int c = 0; c < set.size(); c++) {
                var cl = set.get(c);
                double d = model(cl, re, im) - measured[c];
                double w = 1 / (sigma[c] * sigma[c]);
                s += w * (1 - Math.cos(d));
                if (gRe != null) {
                    chain(cl, w * Math.sin(d), true, re, im, gRe, gIm);
                }
            }
            return s;
        }

        @Override
        public Residuals residuals(double[] re, double[] im) {
            double[] mod = new double[set.size()];
            double[] meas = new double[set.size()];
            for (int c = 0; c < set.size(); c++) {
                mod[c] = wrap(model(set.get(c), re, im));
                meas[c] = wrap(measured[c]);
            }
            return new Residuals(DataProduct.CPHASE, uv.clone(), meas, mod, sigma.clone());
        }
    }

    static double wrap(double a) {
        return Math.atan2(Math.sin(a), Math.cos(a));
    }

    static final class LogClosureAmplitude extends PerClosure {

        LogClosureAmplitude(ForwardModel model, Visibilities vis, double[] sigmaVis, List<Closures.Closure> set) {
            super(model, vis, set, new double[set.size()], new double[set.size()]);
            for (int c = 0; c < set.size(); c++) {
                var cl = set.get(c);
                double s2 = 0;
                double debias = 0;
                for (int e = 0; e < cl.records().length; e++) {
                    int k = cl.records()[e];
                    measured[c] += cl.coefficients()[e] * Math.log(vis.amplitude(k));
                    double inv = sigmaVis[k] / vis.amplitude(k);
                    s2 += inv * inv;
                    debias += 0.5 * cl.coefficients()[e] * inv * inv;
                }
                measured[c] += debias;
                sigma[c] = Math.sqrt(s2);
            }
        }

        @Override
        public DataProduct product() {
            return DataProduct.LOGCAMP;
        }

        @Override
        double model(Closures.Closure cl, double[] re, double[] im) {
            double v = 0;
            for (int e = 0; e < cl.records().length; e++) {
                int k = cl.records()[e];
                v += cl.coefficients()[e] * 0.5 * Math.log(re[k] * re[k] + im[k] * im[k]);
            }
            return v;
        }

        @Override
        public double negLogLikelihood(double[] re, double[] im, double[] gRe, double[] gIm) {
            double s = 0;
            for (int c = 0; c < set.size(); c++) {
                var cl = set.get(c);
                double d = model(cl, re, im) - measured[c];
                double w = 1 / (sigma[c] * sigma[c]);
                s += 0.5 * w * d * d;
                if (gRe != null) {
                    chain(cl, w * d, false, re, im, gRe, gIm);
                }
            }
            return s;
        }

        @Override
        public Residuals residuals(double[] re, double[] im) {
            double[] mod = new double[set.size()];
            for (int c = 0; c < set.size(); c++) {
                mod[c] = model(set.get(c), re, im);
            }
            return new Residuals(DataProduct.LOGCAMP, uv.clone(), measured.clone(), mod, sigma.clone());
        }
    }

    /** Total-flux constraint: −log L = (ΣI − F)²/(2(fF)²); χ² = ((ΣI − F)/(fF))². */
    public static DataTerm totalFlux(double fluxJy, double fraction) {
        if (!(fluxJy > 0) || !(fraction > 0)) {
            throw new IllegalArgumentException("total flux and its fractional tolerance must be > 0, got " + fluxJy + ", " + fraction);
        }
        double sd = fraction * fluxJy;
        return new DataTerm() {
            @Override
            public DataProduct product() {
                return DataProduct.FLUX;
            }

            @Override
            public int count() {
                return 1;
            }

            @Override
            public double negLogLikelihood(double[] image, double[] grad) {
                double total = 0;
                for (double x : image) {
                    total += x;
                }
                double d = (total - fluxJy) / sd;
                if (grad != null) {
                    for (int p = 0; p < grad.length; p++) {
                        grad[p] += d / sd;
                    }
                }
                return 0.5 * d * d;
            }

            @Override
            public double chi2(double[] image) {
                return 2 * negLogLikelihood(image, null);
            }

            @Override
            public Residuals residuals(double[] image) {
                double total = 0;
                for (double x : image) {
                    total += x;
                }
                return new Residuals(DataProduct.FLUX, new double[] {0}, new double[] {fluxJy}, new double[] {total}, new double[] {sd});
            }
        };
    }
}
