package org.orrery.imaging.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.imaging.DataTerm;
import org.orrery.imaging.ImageGrid;
import org.orrery.imaging.ImagePrior;
import org.orrery.imaging.ImageSamples;
import org.orrery.imaging.RingFit;
import org.orrery.imaging.Visibilities;
import org.orrery.imaging.model.Dft;
import org.orrery.imaging.model.Likelihood;
import org.orrery.imaging.model.RingExtractor;
import org.orrery.imaging.model.Terms;
import org.orrery.imaging.sampling.AnnealedLangevin;
import org.orrery.imaging.sampling.ProximalDiffusion;
import org.orrery.imaging.sampling.HmcSampler;
import org.orrery.imaging.uvfits.ScanAverager;
import org.orrery.imaging.uvfits.UvfitsReader;
import org.orrery.io.AtomicFiles;
import org.orrery.random.RandomStreams;
import org.orrery.report.Figure;
import org.orrery.report.Report;
import org.orrery.validation.Metric;
import org.orrery.validation.ValidationResult;

/**
 * The {@code image} use case. Reads the UVFITS file, scan-averages it, builds the likelihood
 * (closure phases + debiased log closure amplitudes + total flux, or complex visibilities + total
 * flux), and for each prior samples the image posterior: HMC for priors with a log-density, the
 * denoise–data-proximal–re-noise sampler ({@link ProximalDiffusion}, from the data's thin-ring size) for learned score priors. Writes into a temporary sibling of
 * the output directory and renames it at the end, so a failure leaves no partial output:
 *
 * <pre>
 * DIR/samples.fits  [N, ny, nx] cube, celestial WCS (one prior; with several: DIR/&lt;prior&gt;/…)
 * DIR/mean.fits, DIR/std.fits
 * DIR/ring.csv      sample, diameter_uas, width_uas, pa_deg, asymmetry
 * DIR/report/      index.html, figures, metrics.json: images, data fit, ring posteriors (DIR/report is the gallery with several priors)
 * </pre>
 */
public final class ImageJob {

    /** One prior's outcome. */
    /**
     * One prior's outcome. {@code diameter*} are REx peak diameters (the Paper IV convention);
     * {@code thinDiameterMedian} is the median over draws of the thin-ring diameter
     * ({@link RingExtractor#thinRingDiameter}), the figure comparable with crescent-model fits.
     */
    public record PriorResult(String prior, double diameterMedian, double diameterLo, double diameterHi, double widthMedian,
            double paMeanDeg, double paSpreadDeg, double asymmetryMedian, Map<String, Double> chi2, double acceptance,
            double wallSeconds, ImageSamples samples, List<RingFit> rings, double thinDiameterMedian) {
    }

    /** The whole run. */
    public record Result(Path out, int visibilities, int closurePhases, int logClosureAmplitudes, double dataRingUas,
            List<PriorResult> priors) {
    }

    /**
     * Draws of pixel priors carry pixel-scale noise that the data do not constrain; ring extraction
     * runs on each draw blurred by a circular Gaussian of this FWHM (half the nominal 25 µas
     * resolution of the 2017 array). Widths are reported as measured on the blurred draws.
     */
    public static final double RING_BLUR_UAS = 12.5;

    private final Consumer<String> log;

    public ImageJob(Consumer<String> log) {
        this.log = log == null ? s -> { } : log;
    }

