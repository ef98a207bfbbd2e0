package org.orrery.posteriors.imaging.internal;

import static org.orrery.plugin.PluginProperties.DESCRIPTION;
import static org.orrery.plugin.PluginProperties.ID;
import static org.orrery.plugin.PluginProperties.NAME;

import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.data.ArraySpec;
import org.orrery.imaging.ImageGrid;
import org.orrery.imaging.ImagePrior;
import org.orrery.prior.GenerativePrior;
import org.osgi.service.component.annotations.Component;

/**
 * Gaussian image prior N(m, C): mean m a centred circular Gaussian of FWHM {@code meanFwhmUas}
 * and total flux F; covariance C = s² (A_y ⊗ A_x) + (j s)² I with A = D K D, K the squared-exponential
 * kernel exp(−Δ²/(2ℓ²)) along each axis and D the diagonal taper of a Gaussian of FWHM
 * {@code taperFwhmUas} (1 at the centre; none when 0), s = {@code relStd} × the mean's peak pixel, j the
 * jitter: the prior allows structure where the mean image has flux. C is diagonalised through the
 * eigenvectors of A_x and A_y, so draws, log-density and the exact
 * noise-smoothed score −(C + σ²I)⁻¹(x − m) cost O(n³) for an n × n image.
 *
 * <p>The taper is {@value #TAPER_FWHM_UAS} µas (it was 60; issue 15): a quadratic prior rewards
 * splitting the image into shifted half-flux copies, which closure phases cannot see, so the
 * prior's support must be compact enough to make such ghosts cost more than they save. On the
 * synthetic crescent of SyntheticCrescentTest (truth PA 230°, both from the same refined start) the
 * 60 µas taper gave PA 266° and the 45 µas taper 241°.
 */
@Component(service = GenerativePrior.class, property = {
    ID + "=gaussian",
    NAME + "=Gaussian image prior",
    DESCRIPTION + "=Gaussian random field around a Gaussian blob: squared-exponential covariance, exact smoothed score"})
public final class GaussianImagePrior implements ImagePrior {

    static final double MEAN_FWHM_UAS = 50;
    static final double REL_STD = 1.0;
    static final double CORRELATION_UAS = 10;
    static final double JITTER = 0.05;
    static final double TAPER_FWHM_UAS = 45;

    private final ImageGrid grid;
    private final double[] mean;
    private final RealMatrix qx;
    private final RealMatrix qy;
    private final double[] lambda; // eigenvalues of C, index j * nx + i
    private final double logDet;

    public GaussianImagePrior() {
        this(ImageGrid.square(64, 160), Blob.image(ImageGrid.square(64, 160), 0.6, MEAN_FWHM_UAS), REL_STD, CORRELATION_UAS, JITTER, TAPER_FWHM_UAS);
    }

    /**
     * @param mean   the mean image
     * @param relStd pixel std s as a multiple of the mean's largest pixel
     * @param ellUas correlation length ℓ
     * @param jitter white part of the std, relative to s
     * @param taperFwhmUas FWHM of the Gaussian taper of the correlated part; 0 for none
     */
    public GaussianImagePrior(ImageGrid grid, double[] mean, double relStd, double ellUas, double jitter, double taperFwhmUas) {
        if (mean.length != grid.size()) {
            throw new IllegalArgumentException("mean image has " + mean.length + " pixels, the grid " + grid.size());
        }
        if (!(relStd > 0) || !(ellUas > 0) || !(jitter > 0)) {
            throw new IllegalArgumentException("Gaussian prior needs std, correlation length and jitter > 0, got "
                    + relStd + ", " + ellUas + ", " + jitter);
        }
        this.grid = grid;
        this.mean = mean.clone();
        double peak = 0;
        for (double v : mean) {
            peak = Math.max(peak, Math.abs(v));
        }
        double s = relStd * peak;
        EigenDecomposition ex = new EigenDecomposition(kernel(grid.nx(), grid.pixelUas(), ellUas, taperFwhmUas));
        EigenDecomposition ey = new EigenDecomposition(kernel(grid.ny(), grid.pixelUas(), ellUas, taperFwhmUas));
        qx = ex.getV();
        qy = ey.getV();
        double[] lx = ex.getRealEigenvalues();
        double[] ly = ey.getRealEigenvalues();
        lambda = new double[grid.size()];
        double ld = 0;
        for (int j = 0; j < grid.ny(); j++) {
            for (int i = 0; i < grid.nx(); i++) {
                double l = s * s * Math.max(0, ly[j]) * Math.max(0, lx[i]) + jitter * jitter * s * s;
                lambda[j * grid.nx() + i] = l;
                ld += Math.log(l);
            }
        }
        logDet = ld;
    }

