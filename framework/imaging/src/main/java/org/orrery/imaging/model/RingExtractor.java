package org.orrery.imaging.model;

import org.orrery.imaging.ImageGrid;
import org.orrery.imaging.RingFit;

/**
 * Ring extraction in the manner of REx (EHT M87 Paper IV, §9; Chael's implementation): radial
 * profiles I(r, θ) along {@value #ANGLES} directions from a trial centre (bilinear interpolation);
 * the centre is the one that minimises the fractional spread σ(r_pk)/mean(r_pk) of the peak radii
 * r_pk(θ), searched at radii ≥ max(5 µas, 2 px) (grid search, then a finer one); then
 * <ul>
 *   <li>diameter d = 2 · mean_θ r_pk(θ);</li>
 *   <li>width w = mean_θ FWHM of the profile around its peak, after subtracting the profile's
 *       value at the outer edge of the search (the background floor);</li>
 *   <li>position angle η = arg Σ_θ I_ring(θ) e^{iθ}, θ east of north, and asymmetry
 *       A = |Σ I_ring e^{iθ}| / Σ I_ring, with I_ring(θ) the mean profile within r_pk ± w/2.</li>
 * </ul>
 */
public final class RingExtractor {

    static final int ANGLES = 72;

    private final ImageGrid grid;
    private final double rMaxUas;
    private final double searchUas;

    /**
     * @param rMaxUas   largest radius searched for the peak
     * @param searchUas half-size of the box of trial centres around the image centre
     */
    public RingExtractor(ImageGrid grid, double rMaxUas, double searchUas) {
        this.grid = grid;
        this.rMaxUas = rMaxUas;
        this.searchUas = searchUas;
    }

    /** Defaults: peak searched to 0.45 of the field of view, centres within 0.15 of it. */
    public RingExtractor(ImageGrid grid) {
        this(grid, 0.45 * grid.fovXUas(), 0.15 * grid.fovXUas());
    }

    /**
     * The diameter of the thin ring whose blurred image REx reads as ({@code diameterUas}, {@code widthUas}):
     * blurring a ring of radius R by a Gaussian of std σ moves the radial peak inwards by σ²/(2R)
     * (the 2-D convolution's curvature term), so d₀ = d + 2σ²/d with σ = w/√(8 ln 2). REx's peak
     * diameter is the Paper IV convention; d₀ is the one to compare with thin-ring (crescent) model
     * fits such as Paper VI's 42 ± 3 µas. Checked on a blurred thin 42 µas ring (ModelTest): within
     * 1.5 µas (first order: it over-corrects by ~1 µas at REx widths near 30 µas) where REx alone reads
     * up to 8 µas low.
     */
    public static double thinRingDiameter(double diameterUas, double widthUas) {
        if (!Double.isFinite(widthUas) || !(diameterUas > 0)) {
            return diameterUas;
        }
        double s = widthUas / Math.sqrt(8 * Math.log(2));
        return diameterUas + 2 * s * s / diameterUas;
    }

    /** {@link #fit} of the image convolved with a circular Gaussian of FWHM {@code blurUas} (0: none). */
    public RingFit fit(double[] image, double blurUas) {
        return fit(blurUas > 0 ? blur(image, blurUas) : image);
    }

