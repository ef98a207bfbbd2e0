package org.orrery.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.orrery.host.OrreryHost;
import org.orrery.host.PluginHandle;
import org.orrery.io.AtomicFiles;
import org.orrery.io.BadInputException;
import org.orrery.io.Observation;
import org.orrery.io.ObservationReader;
import org.orrery.io.SampleWriter;
import org.orrery.plugin.PluginKind;
import org.orrery.posterior.Posterior;
import org.orrery.posterior.PosteriorEstimator;
import org.orrery.posteriorfile.PosteriorFile;
import org.orrery.random.RandomStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Posterior samples for one observation. */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Draw posterior samples for an observation (FITS, HDF5 file.h5:/path, or CSV).")
public final class InferCommand implements Callable<Integer> {

    /** Stream index reserved for inference, distinct from the training stream. */
    private static final long INFERENCE_STREAM = Long.MAX_VALUE - 2;

    @Mixin HostOptions host;

    @Spec CommandSpec spec;

    @Option(names = "--posterior", required = true, paramLabel = "FILE", description = "Trained posterior file.")
    Path posterior;

    @Option(names = "--observation", required = true, paramLabel = "FILE",
            description = "Observation: obs.fits[:EXTNAME], obs.h5[:/dataset] or obs.csv (header row).")
    String observation;

    @Option(names = "--num-samples", required = true, paramLabel = "N", description = "Number of posterior samples.")
    int numSamples;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Samples: .h5, .fits or .csv.")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (numSamples <= 0) {
            throw new CliException("--num-samples must be positive, got " + numSamples);
        }
        AtomicFiles.checkWritableDirectory(AtomicFiles.parentOf(this.out), this.out);
        try {
            PosteriorFile.Contents contents = PosteriorFile.read(posterior);
            Observation obs = ObservationReader.read(observation, contents.header().observable());
            long start = System.nanoTime();
            try (OrreryHost h = host.start();
                    PluginHandle<PosteriorEstimator> handle = h.acquire(PluginKind.ESTIMATOR,
                            contents.header().estimatorId(), PosteriorEstimator.class)) {
                Posterior q = handle.get().read(new ByteArrayInputStream(contents.payload()));
                double[][] samples = q.sample(obs.values(), numSamples, RandomStreams.forSimulation(seed, INFERENCE_STREAM));
                SampleWriter.write(this.out, contents.header().parameters().names(), samples);
            }
            out.printf("wrote %d samples of %s to %s (%.2f s)%n", numSamples,
                    String.join(", ", contents.header().parameters().names()), this.out, (System.nanoTime() - start) / 1e9);
            return 0;
        } catch (BadInputException e) {
            throw new CliException(e.getMessage(), e);
        } catch (IOException e) {
            throw new CliException("cannot read the posterior payload of " + posterior + ": " + e.getMessage(), e);
        }
    }
}