    /**
     * @param priors resolves a prior id to a prior; throws {@link IllegalArgumentException} with a
     *               one-line cause when the id is not installed
     */
    public Result run(ImageRequest req, Function<String, ImagePrior> priors) {
        Path out = req.out().toAbsolutePath().normalize();
        checkOut(out);
        // resolve every prior before any work, so an unknown id fails fast
        Map<String, ImagePrior> resolved = new LinkedHashMap<>();
        ImageGrid grid = ImageGrid.square(req.pixels(), req.fovUas());
        for (String id : req.priors()) {
            resolved.put(id, priors.apply(id).on(grid, req.fluxJy()));
        }
        Visibilities raw = UvfitsReader.read(req.observation());
        Visibilities vis = ScanAverager.average(raw, req.scanGapSeconds());
        double ring = RingScale.diameterUas(vis);
        if (req.fovUas() < 1.25 * ring) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "--fov-uas %.0f is smaller than the ring the data show (thin-ring fit to the amplitudes: %.0f uas); use at least %.0f",
                    req.fovUas(), ring, Math.ceil(1.25 * ring)));
        }
        log.accept(String.format(Locale.ROOT, "%s: %d records -> %d scan-averaged visibilities on %d stations; thin-ring size from amplitudes %.1f uas",
                req.observation().getFileName(), raw.size(), vis.size(), vis.stations().size(), ring));
        Data d = data(vis, grid, req.data(), req.systematic(), req.fluxJy(), req.scanGapSeconds());
        Likelihood lik = d.likelihood();
        var cp = d.closurePhases();
        var lca = d.logClosureAmplitudes();
        var amp = d.amplitudes();
        var visTerm = d.visibilities();
        List<DataTerm> reported = List.of(cp, lca, amp, visTerm);

        Path tmp;
        try {
            tmp = Files.createTempDirectory(AtomicFiles.parentOf(out), "." + out.getFileName() + ".");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create a working directory beside " + out + ": " + e.getMessage());
        }
        try {
            double[] pointing = UvfitsReader.pointing(req.observation());
            List<PriorResult> results = new ArrayList<>();
            Map<String, String> samplers = new LinkedHashMap<>();
            List<Figure> galleryFigs = new ArrayList<>();
            int index = 0;
            for (var e : resolved.entrySet()) {
                String id = label(e.getKey());
                ImagePrior prior = e.getValue();
                UniformRandomProvider rng = RandomStreams.forSimulation(req.seed(), index++);
                long t0 = System.nanoTime();
                ImageSamples s = sample(prior, lik, grid, req.fluxJy(), ring, req.samples(), rng, id, log);
                double wall = (System.nanoTime() - t0) / 1e9;
                List<RingFit> rings = rings(grid, s);
                Map<String, Double> chi2 = new LinkedHashMap<>();
                for (DataTerm t : reported) {
                    chi2.put(t.product().name().toLowerCase(Locale.ROOT), t.chi2(s.mean()));
                }
                PriorResult r = summarise(id, rings, chi2, s, wall);
                results.add(r);
                log.accept(String.format(Locale.ROOT, "%s: diameter %.1f [%.1f, %.1f] uas (thin ring %.1f), width %.1f uas, PA %.0f ± %.0f deg, chi2 cp %.2f lca %.2f, %.0f s",
                        id, r.diameterMedian(), r.diameterLo(), r.diameterHi(), r.thinDiameterMedian(), r.widthMedian(), r.paMeanDeg(), r.paSpreadDeg(),
                        chi2.get("cphase"), chi2.get("logcamp"), wall));
                Path dir = resolved.size() == 1 ? tmp : tmp.resolve(id);
                Files.createDirectories(dir);
                writeOutputs(dir, grid, s, rings, vis, pointing, id);
                samplers.put("sampler_" + id, samplerNote(prior, grid, req.fluxJy(), ring));
                writeReport(dir, "Image posterior: " + id, req, vis, grid, s, r, reported, Map.of("sampler_" + id, samplers.get("sampler_" + id)));
            }
            if (resolved.size() > 1) {
                List<String> titles = new ArrayList<>();
                List<double[]> means = new ArrayList<>();
                for (PriorResult r : results) {
                    titles.add(String.format(Locale.ROOT, "%s: d0 %.1f uas, PA %.0f", r.prior(), r.thinDiameterMedian(), r.paMeanDeg()));
                    means.add(r.samples().mean());
                }
                galleryFigs.add(ImagingFigures.gallery("gallery", "Posterior mean images under each prior (same data)", grid, titles, means));
                Report.Builder b = Report.builder("EHT imaging gallery: " + req.observation().getFileName());
                b.figures(galleryFigs);
                for (PriorResult r : results) {
                    b.result(ringResult(r, req.data()));
                }
                b.provenance(provenance(req, vis, samplers));
                b.build().writeTo(tmp.resolve("report"));
                writeSummaryCsv(tmp.resolve("priors.csv"), results);
            }
            finish(tmp, out);
            return new Result(out, vis.size(), cp.count(), lca.count(), ring, results);
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(tmp);
            deleteTree(tmp);
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
    }

    /** How a prior is named in outputs: its id, or for a weights file ({@code dir/ring.oscp}) the file's base name. */
    static String label(String id) {
        if (id.endsWith(".oscp")) {
            String f = Path.of(id).getFileName().toString();
            return f.substring(0, f.length() - ".oscp".length());
        }
        return id;
    }

    /** The data products of an observation on a grid and the likelihood the job samples with. */
    public record Data(Likelihood likelihood, DataTerm closurePhases, DataTerm logClosureAmplitudes, DataTerm amplitudes,
            DataTerm visibilities) {
    }

    /**
     * Closure phases, debiased log closure amplitudes, amplitudes and visibilities of {@code vis}
     * with the systematic fraction added, and the likelihood: closures (or visibilities) plus the
     * total flux known to 10 %.
     */
    public static Data data(Visibilities vis, ImageGrid grid, ImageRequest.DataMode mode, double systematic, double fluxJy, double gapSeconds) {
        double[] sigma = Terms.sigma(vis, systematic);
        Dft dft = new Dft(grid, vis.u(), vis.v());
        Likelihood lik = new Likelihood(dft);
        var cp = Terms.closurePhases(dft, vis, sigma, gapSeconds);
        var lca = Terms.logClosureAmplitudes(dft, vis, sigma, gapSeconds);
        var visTerm = Terms.visibilities(dft, vis, sigma);
        var amp = Terms.amplitudes(dft, vis, sigma);
        if (mode == ImageRequest.DataMode.CLOSURES) {
            lik.add(cp).add(lca);
        } else {
            lik.add(visTerm);
        }
        lik.add(Terms.totalFlux(fluxJy, 0.1));
        return new Data(lik, cp, lca, amp, visTerm);
    }

    /** Ring parameters of every draw, each measured on the draw blurred by {@link #RING_BLUR_UAS}. */
    public static List<RingFit> rings(ImageGrid grid, ImageSamples s) {
        RingExtractor rex = new RingExtractor(grid);
        List<RingFit> rings = new ArrayList<>();
        for (double[] img : s.samples()) {
            rings.add(rex.fit(img, RING_BLUR_UAS));
        }
        return rings;
    }

    /** The thin-ring diameter the visibility amplitudes show before any imaging (grid search of F|J₀(π d ρ)|), µas. */
    public static double dataRingUas(Visibilities vis) {
        return RingScale.diameterUas(vis);
    }

    /** {@link #sample(ImagePrior, Likelihood, ImageGrid, double, double, int, UniformRandomProvider, String, Consumer)} from the blob start only. */
    public static ImageSamples sample(ImagePrior prior, Likelihood lik, ImageGrid grid, double fluxJy, int samples,
            UniformRandomProvider rng, String id, Consumer<String> logger) {
        return sample(prior, lik, grid, fluxJy, Double.NaN, samples, rng, id, logger);
    }

    /**
     * Posterior draws: HMC when the prior has a finite log-density at the start image (a centred
     * 60 µas Gaussian holding the flux); for a learned prior (a trained noise range) {@link ProximalDiffusion}
     * begun halfway down its noise ladder from a symmetric ring of {@code ringUas} (the data's own thin-ring size;
     * the blob when it is not finite); for another score-only prior annealed Langevin on its score. HMC
     * starts from the lower-energy of two refined starts: that blob and, when {@code ringUas} is
     * finite, a symmetric ring of that diameter (no position angle, no asymmetry: the data's own
     * thin-ring size, {@link #dataRingUas}); see {@link HmcSampler} for why one start is not enough.
     */
    public static ImageSamples sample(ImagePrior prior, Likelihood lik, ImageGrid grid, double fluxJy, double ringUas, int samples,
            UniformRandomProvider rng, String id, Consumer<String> logger) {
        Consumer<String> log = logger == null ? line -> { } : logger;
        double[] start = startImage(grid, fluxJy);
        if (Double.isFinite(prior.logDensity(start))) {
            HmcSampler hmc = new HmcSampler(HmcSampler.Config.defaults(samples));
            int total = hmc.iterations();
            List<double[]> starts = new ArrayList<>(List.of(start));
            if (Double.isFinite(ringUas) && ringUas > 0) {
                starts.add(ringStart(grid, fluxJy, ringUas));
            }
            ImageSamples s = hmc.sample(prior, lik, grid, starts, rng, it -> {
                if (it % Math.max(1, total / 10) == 0) {
                    log.accept(String.format(Locale.ROOT, "%s: HMC %d/%d", id, it, total));
                }
            });
            double[] e = hmc.startEnergies();
            log.accept(String.format(Locale.ROOT, "%s: HMC started from the %s (posterior energy after refinement: blob %.1f%s)", id,
                    hmc.chosenStart() == 0 ? "blob" : "ring", e[0], e.length > 1 ? String.format(Locale.ROOT, ", ring %.1f", e[1]) : ""));
            return s;
        }
        double[] range = prior.sigmaRange();
        ImageSamples s;
        if (range == null) {
            // a score-only prior without a trained noise range (an analytic smoothed score): annealed Langevin
            double peak = Arrays.stream(start).max().orElse(1);
            AnnealedLangevin al = new AnnealedLangevin(new AnnealedLangevin.Config(samples, 10, 100, 2 * peak, 1e-3 * peak, 1e-3 * peak * peak));
            s = al.sample(prior, lik, grid, start, rng, k -> log.accept(String.format(Locale.ROOT, "%s: noise level %d/%d", id, k, 10)));
        } else {
            // a learned prior: denoise, data-proximal step and re-noise from the middle of its trained noise levels,
            // starting from the data's own thin-ring size when known (ProximalDiffusion: the chains are local, and from
            // the top of the ladder the ring size is chance; bench/README "Score-based image prior" has the measurements)
            ProximalDiffusion pd = new ProximalDiffusion(scoreConfig(samples));
            boolean ring = Double.isFinite(ringUas) && ringUas > 0;
            int run = pd.levelsRun();
            log.accept(String.format(Locale.ROOT, "%s: %d chains from %s, %d noise levels", id, samples,
                    ring ? String.format(Locale.ROOT, "a ring of %.1f uas (the data's thin-ring size)", ringUas) : "a 60 uas blob", run));
            s = pd.sample(prior, lik, grid, ring ? ringStart(grid, fluxJy, ringUas) : start, rng, k -> {
                if (k % Math.max(1, run / 10) == 0) {
                    log.accept(String.format(Locale.ROOT, "%s: noise level %d/%d", id, k, run));
                }
            });
        }
        long bad = Arrays.stream(s.samples()).filter(x -> !Arrays.stream(x).allMatch(Double::isFinite)).count();
        if (bad > 0) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "prior %s: the score sampler diverged (%d of %d draws hold non-finite pixels); the prior's score may be untrained or outside its noise range",
                    id, bad, s.count()));
        }
        return s;
    }

    /** A centred symmetric ring of diameter d and FWHM d/2 holding the total flux (no position angle). */
    public static double[] ringStart(ImageGrid g, double flux, double diameterUas) {
        double s = diameterUas / 2 / 2.3548;
        double[] img = new double[g.size()];
        double tot = 0;
        for (int j = 0; j < g.ny(); j++) {
            for (int i = 0; i < g.nx(); i++) {
                double r = Math.hypot(g.x(i), g.y(j)) / ImageGrid.UAS - diameterUas / 2;
                img[j * g.nx() + i] = Math.exp(-r * r / (2 * s * s)) + 1e-6;
                tot += img[j * g.nx() + i];
            }
        }
        for (int p = 0; p < img.length; p++) {
            img[p] *= flux / tot;
        }
        return img;
    }

    /**
     * The learned-prior sampler ({@link ProximalDiffusion}): noise levels (one network call each per batch of
     * chains), L-BFGS iterations of the data-proximal step per level, and the prior's weight λ in that step
     * (r_k = σ_k/√λ); bench/README "Score-based image prior" has the measurements behind them.
     */
    public static final int SCORE_LEVELS = 120;
    public static final int SCORE_PROX_ITERATIONS = 30;
    public static final double SCORE_LAMBDA = 0.01;
    /** Chains start halfway down the ladder of noise levels (60 of the 120 are run). */
    public static final double SCORE_START_FRACTION = 0.5;

    /** A centred circular Gaussian of FWHM 60 µas holding the total flux. */
    static double[] startImage(ImageGrid g, double flux) {
        double s = 60 / 2.3548;
        double[] img = new double[g.size()];
        double tot = 0;
        for (int j = 0; j < g.ny(); j++) {
            for (int i = 0; i < g.nx(); i++) {
                double x = g.x(i) / ImageGrid.UAS;
                double y = g.y(j) / ImageGrid.UAS;
                img[j * g.nx() + i] = Math.exp(-(x * x + y * y) / (2 * s * s)) + 1e-6;
                tot += img[j * g.nx() + i];
            }
        }
        for (int p = 0; p < img.length; p++) {
            img[p] *= flux / tot;
        }
        return img;
    }

    public static PriorResult summarise(String id, List<RingFit> rings, Map<String, Double> chi2, ImageSamples s, double wall) {
        double[] d = rings.stream().mapToDouble(RingFit::diameterUas).sorted().toArray();
        double[] w = rings.stream().mapToDouble(RingFit::widthUas).filter(Double::isFinite).sorted().toArray();
        double[] a = rings.stream().mapToDouble(RingFit::asymmetry).filter(Double::isFinite).sorted().toArray();
        double[] d0 = rings.stream().mapToDouble(r -> RingExtractor.thinRingDiameter(r.diameterUas(), r.widthUas())).sorted().toArray();
        double c = 0;
        double sn = 0;
        for (RingFit r : rings) {
            c += Math.cos(Math.toRadians(r.positionAngleDeg()));
            sn += Math.sin(Math.toRadians(r.positionAngleDeg()));
        }
        double pa = Math.toDegrees(Math.atan2(sn, c));
        if (pa < 0) {
            pa += 360;
        }
        double rbar = Math.hypot(c, sn) / rings.size();
        double spread = Math.toDegrees(Math.sqrt(-2 * Math.log(Math.max(rbar, 1e-12))));
        return new PriorResult(id, quantile(d, 0.5), quantile(d, 0.16), quantile(d, 0.84), quantile(w, 0.5), pa, spread,
                quantile(a, 0.5), chi2, s.acceptance(), wall, s, rings, quantile(d0, 0.5));
    }

    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static void writeOutputs(Path dir, ImageGrid grid, ImageSamples s, List<RingFit> rings, Visibilities vis,
            double[] pointing, String id) throws IOException {
        String what = "Orrery image posterior, prior " + id;
        ImageFits.write(dir.resolve("samples.fits"), grid, s.samples(), pointing[0], pointing[1], vis.source(), vis.frequencyHz(), vis.mjd(), what + ": draws");
        ImageFits.write(dir.resolve("mean.fits"), grid, new double[][] {s.mean()}, pointing[0], pointing[1], vis.source(), vis.frequencyHz(), vis.mjd(), what + ": mean");
        ImageFits.write(dir.resolve("std.fits"), grid, new double[][] {s.std()}, pointing[0], pointing[1], vis.source(), vis.frequencyHz(), vis.mjd(), what + ": std");
        StringBuilder b = new StringBuilder("sample,diameter_uas,width_uas,pa_deg,asymmetry,thin_ring_diameter_uas\n");
        for (int k = 0; k < rings.size(); k++) {
            RingFit r = rings.get(k);
            b.append(String.format(Locale.ROOT, "%d,%.4f,%.4f,%.3f,%.5f,%.4f%n", k, r.diameterUas(), r.widthUas(), r.positionAngleDeg(), r.asymmetry(),
                    RingExtractor.thinRingDiameter(r.diameterUas(), r.widthUas())));
        }
        AtomicFiles.write(dir.resolve("ring.csv"), tmp -> Files.writeString(tmp, b.toString()));
    }

    private static void writeSummaryCsv(Path file, List<PriorResult> rs) {
        StringBuilder b = new StringBuilder("prior,diameter_uas,diameter_lo,diameter_hi,width_uas,pa_deg,pa_spread_deg,asymmetry,chi2_cphase,chi2_logcamp,wall_s,thin_ring_diameter_uas,flux_jy\n");
        for (PriorResult r : rs) {
            b.append(String.format(Locale.ROOT, "%s,%.2f,%.2f,%.2f,%.2f,%.1f,%.1f,%.3f,%.3f,%.3f,%.1f,%.2f,%.4f%n", r.prior(), r.diameterMedian(), r.diameterLo(),
                    r.diameterHi(), r.widthMedian(), r.paMeanDeg(), r.paSpreadDeg(), r.asymmetryMedian(), r.chi2().get("cphase"),
                    r.chi2().get("logcamp"), r.wallSeconds(), r.thinDiameterMedian(), Arrays.stream(r.samples().mean()).sum()));
        }
        AtomicFiles.write(file, tmp -> Files.writeString(tmp, b.toString()));
    }

    /** Largest reduced χ² of a fitted data product for which the posterior-mean image counts as fitting the data. */
    static final double CHI2_FIT = 2.0;

    /**
     * The prior's check: the posterior-mean image fits the data products the likelihood used
     * (closure phases and log closure amplitudes, or visibilities) with reduced χ² ≤ {@value #CHI2_FIT}.
     * The ring parameters are reported, not judged: what a source should look like is not known.
     */
    private static ValidationResult ringResult(PriorResult r, ImageRequest.DataMode mode) {
        List<String> fitted = mode == ImageRequest.DataMode.CLOSURES ? List.of("cphase", "logcamp") : List.of("vis");
        List<Metric> m = new ArrayList<>();
        m.add(new Metric(r.prior() + "_diameter_uas", r.diameterMedian(), (r.diameterHi() - r.diameterLo()) / 2, "ring diameter (REx peak), median and half 68% interval"));
        m.add(new Metric(r.prior() + "_thin_ring_diameter_uas", r.thinDiameterMedian(), Double.NaN,
                "thin-ring diameter d + 2(w/2.355)^2/d, median: REx's blurred-ring peak corrected for the ring width"));
        m.add(new Metric(r.prior() + "_width_uas", r.widthMedian(), Double.NaN, "ring FWHM width, median"));
        m.add(new Metric(r.prior() + "_pa_deg", r.paMeanDeg(), r.paSpreadDeg(), "brightness position angle east of north, circular mean and spread"));
        m.add(new Metric(r.prior() + "_asymmetry", r.asymmetryMedian(), Double.NaN, "brightness asymmetry, median"));
        boolean fits = true;
        StringBuilder worst = new StringBuilder();
        for (var e : r.chi2().entrySet()) {
            boolean used = fitted.contains(e.getKey());
            m.add(new Metric(r.prior() + "_chi2_" + e.getKey(), e.getValue(), Double.NaN, "reduced chi-square of the posterior mean image"
                    + (used ? " (fitted)" : " (not fitted: " + (mode == ImageRequest.DataMode.CLOSURES ? "closure-only imaging leaves station gains free)" : "shown for reference)"))));
            if (used && !(e.getValue() <= CHI2_FIT)) {
                fits = false;
                worst.append(String.format(Locale.ROOT, "%s chi2_%s = %.2f > %.1f", worst.length() == 0 ? "" : ",", e.getKey(), e.getValue(), CHI2_FIT));
            }
        }
        m.add(new Metric(r.prior() + "_wall_s", r.wallSeconds(), Double.NaN, "sampling wall time"));
        boolean southern = r.paMeanDeg() > 90 && r.paMeanDeg() < 270;
        String summary = String.format(Locale.ROOT, "%s; ring diameter %.1f uas [%.1f, %.1f] (thin ring %.1f), width %.1f uas, PA %.0f deg (%s side brighter)",
                fits ? "the mean image fits the " + String.join(" and ", fitted) + " (reduced chi2 <= " + CHI2_FIT + ")" : "the mean image does not fit:" + worst,
                r.diameterMedian(), r.diameterLo(), r.diameterHi(), r.thinDiameterMedian(), r.widthMedian(), r.paMeanDeg(), southern ? "southern" : "northern");
        return new ValidationResult("ring_" + r.prior(), fits, summary, m, List.of());
    }

    /** How {@link #sample} draws under this prior, for the report: the sampler, its start, and what its draws are. */
    static String samplerNote(ImagePrior prior, ImageGrid grid, double fluxJy, double ringUas) {
        if (Double.isFinite(prior.logDensity(startImage(grid, fluxJy)))) {
            return "HMC (exact for the posterior once mixed) from the lower-energy of two refined starts: a 60 uas blob and a "
                    + String.format(Locale.ROOT, "%.1f", ringUas) + " uas ring (the data's thin-ring size)";
        }
        if (prior.sigmaRange() == null) {
            return "annealed Langevin on the prior's score plus the likelihood gradient (approximate)";
        }
        return String.format(Locale.ROOT, "proximal diffusion (DiffPIR; approximate): %d of %d noise levels from a %.1f uas ring (the data's "
                + "thin-ring size), %d L-BFGS iterations per level, lambda %s; the draws are under-dispersed (about 0.7 of the true spread "
                + "on a Gaussian test) and the ring size is carried in part from the start (docs/score-priors.md)",
                new ProximalDiffusion(scoreConfig(1)).levelsRun(), SCORE_LEVELS, ringUas, SCORE_PROX_ITERATIONS, SCORE_LAMBDA);
    }

    /** The learned-prior sampler's settings (the SCORE_ constants) for {@code samples} draws. */
    static ProximalDiffusion.Config scoreConfig(int samples) {
        return new ProximalDiffusion.Config(samples, SCORE_LEVELS, SCORE_PROX_ITERATIONS, SCORE_LAMBDA, 1, SCORE_START_FRACTION);
    }

    private static Map<String, String> provenance(ImageRequest req, Visibilities vis, Map<String, String> samplers) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("observation", req.observation().toAbsolutePath().toString());
        p.put("source", vis.source());
        p.put("frequency_hz", String.valueOf(vis.frequencyHz()));
        p.put("mjd", String.valueOf(vis.mjd()));
        p.put("grid", req.pixels() + "x" + req.pixels() + " over " + req.fovUas() + " uas");
        p.put("data", req.data().name().toLowerCase(Locale.ROOT));
        p.put("systematic", String.valueOf(req.systematic()));
        p.put("flux_jy", String.valueOf(req.fluxJy()));
        p.put("samples", String.valueOf(req.samples()));
        p.put("seed", String.valueOf(req.seed()));
        p.putAll(samplers);
        return p;
    }

    private static void writeReport(Path dir, String title, ImageRequest req, Visibilities vis, ImageGrid grid, ImageSamples s,
            PriorResult r, List<DataTerm> terms, Map<String, String> sampler) throws IOException {
        Report.Builder b = Report.builder(title);
        List<String> titles = new ArrayList<>(List.of("posterior mean", "posterior std"));
        List<double[]> imgs = new ArrayList<>(List.of(s.mean(), s.std()));
        for (int k = 0; k < Math.min(2, s.count()); k++) {
            titles.add("draw " + (k * (s.count() - 1)));
            imgs.add(s.samples()[k * (s.count() - 1)]);
        }
        b.figure(ImagingFigures.gallery("images", "Posterior mean, standard deviation and two draws (east left, north up)", grid, titles, imgs));
        for (DataTerm t : terms) {
            var res = t.residuals(s.mean());
            String name = t.product().name().toLowerCase(Locale.ROOT);
            double[] uv = Arrays.stream(res.uvDistance()).map(x -> x / 1e9).toArray();
            boolean phase = t.product() == org.orrery.imaging.DataProduct.CPHASE;
            double[] meas = phase ? Arrays.stream(res.measured()).map(Math::toDegrees).toArray() : res.measured();
            double[] mod = phase ? Arrays.stream(res.model()).map(Math::toDegrees).toArray() : res.model();
            double[] sg = phase ? Arrays.stream(res.sigma()).map(Math::toDegrees).toArray() : res.sigma();
            double[] norm = new double[meas.length];
            for (int k = 0; k < norm.length; k++) {
                double d = res.model()[k] - res.measured()[k];
                if (phase) {
                    d = Math.atan2(Math.sin(d), Math.cos(d));
                }
                norm[k] = d / res.sigma()[k];
            }
            String unit = switch (t.product()) {
                case CPHASE -> "closure phase (deg)";
                case LOGCAMP -> "log closure amplitude";
                case AMP -> "|V| (Jy)";
                default -> "Re, Im V (Jy)";
            };
            b.figure(ImagingFigures.dataFit("fit-" + name, String.format(Locale.ROOT, "%s: measured vs posterior-mean model, reduced chi2 %.2f", unit, t.chi2(s.mean())),
                    unit, uv, meas, sg, mod));
            b.figure(ImagingFigures.residuals("resid-" + name, "Normalised residuals of " + unit, uv, norm));
        }
        b.figure(ImagingFigures.histogram("ring-diameter", "Ring diameter of each draw (REx)", "diameter (µas)",
                r.rings().stream().mapToDouble(RingFit::diameterUas).toArray()));
        b.figure(ImagingFigures.histogram("ring-width", "Ring width (FWHM) of each draw", "width (µas)",
                r.rings().stream().mapToDouble(RingFit::widthUas).toArray()));
        b.figure(ImagingFigures.histogram("ring-pa", "Brightness position angle of each draw (east of north)", "PA (deg)",
                r.rings().stream().mapToDouble(RingFit::positionAngleDeg).toArray()));
        b.result(ringResult(r, req.data()));
        b.provenance(provenance(req, vis, sampler));
        b.build().writeTo(dir.resolve("report"));
    }

    private static void checkOut(Path out) {
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) {
                throw new IllegalArgumentException("--out " + out + " exists and is not a directory");
            }
            try (var list = Files.list(out)) {
                if (list.findAny().isPresent()) {
                    throw new IllegalArgumentException("--out " + out + " exists and is not empty; choose a new directory");
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --out " + out + ": " + e.getMessage());
            }
        }
        Path parent = AtomicFiles.parentOf(out);
        if (!Files.isDirectory(parent)) {
            throw new IllegalArgumentException("--out " + out + ": parent directory " + parent + " does not exist");
        }
    }

    private static void finish(Path tmp, Path out) throws IOException {
        if (Files.isDirectory(out)) {
            Files.delete(out); // checked empty at the start
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
