package org.orrery.posteriors.imaging.internal;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.simple.RandomSource;
import org.orrery.imaging.ImageGrid;
import org.orrery.imaging.ImagePrior;
import org.orrery.imaging.ImageSamples;
import org.orrery.imaging.Visibilities;
import org.orrery.imaging.job.ImageJob;
import org.orrery.imaging.job.ImageRequest;
import org.orrery.imaging.sampling.ProximalDiffusion;
import org.orrery.imaging.uvfits.ScanAverager;
import org.orrery.imaging.uvfits.UvfitsReader;

/**
 * The proximal diffusion sampler (ProximalDiffusion) on one UVFITS file, or on the synthetic crescent
 * of {@link SyntheticCrescentTest} on the April 6 lo coverage and σ (FILE = "synthetic", or
 * "synthetic-conj" for its complex-conjugated data, NOISE_SEED its thermal noise), with chosen
 * settings: one RESULT line. A main, not a test.
 * Args: PRIOR.oscp FILE|synthetic|synthetic-conj CHAINS LEVELS PROX LAMBDA ZETA SEED [NOISE_SEED=7]
 */
public final class ProximalImagingExperiment {

    public static void main(String[] args) throws Exception {
        ImagePrior sp = ScorePrior.load(Path.of(args[0]));
        boolean synthetic = args[1].startsWith("synthetic");
        long noiseSeed = args.length > 8 ? Long.parseLong(args[8]) : 7;
        Visibilities vis = synthetic
                ? SyntheticCrescentTest.synthetic(SyntheticCrescentTest.april6Coverage(java.nio.file.Files.createTempDirectory("sc")),
                        args[1].equals("synthetic-conj"), noiseSeed)
                : ScanAverager.average(UvfitsReader.read(Path.of(args[1])), 120);
        int chains = Integer.parseInt(args[2]);
        int levels = Integer.parseInt(args[3]);
        int prox = Integer.parseInt(args[4]);
        double lambda = Double.parseDouble(args[5]);
        double zeta = Double.parseDouble(args[6]);
        long seed = Long.parseLong(args[7]);
        ImageGrid g = ImageGrid.square(32, 160);
        ImagePrior prior = sp.on(g, 0.6);
        var data = ImageJob.data(vis, g, ImageRequest.DataMode.CLOSURES, 0.02, 0.6, 120);
        var sampler = new ProximalDiffusion(new ProximalDiffusion.Config(chains, levels, prox, lambda, zeta));
        long t0 = System.nanoTime();
        ImageSamples s = sampler.sample(prior, data.likelihood(), g, ScoreDivergenceExperiment.startImage(g), RandomSource.SPLIT_MIX_64.create(seed), k -> { });
        double wall = (System.nanoTime() - t0) / 1e9;
        var r = ImageJob.summarise("x", ImageJob.rings(g, s), Map.of(), s, wall);
        double[] fl = Arrays.stream(s.samples()).mapToDouble(x -> Arrays.stream(x).sum()).toArray();
        System.out.printf(Locale.ROOT, "RESULT %s %s noise=%d chains=%d levels=%d prox=%d lambda=%.2f zeta=%.2f seed=%d: d=%.1f [%.1f, %.1f] d_thin=%.1f w=%.1f PA=%.0f ± %.0f A=%.2f "
                + "chi2_cp=%.2f chi2_lca=%.2f flux=%.3f [%.3f..%.3f] wall_s=%.0f%n",
                Path.of(args[0]).getFileName(), synthetic ? args[1] : Path.of(args[1]).getFileName(), noiseSeed, chains, levels, prox, lambda, zeta, seed,
                r.diameterMedian(), r.diameterLo(), r.diameterHi(), r.thinDiameterMedian(), r.widthMedian(), r.paMeanDeg(), r.paSpreadDeg(),
                r.asymmetryMedian(), data.closurePhases().chi2(s.mean()), data.logClosureAmplitudes().chi2(s.mean()),
                Arrays.stream(s.mean()).sum(), Arrays.stream(fl).min().orElse(0), Arrays.stream(fl).max().orElse(0), wall);
        if (args.length > 9) {
            try (var w = java.nio.file.Files.newBufferedWriter(Path.of(args[9]))) {
                for (double[] x : s.samples()) {
                    StringBuilder b = new StringBuilder();
                    for (double v : x) {
                        b.append(v).append(' ');
                    }
                    w.write(b.toString().trim());
                    w.newLine();
                }
            }
        }
    }
}
