package org.orrery.posteriors.imaging.internal;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.simple.RandomSource;
import org.orrery.imaging.ImageGrid;
import org.orrery.imaging.ImagePrior;
import org.orrery.imaging.ImageSamples;
import org.orrery.imaging.Visibilities;
import org.orrery.imaging.job.ImageJob;
import org.orrery.imaging.job.ImageRequest;
import org.orrery.imaging.sampling.AnnealedLangevin;
import org.orrery.imaging.uvfits.ScanAverager;
import org.orrery.imaging.uvfits.UvfitsReader;

/**
 * The learned-prior sampler (noise-aware likelihood, curvature-capped step, clipped drift) on one
 * UVFITS file, or on the synthetic crescent of {@link SyntheticCrescentTest} observed with the
 * April 6 lo coverage and σ (FILE = "synthetic"), with a chosen number of levels and steps: one
 * RESULT line (REx diameter, thin-ring diameter, width, PA, χ², clipped fraction, wall time).
 * A main, not a test. Args: PRIOR.oscp FILE|synthetic [CHAINS=8] [LEVELS STEPS SEED=1 EPS: ImageJob's] [FINAL_STEPS=0] [SUBSTEPS=1] [STOP: ImageJob's, last level in units of the trained sigma_min]
 */
public final class ScoreImagingExperiment {

    public static void main(String[] args) throws Exception {
        ImagePrior sp = ScorePrior.load(Path.of(args[0]));
        boolean synthetic = args[1].equals("synthetic");
        Visibilities vis = synthetic ? SyntheticCrescentTest.synthetic(SyntheticCrescentTest.april6Coverage(java.nio.file.Files.createTempDirectory("sc")), false)
                : ScanAverager.average(UvfitsReader.read(Path.of(args[1])), 120);
        int chains = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int levels = args.length > 3 ? Integer.parseInt(args[3]) : ImageJob.SCORE_LEVELS;
        int steps = args.length > 4 ? Integer.parseInt(args[4]) : ImageJob.SCORE_STEPS;
        long seed = args.length > 5 ? Long.parseLong(args[5]) : 1;
        double eps = args.length > 6 ? Double.parseDouble(args[6]) : ImageJob.SCORE_EPSILON;
        int finalSteps = args.length > 7 ? Integer.parseInt(args[7]) : 0;
        int sub = args.length > 8 ? Integer.parseInt(args[8]) : 1;
        double stop = args.length > 9 ? Double.parseDouble(args[9]) : ImageJob.SCORE_STOP;
        ImageGrid g = ImageGrid.square(32, 160);
        ImagePrior prior = sp.on(g, 0.6);
        var data = ImageJob.data(vis, g, ImageRequest.DataMode.CLOSURES, 0.02, 0.6, 120);
        double[] range = prior.sigmaRange();
        range = new double[] {range[0] * stop, range[1]};
        var al = new AnnealedLangevin(new AnnealedLangevin.Config(chains, levels, steps, range[1], range[0], eps * range[0] * range[0], true, finalSteps, sub));
        long t0 = System.nanoTime();
        ImageSamples s = al.sample(prior, noise -> ImageJob.data(vis, g, ImageRequest.DataMode.CLOSURES, 0.02, 0.6, 120, noise).likelihood(), g,
                ScoreDivergenceExperiment.startImage(g), RandomSource.SPLIT_MIX_64.create(seed), k -> { });
        double wall = (System.nanoTime() - t0) / 1e9;
        var r = ImageJob.summarise("x", ImageJob.rings(g, s), Map.of(), s, wall);
        System.out.printf(Locale.ROOT, "RESULT %s %s chains=%d levels=%d steps=%d eps=%.2f final=%d sub=%d stop=%.0f: d=%.1f [%.1f, %.1f] d_thin=%.1f w=%.1f PA=%.0f ± %.0f A=%.2f "
                + "chi2_cp=%.2f chi2_lca=%.2f clipped=%.3f last_step_ratio=%.3g flux=%.3f wall_s=%.0f%n",
                Path.of(args[0]).getFileName(), synthetic ? "synthetic(d=44,PA=230)" : Path.of(args[1]).getFileName(), chains, levels, steps, eps, finalSteps, sub, stop,
                r.diameterMedian(), r.diameterLo(), r.diameterHi(), r.thinDiameterMedian(), r.widthMedian(), r.paMeanDeg(), r.paSpreadDeg(),
                r.asymmetryMedian(), data.closurePhases().chi2(s.mean()), data.logClosureAmplitudes().chi2(s.mean()), al.clippedFraction(),
                al.lastStepRatio(), java.util.Arrays.stream(s.mean()).sum(), wall);
    }
}
