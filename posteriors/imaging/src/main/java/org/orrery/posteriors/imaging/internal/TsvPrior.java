package org.orrery.posteriors.imaging.internal;

import static org.orrery.plugin.PluginProperties.DESCRIPTION;
import static org.orrery.plugin.PluginProperties.ID;
import static org.orrery.plugin.PluginProperties.NAME;

import org.orrery.imaging.ImageGrid;
import org.orrery.imaging.ImagePrior;
import org.orrery.prior.GenerativePrior;
import org.osgi.service.component.annotations.Component;

/**
 * Total squared variation as a prior on positive images (the TSV regulariser of EHT imaging):
 * log p(I) = −Σ (ΔI)²/(2τ²) over horizontal and vertical neighbour differences, I &gt; 0, plus a
 * Gaussian tie of each pixel to a broad blob B (std B_p + 1 % of B's peak) that makes it proper and
 * keeps flux the closures cannot see out of the far field.
 * τ = {@value #TAU_FRACTION} · F · (pixel/2.5 µas)² Jy per pixel, so the smoothness scale follows
 * the flux and the pixel area. Draws: the blob (this prior is for imaging, not generation).
 *
 * <p>Why τ is not smaller (issue 15): a quadratic penalty halves when the image is split into two
 * separated half-flux copies, and closure phases hardly see such a "ghost": the pair
 * ½[J(x + Δ/2) + J(x − Δ/2)] multiplies every visibility of J by the real factor cos(π u·Δ), which
 * leaves closure phases unchanged wherever it keeps its sign. On the synthetic crescent of SyntheticCrescentTest the
 * two-copy ghost 41 µas apart costs the closure data +1362 nats (log closure amplitudes only), and
 * at the former τ (2e-4 · F) the TSV term rewarded it by −5629 nats, so the posterior preferred it:
 * the two-lobe images of the 2017 data. At 4e-3 · F the ghost costs the prior +113 nats and the
 * crescent is recovered (d 40.7 µas REx, PA 236° for a 230° truth; 32 px, 30 draws).
 */
@Component(service = GenerativePrior.class, property = {
    ID + "=tsv",
    NAME + "=Total squared variation",
    DESCRIPTION + "=smoothness prior on positive images (TSV regulariser), sampled in log pixels"})
public final class TsvPrior extends PositiveImagePrior {

    static final double TAU_FRACTION = 4e-3;
    static final double BLOB_FWHM_UAS = 60;

    private final double tau;
    private final double[] blob;
    private final double[] tie;

    public TsvPrior() {
        this(ImageGrid.square(64, 160), 0.6);
    }

    public TsvPrior(ImageGrid grid, double flux) {
        this(grid, flux, TAU_FRACTION);
    }

    /** With τ = {@code tauFraction} · F · (pixel/2.5 µas)². */
    TsvPrior(ImageGrid grid, double flux, double tauFraction) {
        super("tsv", grid, flux, BLOB_FWHM_UAS);
        double px = grid.pixelUas() / 2.5;
        this.tau = tauFraction * flux * px * px;
        this.blob = reference;
        double peak = 0;
        for (double v : blob) {
            peak = Math.max(peak, v);
        }
        this.tie = new double[blob.length];
        for (int p = 0; p < blob.length; p++) {
            tie[p] = blob[p] + 0.01 * peak;
        }
    }

    @Override
    public ImagePrior on(ImageGrid g, double totalFluxJy) {
        return new TsvPrior(g, totalFluxJy);
    }

    @Override
    public double logDensity(double[] f) {
        int nx = grid.nx();
        int ny = grid.ny();
        double s = 0;
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                double v = f[j * nx + i];
                if (!(v > 0)) {
                    return Double.NEGATIVE_INFINITY;
                }
                if (i + 1 < nx) {
                    double d = f[j * nx + i + 1] - v;
                    s += d * d;
                }
                if (j + 1 < ny) {
                    double d = f[(j + 1) * nx + i] - v;
                    s += d * d;
                }
                double t = v - blob[j * nx + i];
                s += t * t * (tau * tau) / (tie[j * nx + i] * tie[j * nx + i]);
            }
        }
        return -s / (2 * tau * tau);
    }

    @Override
    public double[] score(double[] f, double sigma) {
        int nx = grid.nx();
        int ny = grid.ny();
        double[] g = new double[f.length];
        double w = 1 / (tau * tau);
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                int p = j * nx + i;
                if (i + 1 < nx) {
                    double d = f[p + 1] - f[p];
                    g[p] += w * d;
                    g[p + 1] -= w * d;
                }
                if (j + 1 < ny) {
                    double d = f[p + nx] - f[p];
                    g[p] += w * d;
                    g[p + nx] -= w * d;
                }
                g[p] -= (f[p] - blob[p]) / (tie[p] * tie[p]);
            }
        }
        return g;
    }
}
