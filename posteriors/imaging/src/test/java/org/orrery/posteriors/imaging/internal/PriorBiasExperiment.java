package org.orrery.posteriors.imaging.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import org.orrery.imaging.ImageGrid;
import org.orrery.imaging.ImagePrior;

/**
 * Where the synthetic crescent's diameter goes (issue 15, bench/README "EHT imaging"): REx on the
 * truth blurred by 0–25 µas, then the posterior under prior variants given as specs
 * {@code tsv:0:0}, {@code mem:MODEL_FWHM:ALPHA_TIMES_FLUX}, {@code gauss:MEAN_FWHM:REL_STD} (one BIAS line each:
 * REx diameter of the draws, of the mean image blurred and not, and the thin-ring diameter).
 * A main, not a test: run it on the test class path with the specs as the first argument.
 */
public final class PriorBiasExperiment {

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("prior-bias");
        var cov = SyntheticCrescentTest.april6Coverage(dir);
        var data = SyntheticCrescentTest.synthetic(cov, false);
        ImageGrid g = SyntheticCrescentTest.GRID;
        double[] truth = SyntheticCrescentTest.crescent(g, SyntheticCrescentTest.D, 8, 0.6, SyntheticCrescentTest.PA, 0.6);
        var rex = new org.orrery.imaging.model.RingExtractor(g);
        for (double b : new double[] {0, 12.5, 20, 25}) {
            var f = rex.fit(truth, b);
            System.out.printf(java.util.Locale.ROOT, "BIAS truth (d=44, w=8) blurred %.1f: REx d=%.1f w=%.1f PA=%.0f%n", b, f.diameterUas(), f.widthUas(), f.positionAngleDeg());
        }
        for (String spec : (args.length > 0 ? args[0] : "tsv:0:0,mem:60:5000,mem:60:500,gauss:50:1.0,gauss:50:3.0").split(",")) {
            String[] a = spec.split(":");
            double p1 = Double.parseDouble(a[1]);
            double p2 = Double.parseDouble(a[2]);
            ImagePrior prior = a[0].equals("tsv") ? new TsvPrior(g, 0.6) : a[0].equals("mem") ? new MemPrior(g, 0.6, p1, p2)
                    : new GaussianImagePrior(g, Blob.image(g, 0.6, p1), p2, 10, 0.05, 60);
            var d = org.orrery.imaging.job.ImageJob.data(data, g, org.orrery.imaging.job.ImageRequest.DataMode.CLOSURES, 0.02, 0.6, 120);
            var s = org.orrery.imaging.job.ImageJob.sample(prior, d.likelihood(), g, 0.6, 30,
                    org.apache.commons.rng.simple.RandomSource.SPLIT_MIX_64.create(11L), "x", null);
            var r = org.orrery.imaging.job.ImageJob.summarise("x", org.orrery.imaging.job.ImageJob.rings(g, s), java.util.Map.of(), s, 0);
            var rm = new org.orrery.imaging.model.RingExtractor(g).fit(s.mean(), org.orrery.imaging.job.ImageJob.RING_BLUR_UAS);
            var rm0 = new org.orrery.imaging.model.RingExtractor(g).fit(s.mean(), 0);
            System.out.printf(java.util.Locale.ROOT, "BIAS %s: draws d=%.1f [%.1f, %.1f] thin-ring %.1f PA=%.0f w=%.1f | mean image d=%.1f (blurred) %.1f (unblurred) acc %.2f%n",
                    spec, r.diameterMedian(), r.diameterLo(), r.diameterHi(), r.thinDiameterMedian(), r.paMeanDeg(), r.widthMedian(), rm.diameterUas(), rm0.diameterUas(), s.acceptance());
        }
    }
}