    /** Separable Gaussian convolution (zero outside the image). */
    public double[] blur(double[] image, double fwhmUas) {
        int nx = grid.nx();
        int ny = grid.ny();
        double s = fwhmUas / 2.3548 / grid.pixelUas();
        int half = (int) Math.ceil(3 * s);
        double[] k = new double[2 * half + 1];
        double sum = 0;
        for (int t = -half; t <= half; t++) {
            k[t + half] = Math.exp(-t * t / (2 * s * s));
            sum += k[t + half];
        }
        for (int t = 0; t < k.length; t++) {
            k[t] /= sum;
        }
        double[] tmp = new double[image.length];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                double v = 0;
                for (int t = -half; t <= half; t++) {
                    int ii = i + t;
                    if (ii >= 0 && ii < nx) {
                        v += k[t + half] * image[j * nx + ii];
                    }
                }
                tmp[j * nx + i] = v;
            }
        }
        double[] out = new double[image.length];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                double v = 0;
                for (int t = -half; t <= half; t++) {
                    int jj = j + t;
                    if (jj >= 0 && jj < ny) {
                        v += k[t + half] * tmp[jj * nx + i];
                    }
                }
                out[j * nx + i] = v;
            }
        }
        return out;
    }

    public RingFit fit(double[] image) {
        double step = grid.pixelUas();
        double bestX = 0;
        double bestY = 0;
        double best = Double.POSITIVE_INFINITY;
        for (double scale : new double[] {step, step / 4}) {
            double span = scale == step ? searchUas : 2 * step;
            double cx0 = bestX;
            double cy0 = bestY;
            int m = (int) Math.ceil(span / scale);
            for (int a = -m; a <= m; a++) {
                for (int b = -m; b <= m; b++) {
                    double cx = cx0 + a * scale;
                    double cy = cy0 + b * scale;
                    double spread = spread(image, cx, cy);
                    if (spread < best) {
                        best = spread;
                        bestX = cx;
                        bestY = cy;
                    }
                }
            }
        }
        return measure(image, bestX, bestY);
    }

    /** Peaks closer than 2 pixels (or 5 µas) to the trial centre are not a ring. */
    private int rMinIndex() {
        return (int) Math.ceil(Math.max(5, 2 * grid.pixelUas()) / (grid.pixelUas() / 4));
    }

    private int radii() {
        return (int) Math.ceil(rMaxUas / (grid.pixelUas() / 4)) + 1;
    }

    private double[] profile(double[] image, double cx, double cy, double theta, double[] out) {
        double dr = grid.pixelUas() / 4;
        double s = Math.sin(theta);
        double c = Math.cos(theta);
        for (int r = 0; r < out.length; r++) {
            out[r] = sample(image, cx + r * dr * s, cy + r * dr * c);
        }
        return out;
    }

    /** Bilinear value at (east, north) offsets in µas; 0 outside the image. */
    double sample(double[] image, double xUas, double yUas) {
        double pu = grid.pixelUas();
        double fi = grid.nx() / 2.0 - 0.5 - xUas / pu;
        double fj = grid.ny() / 2.0 - 0.5 - yUas / pu;
        int i0 = (int) Math.floor(fi);
        int j0 = (int) Math.floor(fj);
        double ti = fi - i0;
        double tj = fj - j0;
        return (1 - ti) * (1 - tj) * at(image, i0, j0) + ti * (1 - tj) * at(image, i0 + 1, j0)
                + (1 - ti) * tj * at(image, i0, j0 + 1) + ti * tj * at(image, i0 + 1, j0 + 1);
    }

    private double at(double[] image, int i, int j) {
        if (i < 0 || j < 0 || i >= grid.nx() || j >= grid.ny()) {
            return 0;
        }
        return image[j * grid.nx() + i];
    }

    private double spread(double[] image, double cx, double cy) {
        double[] prof = new double[radii()];
        double dr = grid.pixelUas() / 4;
        double sum = 0;
        double sum2 = 0;
        int atEdge = 0;
        for (int t = 0; t < ANGLES; t++) {
            profile(image, cx, cy, 2 * Math.PI * t / ANGLES, prof);
            int k = argmax(prof);
            if (k == rMinIndex() || k == prof.length - 1) {
                atEdge++;
            }
            double rpk = k * dr;
            sum += rpk;
            sum2 += rpk * rpk;
        }
        double mean = sum / ANGLES;
        // a ray whose brightest point is the inner or outer search limit crossed no ring
        return Math.sqrt(Math.max(0, sum2 / ANGLES - mean * mean)) / mean + 10.0 * atEdge / ANGLES;
    }

    /** Index of the largest value at radii ≥ {@link #rMinIndex()}. */
    private int argmax(double[] a) {
        int best = rMinIndex();
        for (int i = best + 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }

    private RingFit measure(double[] image, double cx, double cy) {
        double dr = grid.pixelUas() / 4;
        int nr = radii();
        double[][] prof = new double[ANGLES][nr];
        double[] rpk = new double[ANGLES];
        double sumR = 0;
        double sumW = 0;
        int nW = 0;
        for (int t = 0; t < ANGLES; t++) {
            profile(image, cx, cy, 2 * Math.PI * t / ANGLES, prof[t]);
            int k = argmax(prof[t]);
            rpk[t] = k * dr;
            sumR += rpk[t];
            double floor = prof[t][nr - 1];
            double half = floor + 0.5 * (prof[t][k] - floor);
            double inner = Double.NaN;
            for (int r = k; r > 0; r--) {
                if (prof[t][r - 1] < half) {
                    inner = (r - 1 + (half - prof[t][r - 1]) / (prof[t][r] - prof[t][r - 1])) * dr;
                    break;
                }
            }
            double outer = Double.NaN;
            for (int r = k; r < nr - 1; r++) {
                if (prof[t][r + 1] < half) {
                    outer = (r + (prof[t][r] - half) / (prof[t][r] - prof[t][r + 1])) * dr;
                    break;
                }
            }
            if (!Double.isNaN(inner) && !Double.isNaN(outer)) {
                sumW += outer - inner;
                nW++;
            }
        }
        double radius = sumR / ANGLES;
        double width = nW > 0 ? sumW / nW : Double.NaN;
        double re = 0;
        double im = 0;
        double tot = 0;
        double hw = Double.isNaN(width) ? 2 * grid.pixelUas() : width / 2;
        for (int t = 0; t < ANGLES; t++) {
            double th = 2 * Math.PI * t / ANGLES;
            double s = 0;
            int n = 0;
            for (int r = 0; r < nr; r++) {
                if (Math.abs(r * dr - rpk[t]) <= hw) {
                    s += prof[t][r];
                    n++;
                }
            }
            double ring = n > 0 ? s / n : 0;
            re += ring * Math.cos(th);
            im += ring * Math.sin(th);
            tot += ring;
        }
        // e^{iθ} with θ east of north: cos θ is the north component, sin θ the east one
        double pa = Math.toDegrees(Math.atan2(im, re));
        if (pa < 0) {
            pa += 360;
        }
        double asym = tot > 0 ? Math.hypot(re, im) / tot : Double.NaN;
        return new RingFit(2 * radius, width, pa, asym, cx, cy);
    }
}
