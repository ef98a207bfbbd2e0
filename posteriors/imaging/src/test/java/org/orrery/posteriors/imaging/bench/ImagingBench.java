package org.orrery.posteriors.imaging.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.orrery.imaging.ImagePrior;
import org.orrery.imaging.job.ImageJob;
import org.orrery.imaging.job.ImageRequest;
import org.orrery.posteriors.imaging.internal.GaussianImagePrior;
import org.orrery.posteriors.imaging.internal.MemPrior;
import org.orrery.posteriors.imaging.internal.ScorePrior;
import org.orrery.posteriors.imaging.internal.TsvPrior;

/**
 * Real-data imaging bench (bench/imaging.sh): the image use case on one UVFITS file under the
 * classical priors, printing one RESULT line per prior. Args: FILE OUTDIR SAMPLES [PIXELS FOV PRIORS].
 */
public final class ImagingBench {

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int samples = Integer.parseInt(args[2]);
        int pixels = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        double fov = args.length > 4 ? Double.parseDouble(args[4]) : 160;
        List<String> ids = args.length > 5 ? List.of(args[5].split(",")) : List.of("gaussian", "tsv", "mem");
        Map<String, ImagePrior> installed = Map.of("gaussian", new GaussianImagePrior(), "tsv", new TsvPrior(), "mem", new MemPrior());
        Function<String, ImagePrior> lookup = id -> {
            ImagePrior p = id.endsWith(".oscp") ? ScorePrior.load(Path.of(id)) : switch (id) {
                // the shipped score priors (bench/imaging-score-prior.sh)
                case "score_ring" -> new org.orrery.posteriors.imaging.internal.RingScorePrior();
                case "score_turbulent" -> new org.orrery.posteriors.imaging.internal.TurbulentScorePrior();
                case "score_blobs" -> new org.orrery.posteriors.imaging.internal.BlobsScorePrior();
                default -> installed.get(id);
            };
            if (p == null) {
                throw new IllegalArgumentException("unknown prior " + id);
            }
            return p;
        };
        var req = new ImageRequest(file, ids, out, pixels, fov, ImageRequest.DataMode.CLOSURES, samples, 1, 0.02, 0.6, 120);
        long t0 = System.nanoTime();
        var result = new ImageJob(System.out::println).run(req, lookup);
        for (var r : result.priors()) {
            System.out.printf(Locale.ROOT, "RESULT file=%s prior=%s d=%.1f d16=%.1f d84=%.1f d_thin=%.1f w=%.1f pa=%.0f pa_sd=%.0f A=%.2f chi2_cp=%.2f chi2_lca=%.2f acc=%.2f flux=%.3f wall_s=%.0f%n",
                    file.getFileName(), r.prior(), r.diameterMedian(), r.diameterLo(), r.diameterHi(), r.thinDiameterMedian(), r.widthMedian(), r.paMeanDeg(),
                    r.paSpreadDeg(), r.asymmetryMedian(), r.chi2().get("cphase"), r.chi2().get("logcamp"), r.acceptance(),
                    java.util.Arrays.stream(r.samples().mean()).sum(), r.wallSeconds());
        }
        System.out.printf(Locale.ROOT, "TOTAL wall_s=%.0f%n", (System.nanoTime() - t0) / 1e9);
    }
}