    private static RealMatrix kernel(int n, double pixelUas, double ell, double taperFwhm) {
        double[][] k = new double[n][n];
        double[] taper = new double[n];
        double ts = taperFwhm / 2.3548;
        for (int a = 0; a < n; a++) {
            double x = pixelUas * (n / 2.0 - 0.5 - a);
            taper[a] = taperFwhm > 0 ? Math.exp(-x * x / (2 * ts * ts)) : 1;
        }
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double d = (a - b) * pixelUas;
                k[a][b] = taper[a] * taper[b] * Math.exp(-d * d / (2 * ell * ell));
            }
        }
        return MatrixUtils.createRealMatrix(k);
    }

    @Override
    public ImagePrior on(ImageGrid g, double totalFluxJy) {
        return new GaussianImagePrior(g, Blob.image(g, totalFluxJy, MEAN_FWHM_UAS), REL_STD, CORRELATION_UAS, JITTER, TAPER_FWHM_UAS);
    }

    @Override
    public String id() {
        return "gaussian";
    }

    @Override
    public ArraySpec field() {
        return new ArraySpec("image", new int[] {grid.ny(), grid.nx()}, "Jy/pixel", ArraySpec.Kind.IMAGE);
    }

    @Override
    public boolean smoothedScore() {
        return true;
    }

    public double[] mean() {
        return mean.clone();
    }

    /** Qᵀ x (forward = true) or Q x: Q = Q_y ⊗ Q_x acting on a row-major [ny, nx] image. */
    double[] rotate(double[] x, boolean forward) {
        RealMatrix img = MatrixUtils.createRealMatrix(grid.ny(), grid.nx());
        for (int j = 0; j < grid.ny(); j++) {
            for (int i = 0; i < grid.nx(); i++) {
                img.setEntry(j, i, x[j * grid.nx() + i]);
            }
        }
        RealMatrix r = forward ? qy.transpose().multiply(img).multiply(qx) : qy.multiply(img).multiply(qx.transpose());
        double[] out = new double[x.length];
        for (int j = 0; j < grid.ny(); j++) {
            for (int i = 0; i < grid.nx(); i++) {
                out[j * grid.nx() + i] = r.getEntry(j, i);
            }
        }
        return out;
    }

    @Override
    public double[] sample(UniformRandomProvider rng) {
        var gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] z = new double[lambda.length];
        for (int p = 0; p < z.length; p++) {
            z[p] = Math.sqrt(lambda[p]) * gauss.sample();
        }
        double[] x = rotate(z, false);
        for (int p = 0; p < x.length; p++) {
            x[p] += mean[p];
        }
        return x;
    }

    @Override
    public double[] score(double[] field, double sigma) {
        double[] d = new double[field.length];
        for (int p = 0; p < d.length; p++) {
            d[p] = field[p] - mean[p];
        }
        double[] r = rotate(d, true);
        for (int p = 0; p < r.length; p++) {
            r[p] = -r[p] / (lambda[p] + sigma * sigma);
        }
        return rotate(r, false);
    }

    @Override
    public double logDensity(double[] field) {
        double[] d = new double[field.length];
        for (int p = 0; p < d.length; p++) {
            d[p] = field[p] - mean[p];
        }
        double[] r = rotate(d, true);
        double q = 0;
        for (int p = 0; p < r.length; p++) {
            q += r[p] * r[p] / lambda[p];
        }
        return -0.5 * q - 0.5 * logDet - 0.5 * field.length * Math.log(2 * Math.PI);
    }

    /** The dense covariance (for tests and small grids). */
    public double[][] covariance() {
        int n = grid.size();
        double[][] c = new double[n][n];
        for (int p = 0; p < n; p++) {
            double[] e = new double[n];
            e[p] = 1;
            double[] r = rotate(e, true);
            for (int q = 0; q < n; q++) {
                r[q] *= lambda[q];
            }
            double[] col = rotate(r, false);
            for (int q = 0; q < n; q++) {
                c[q][p] = col[q];
            }
        }
        return c;
    }
}
