package org.orrery.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.orrery.workflow.InferRequest;
import org.orrery.workflow.InferResult;
import org.orrery.workflow.Workflow;
import org.orrery.workflow.WorkflowListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;


/** Posterior samples for one observation. */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = {"Draw posterior samples for an observation (FITS, HDF5 file.h5:/path, or CSV).",
            "The observation's values are matched to the simulator's observable by name (CSV header, FITS column or "
                    + "EXTNAME, HDF5 dataset). It is scored against the training simulations (per-dimension z-scores, "
                    + "Mahalanobis distance, fraction of training simulations farther away); an observation outside them "
                    + "gets a WARNING on stderr. The samples file records the score and its provenance (posterior file and "
                    + "SHA-256, estimator and settings, simulator, observation file and SHA-256, seed, prior, Orrery version)."})
public final class InferCommand implements Callable<Integer> {

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
        var request = Cli.request(() -> new InferRequest(posterior, observation, numSamples, this.out, seed));
        PrintWriter err = spec.commandLine().getErr();
        try (Workflow w = host.workflow()) {
            // the out-of-distribution check and notes go to stderr, beside any warning
            InferResult r = Cli.map(() -> w.infer(request, new WorkflowListener() {
                @Override
                public void message(String line) {
                    err.println(line);
                    err.flush();
                }
            }));
            out.printf("wrote %d samples of %s to %s (%.2f s)%n", numSamples, String.join(", ", r.parameters()), this.out,
                    r.seconds());
            return 0;
        }
    }
}
