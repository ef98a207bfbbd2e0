package org.orrery.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.orrery.posterior.EpochReport;
import org.orrery.workflow.Durations;
import org.orrery.workflow.TrainRequest;
import org.orrery.workflow.TrainResult;
import org.orrery.workflow.Workflow;
import org.orrery.workflow.WorkflowListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;


/** Neural posterior training: parses, calls {@link Workflow#train}, prints. Ctrl-C stops training cleanly. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a neural posterior estimator on a simulation bank and write one posterior file.",
        footer = {"", "Estimator settings (--set KEY=VALUE, --config FILE): every setting of an estimator,",
            "with its default, range and meaning, is listed by 'orrery plugins --describe ID',",
            "e.g. 'orrery plugins --describe maf' or 'orrery plugins --describe nsf'.",
            "The posterior file records the settings used and the training bank's identity",
            "(path, SHA-256, simulator, seed, prior).",
            "",
            "An image prior is trained the same way: --estimator score_prior on a bank of images",
            "(e.g. 'orrery simulate --simulator eht_crescent') writes --out FILE.oscp, usable at once",
            "as 'orrery image --prior FILE.oscp'. Its settings: epochs, steps_per_epoch, batch, channels,",
            "lr, ema, patience, sigma_min, sigma_max, flux_jy, fov_uas, pixels, max_images."})
public final class TrainCommand implements Callable<Integer> {

    @Mixin HostOptions host;

    @Spec CommandSpec spec;

    @Option(names = "--estimator", required = true, paramLabel = "ID", description = "Estimator plugin id, e.g. maf.")
    String estimator;

    @Option(names = "--bank", required = true, paramLabel = "FILE", description = "Simulation bank (.h5).")
    Path bank;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Trained posterior file (.orrery), or prior file (.oscp for score_prior).")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed for initialisation, validation split and batching (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--resume", description = "Continue an interrupted run from its checkpoint (same bank, seed and settings).")
    boolean resume;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Training checkpoint, written atomically between epochs (default: OUT.ckpt; removed when done).")
    Path checkpoint;

    @Option(names = "--checkpoint-every", paramLabel = "SECONDS", defaultValue = "300",
            description = "Save a checkpoint after the first epoch that ends this long after the last save; 0: every epoch (default ${DEFAULT-VALUE}).")
    double checkpointEvery;

    @Mixin SettingsOptions settings;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> given = settings.settings();
        var request = Cli.request(() -> new TrainRequest(estimator, bank, this.out, seed, given,
                new TrainRequest.Checkpoints(checkpoint != null ? checkpoint : TrainRequest.Checkpoints.defaults(this.out).file(),
                        every(checkpointEvery), resume)));
        if (resume && !java.nio.file.Files.exists(request.checkpoints().file())) {
            out.println("no checkpoint at " + request.checkpoints().file() + "; training from the start");
        }
        try (Workflow w = host.workflow()) {
            var progress = new Progress(out);
            TrainResult r;
            try (var interrupt = new InterruptGuard(progress)) {
                r = Cli.map(() -> w.train(request, progress));
            }
            if (r.withdrawn()) {
                out.printf("note: estimator %s %s was replaced while training; this posterior used %s throughout%n",
                        estimator, r.header().estimatorVersion(), r.header().estimatorVersion());
            }
            out.printf("wrote %s (%d epochs%s, %.1f s)%n", this.out, r.history().size(),
                    r.history().isEmpty() ? "" : String.format(", best validation loss %.4f", r.bestValidationLoss()),
                    r.seconds());
        }
        return 0;
    }

    private static java.time.Duration every(double seconds) {
        if (!(seconds >= 0) || seconds > 1e9) {
            throw new org.orrery.workflow.WorkflowException("--checkpoint-every",
                    "must be zero or a positive number of seconds, got: " + seconds, null);
        }
        return java.time.Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** Epoch lines (a terminal gets them on one rewritten line) and the stop flag for Ctrl-C. */
    static final class Progress implements WorkflowListener {
        final AtomicBoolean stop = new AtomicBoolean();
        final List<EpochReport> history = new ArrayList<>();
        private final PrintWriter out;
        private final boolean terminal = System.console() != null;
        private final long start = System.nanoTime();
        private long lastPrint;
        double best = Double.POSITIVE_INFINITY;

        Progress(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void message(String line) {
            out.println(line);
            out.flush();
        }

        @Override
        public void epoch(EpochReport r) {
            history.add(r);
            if (!Double.isNaN(r.validationLoss())) {
                best = Math.min(best, r.validationLoss()); // a NaN epoch is never the best (Training.loop's rule)
            }
            long now = System.nanoTime();
            // plain logs get a line every 5 s; a terminal gets every epoch on one line
            if (!terminal && now - lastPrint < 5_000_000_000L && r.epoch() > 1) {
                return;
            }
            lastPrint = now;
            double elapsed = (now - start) / 1e9;
            String eta = r.maxEpochs() > 0 && r.epoch() > 0
                    ? "≤" + Durations.format(elapsed / r.epoch() * (r.maxEpochs() - r.epoch())) : "?";
            String line = String.format("epoch %d/%d  train %.4f  val %.4f  best %.4f  %s elapsed, ETA %s", r.epoch(),
                    r.maxEpochs(), r.trainLoss(), r.validationLoss(), best, Durations.format(elapsed), eta);
            if (terminal) {
                out.print("\r" + line + "   ");
            } else {
                out.println(line);
            }
            out.flush();
        }

        @Override
        public boolean stopRequested() {
            return stop.get();
        }
    }

    /**
     * Ctrl-C asks the estimator to stop and waits for this command to unwind, so the JVM never
     * exits half-way through writing the posterior file.
     */
    private static final class InterruptGuard implements AutoCloseable {
        private final CountDownLatch done = new CountDownLatch(1);
        private final Thread hook;

        InterruptGuard(Progress progress) {
            hook = new Thread(() -> {
                progress.stop.set(true);
                try {
                    done.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "orrery-train-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        @Override
        public void close() {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running; releasing the latch is all it needs
            }
        }
    }
}
