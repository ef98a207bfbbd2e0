package org.orrery.posteriors.imaging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.imaging.ImageGrid;
import org.orrery.imaging.ImagePrior;
import org.orrery.imaging.ImageSamples;
import org.orrery.imaging.RingFit;
import org.orrery.imaging.Visibilities;
import org.orrery.imaging.job.ImageJob;
import org.orrery.imaging.job.ImageRequest;
import org.orrery.imaging.model.Dft;
import org.orrery.imaging.uvfits.ScanAverager;
import org.orrery.imaging.uvfits.UvfitsReader;

/**
 * Must-show: an asymmetric crescent of known diameter and position angle, observed with the real
 * April 6 (u, v) coverage and σ of the EHT 2017 M87 data (the thermal noise drawn with that σ),
 * imaged from closure phases and log closure amplitudes (32 x 32 pixels over 160 µas, 30 HMC draws).
 * <ul>
 *   <li>TSV prior: the thin-ring diameter d₀ (median over draws; REx's peak diameter of a blurred
 *       ring reads ~3 µas small by construction, so d₀ is the estimator comparable with the crescent's
 *       diameter) within ±2 µas and the PA within ±20°. Measured scatter over 5 HMC seeds
 *       (SeedScatter): d₀ 43.9 ± 0.7 µas, PA errors ≤ 6°, so ±2 µas is 3 σ of the test's own Monte Carlo
 *       scatter (before, the test asserted REx's diameter of one seed, 1 σ from failing).</li>
 *   <li>Gaussian and MEM priors: the PA within ±20° (they read 60–70° off before issue 15's fixes:
 *       ghost modes of closure-only data, see HmcSampler, TsvPrior, GaussianImagePrior and MemPrior;
 *       over 5 HMC seeds the PA errors are ≤ 11° and ≤ 12°). Their diameters are not held to ±2 µas:
 *       d₀ 42.2 ± 1.2 µas (gaussian, one seed 40.4) and 42.0 ± 0.3 µas (mem) over 5 seeds, reported in
 *       bench/README, not claimed.</li>
 * </ul>
 * A sign error in the forward model rotates the image by 180°; the test shows that such an error
 * would be caught by imaging the complex-conjugated data (the effect of flipping the sign of the
 * DFT kernel) and finding the position angle 180° away.
 */
class SyntheticCrescentTest {

    static final double D = 44;
    static final double PA = 230;
    static final int DRAWS = 30;
    static final ImageGrid TRUTH_GRID = ImageGrid.square(128, 160);
    static final ImageGrid GRID = ImageGrid.square(32, 160);

    static Visibilities april6Coverage(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("096lo.uvfits");
        try (InputStream in = new GZIPInputStream(SyntheticCrescentTest.class.getResourceAsStream(
                "/eht2017/SR1_M87_2017_096_lo_hops_netcal_StokesI.uvfits.gz"))) {
            Files.copy(in, f);
        }
        return ScanAverager.average(UvfitsReader.read(f), 120);
    }

    /** The crescent rendered finely, its visibilities on the real coverage, noise with the real σ. */
    static Visibilities synthetic(Visibilities cov, boolean conjugate) {
        return synthetic(cov, conjugate, 7);
    }

    static Visibilities synthetic(Visibilities cov, boolean conjugate, long noiseSeed) {
        double[] truth = crescent(TRUTH_GRID, D, 8, 0.6, PA, 0.6);
        Dft dft = new Dft(TRUTH_GRID, cov.u(), cov.v());
        double[] re = new double[cov.size()];
        double[] im = new double[cov.size()];
        dft.apply(truth, re, im);
        Random r = new Random(noiseSeed);
        for (int k = 0; k < re.length; k++) {
            re[k] += cov.sigma()[k] * r.nextGaussian();
            im[k] += cov.sigma()[k] * r.nextGaussian();
            if (conjugate) {
                im[k] = -im[k];
            }
        }
        return new Visibilities(cov.source(), cov.frequencyHz(), cov.mjd(), cov.stations(), cov.time(), cov.station1(), cov.station2(),
                cov.u(), cov.v(), re, im, cov.sigma());
    }

