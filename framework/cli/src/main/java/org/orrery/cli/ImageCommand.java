package org.orrery.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.orrery.host.OrreryHost;
import org.orrery.host.PluginHandle;
import org.orrery.imaging.ImagePrior;
import org.orrery.imaging.job.ImageJob;
import org.orrery.imaging.job.ImageRequest;
import java.util.Map;
import org.orrery.plugin.Configurable;
import org.orrery.plugin.PluginKind;
import org.orrery.plugin.SettingValues;
import org.orrery.prior.GenerativePrior;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** EHT-style imaging of a UVFITS observation under one or several image priors (the work is {@link ImageJob}). */
@Command(name = "image", mixinStandardHelpOptions = true,
        description = "Sample image posteriors from interferometric data (UVFITS) under image priors; writes FITS cubes, ring.csv and a report.")
public final class ImageCommand implements Callable<Integer> {

    @Mixin HostOptions host;

    @Spec CommandSpec spec;

    @Option(names = "--observation", required = true, paramLabel = "FILE", description = "Calibrated visibilities, UVFITS.")
    Path observation;

    @Option(names = "--prior", required = true, paramLabel = "ID[,ID...]", description = "Image prior id(s) or trained score-prior files (FILE.oscp); several give a gallery.")
    String prior;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (new or empty).")
    Path out;

    @Option(names = "--pixels", defaultValue = "64", description = "Image side in pixels (default ${DEFAULT-VALUE}).")
    int pixels;

    @Option(names = "--fov-uas", defaultValue = "160", description = "Field of view in micro-arcseconds (default ${DEFAULT-VALUE}).")
    double fovUas;

    @Option(names = "--data", defaultValue = "closures", description = "closures or visibilities (default ${DEFAULT-VALUE}).")
    ImageRequest.DataMode data;

    @Option(names = "--num-samples", defaultValue = "100", paramLabel = "N", description = "Posterior draws per prior (default ${DEFAULT-VALUE}).")
    int numSamples;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--systematic", defaultValue = "0.02", description = "Fractional systematic noise (default ${DEFAULT-VALUE}).")
    double systematic;

    @Option(names = "--flux-jy", defaultValue = "0.6", description = "Total compact flux in Jy (default ${DEFAULT-VALUE}).")
    double fluxJy;

    @Override
    public Integer call() {
        PrintWriter pw = spec.commandLine().getOut();
        ImageRequest req;
        try {
            req = new ImageRequest(observation, Arrays.stream(prior.split(",")).map(String::trim).toList(), out, pixels, fovUas, data,
                    numSamples, seed, systematic, fluxJy, 120);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), e);
        }
        List<PluginHandle<GenerativePrior>> handles = new ArrayList<>();
        try (OrreryHost h = host.start(false)) {
            ImageJob.Result r = new ImageJob(line -> {
                pw.println(line);
                pw.flush();
            }).run(req, id -> {
                // a trained score-prior file (.oscp) is the score_prior plugin configured with it
                boolean file = id.endsWith(".oscp");
                PluginHandle<GenerativePrior> handle = h.acquire(PluginKind.GENERATIVE_PRIOR, file ? "score_prior" : id, GenerativePrior.class);
                handles.add(handle);
                GenerativePrior g = handle.get();
                if (file) {
                    if (!(g instanceof Configurable<?> c)) {
                        throw new IllegalArgumentException("prior 'score_prior' takes no weights file");
                    }
                    g = (GenerativePrior) c.configure(SettingValues.resolve("score_prior", c.settings(),
                            Map.of("weights", Path.of(id).toAbsolutePath().toString())));
                }
                if (!(g instanceof ImagePrior p)) {
                    throw new IllegalArgumentException("prior '" + id + "' models fixed fields, not images on a grid (it is no ImagePrior)");
                }
                return p;
            });
            for (ImageJob.PriorResult p : r.priors()) {
                pw.printf(Locale.ROOT, "%s: ring diameter %.1f uas [%.1f, %.1f], width %.1f uas, PA %.0f deg, %.0f s%n", p.prior(),
                        p.diameterMedian(), p.diameterLo(), p.diameterHi(), p.widthMedian(), p.paMeanDeg(), p.wallSeconds());
            }
            pw.println("wrote " + r.out());
            return 0;
        } finally {
            handles.forEach(PluginHandle::close);
        }
    }
}
