package org.orrery.posteriors.imaging.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.simple.RandomSource;
import org.orrery.imaging.ImageGrid;
import org.orrery.imaging.ImagePrior;
import org.orrery.imaging.ImageSamples;
import org.orrery.imaging.RingFit;
import org.orrery.imaging.Visibilities;
import org.orrery.imaging.job.ImageJob;
import org.orrery.imaging.job.ImageRequest;
import org.orrery.imaging.model.RingExtractor;
import org.orrery.imaging.sampling.ProximalDiffusion;
import org.orrery.imaging.uvfits.ScanAverager;
import org.orrery.imaging.uvfits.UvfitsReader;

/**
 * Scans the learned-prior sampler over data sets, priors and sampler seeds in one JVM: one SCAN line per
 * run (thin-ring diameter d₀, PA, χ² of the posterior-mean image, its flux, wall time). A main, not a test.
 * Args: LEVELS PROX LAMBDA CHAINS SEEDS(a,b,..) PRIORS(p.oscp,..) DATA(file.uvfits|synthetic[-conj]:NOISE,..)
 * (synthetic: the crescent of {@link SyntheticCrescentTest} on the April 6 lo coverage and σ, NOISE its thermal-noise
 * seed; -conj its complex conjugate).
 * System properties: -Djob=true samples through ImageJob.sample, exactly as {@code orrery image} does (LEVELS, PROX
 * and LAMBDA are then unused); otherwise ProximalDiffusion with the given settings and -Dzeta (1), -Dstartfrac (0),
 * from the 60 µas blob or with -Dringstart=true a symmetric ring of -Dringd µas (default the data's thin-ring size).
 * -Dchains=true adds each draw's d₀, PA and χ²; -Ddump=PREFIX writes the draws as text.
 */
public final class ScoreImagingScan {

    public static void main(String[] args) throws Exception {
        int levels = Integer.parseInt(args[0]);
        int prox = Integer.parseInt(args[1]);
        double lambda = Double.parseDouble(args[2]);
        int chains = Integer.parseInt(args[3]);
        long[] seeds = Arrays.stream(args[4].split(",")).mapToLong(Long::parseLong).toArray();
        String[] priors = args[5].split(",");
        String[] datas = args[6].split(",");
        boolean perChain = Boolean.getBoolean("chains");
        ImageGrid g = ImageGrid.square(32, 160);
        Visibilities cov = null;
        for (String ds : datas) {
            Visibilities vis;
            if (ds.startsWith("synthetic")) {
                if (cov == null) {
                    cov = SyntheticCrescentTest.april6Coverage(Files.createTempDirectory("sc"));
                }
                String[] p = ds.split(":");
                vis = SyntheticCrescentTest.synthetic(cov, p[0].equals("synthetic-conj"), p.length > 1 ? Long.parseLong(p[1]) : 7);
            } else {
                vis = ScanAverager.average(UvfitsReader.read(Path.of(ds)), 120);
            }
            var data = ImageJob.data(vis, g, ImageRequest.DataMode.CLOSURES, 0.02, 0.6, 120);
            System.out.printf(Locale.ROOT, "SCAN data ring %.1f uas%n", ImageJob.dataRingUas(vis));
            for (String pf : priors) {
                ImagePrior prior = ScorePrior.load(Path.of(pf)).on(g, 0.6);
                System.out.printf(Locale.ROOT, "SCAN sigma range %s: %.3g .. %.3g Jy/px (start max pixel %.3g)%n", pf, prior.sigmaRange()[0], prior.sigmaRange()[1], Arrays.stream(ScoreDivergenceExperiment.startImage(g)).max().getAsDouble());
                for (long seed : seeds) {
                    var sampler = new ProximalDiffusion(new ProximalDiffusion.Config(chains, levels, prox, lambda, Double.parseDouble(System.getProperty("zeta", "1")), Double.parseDouble(System.getProperty("startfrac", "0"))));
                    long t0 = System.nanoTime();
                    ImageSamples s = Boolean.getBoolean("job")
                            ? ImageJob.sample(prior, data.likelihood(), g, 0.6, ImageJob.dataRingUas(vis), chains, RandomSource.SPLIT_MIX_64.create(seed), "job",
                                    null)
                            : sampler.sample(prior, data.likelihood(), g, Boolean.getBoolean("ringstart") ? ImageJob.ringStart(g, 0.6, Double.parseDouble(System.getProperty("ringd", String.valueOf(ImageJob.dataRingUas(vis))))) : ScoreDivergenceExperiment.startImage(g),
                            RandomSource.SPLIT_MIX_64.create(seed), k -> { });
                    double wall = (System.nanoTime() - t0) / 1e9;
                    List<RingFit> rings = ImageJob.rings(g, s);
                    var r = ImageJob.summarise("x", rings, Map.of(), s, wall);
                    String dn = ds.startsWith("synthetic") ? ds : Path.of(ds).getFileName().toString().replace("SR1_M87_2017_", "").replace("_hops_netcal_StokesI.uvfits", "");
                    System.out.printf(Locale.ROOT, "SCAN %s %s seed=%d L=%d P=%d lam=%.3g zeta=%s: d0=%.1f PA=%.0f±%.0f w=%.1f A=%.2f cp=%.2f lca=%.2f flux=%.3f wall=%.0f%n",
                            dn, Path.of(pf).getParent().getFileName() + "/" + Path.of(pf).getFileName(), seed, levels, prox, lambda, System.getProperty("zeta", "1"),
                            r.thinDiameterMedian(), r.paMeanDeg(), r.paSpreadDeg(), r.widthMedian(), r.asymmetryMedian(),
                            data.closurePhases().chi2(s.mean()), data.logClosureAmplitudes().chi2(s.mean()), Arrays.stream(s.mean()).sum(), wall);
                    if (System.getProperty("dump") != null) {
                        try (var w = Files.newBufferedWriter(Path.of(System.getProperty("dump") + "-" + Path.of(pf).getFileName() + "-" + seed + ".txt"))) {
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
                    if (perChain) {
                        for (int c = 0; c < s.count(); c++) {
                            RingFit f = rings.get(c);
                            double[] x = s.samples()[c];
                            System.out.printf(Locale.ROOT, "  chain %d: d0=%.1f PA=%.0f cp=%.2f lca=%.2f amp=%.2f flux=%.3f%n", c,
                                    RingExtractor.thinRingDiameter(f.diameterUas(), f.widthUas()), f.positionAngleDeg(),
                                    data.closurePhases().chi2(x), data.logClosureAmplitudes().chi2(x), data.amplitudes().chi2(x), Arrays.stream(x).sum());
                        }
                    }
                }
            }
        }
    }
}