    /** Gaussian ring (diameter d, FWHM w) with brightness 1 + a cos(φ − pa), φ east of north, flux F. */
    static double[] crescent(ImageGrid g, double d, double w, double a, double paDeg, double flux) {
        double[] img = new double[g.size()];
        double s = w / 2.3548;
        double tot = 0;
        for (int j = 0; j < g.ny(); j++) {
            for (int i = 0; i < g.nx(); i++) {
                double x = g.x(i) / ImageGrid.UAS;
                double y = g.y(j) / ImageGrid.UAS;
                double r = Math.hypot(x, y);
                double v = Math.exp(-Math.pow(r - d / 2, 2) / (2 * s * s)) * (1 + a * Math.cos(Math.atan2(x, y) - Math.toRadians(paDeg)));
                img[j * g.nx() + i] = v;
                tot += v;
            }
        }
        for (int p = 0; p < img.length; p++) {
            img[p] *= flux / tot;
        }
        return img;
    }

    /** One recovery: the thin-ring diameter d₀ (median over draws), the REx diameter (median) and the PA (circular mean). */
    record Recovery(double thinDiameter, double rexDiameter, double pa) {
    }

    /** @param prior a prior already set up for {@link #GRID} and 0.6 Jy */
    static Recovery recover(Visibilities data, ImagePrior prior, long seed, int draws) {
        var d = ImageJob.data(data, GRID, ImageRequest.DataMode.CLOSURES, 0.02, 0.6, 120);
        ImageSamples s = ImageJob.sample(prior, d.likelihood(), GRID, 0.6, ImageJob.dataRingUas(data), draws,
                RandomSource.SPLIT_MIX_64.create(seed), "test", null);
        List<RingFit> rings = ImageJob.rings(GRID, s);
        var r = ImageJob.summarise("test", rings, java.util.Map.of(), s, 0);
        System.out.printf(Locale.ROOT, "%s: d0 = %.1f uas (REx %.1f [%.1f, %.1f]), PA = %.0f ± %.0f deg, width %.1f%n", prior.id(), r.thinDiameterMedian(),
                r.diameterMedian(), r.diameterLo(), r.diameterHi(), r.paMeanDeg(), r.paSpreadDeg(), r.widthMedian());
        return new Recovery(r.thinDiameterMedian(), r.diameterMedian(), r.paMeanDeg());
    }

    static double angle(double a, double b) {
        return Math.abs(((a - b) % 360 + 540) % 360 - 180);
    }

    @Test
    void crescentIsRecoveredAndAFlipWouldBeCaught(@TempDir Path dir) throws IOException {
        Visibilities cov = april6Coverage(dir);
        Recovery got = recover(synthetic(cov, false), new TsvPrior().on(GRID, 0.6), 11, DRAWS);
        assertEquals(D, got.thinDiameter(), 2.0, "thin-ring diameter");
        assertTrue(angle(got.pa(), PA) <= 20, "position angle " + got.pa() + " vs " + PA);
        // the same pipeline on conjugated data (a flipped kernel sign) finds the crescent rotated by 180°
        Recovery flipped = recover(synthetic(cov, true), new TsvPrior().on(GRID, 0.6), 11, DRAWS);
        assertTrue(angle(flipped.pa(), PA + 180) <= 20, "a sign flip must show as a 180-degree rotation: " + flipped.pa());
        assertTrue(angle(flipped.pa(), PA) > 20, "and so fail the position-angle check");
    }

    @Test
    void gaussianAndMemPriorsFindThePositionAngle(@TempDir Path dir) throws IOException {
        Visibilities data = synthetic(april6Coverage(dir), false);
        Recovery gaussian = recover(data, new GaussianImagePrior().on(GRID, 0.6), 11, DRAWS);
        assertTrue(angle(gaussian.pa(), PA) <= 20, "gaussian: position angle " + gaussian.pa() + " vs " + PA);
        Recovery mem = recover(data, new MemPrior().on(GRID, 0.6), 11, DRAWS);
        assertTrue(angle(mem.pa(), PA) <= 20, "mem: position angle " + mem.pa() + " vs " + PA);
    }
}
