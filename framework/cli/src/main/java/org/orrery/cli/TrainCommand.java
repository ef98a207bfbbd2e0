package org.orrery.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.orrery.bank.Bank;
import org.orrery.bank.BankReader;
import org.orrery.bank.OrreryVersion;
import org.orrery.host.OrreryHost;
import org.orrery.host.PluginHandle;
import org.orrery.io.AtomicFiles;
import org.orrery.io.BadInputException;
import org.orrery.plugin.PluginKind;
import org.orrery.posterior.EpochReport;
import org.orrery.posterior.Posterior;
import org.orrery.posterior.PosteriorEstimator;
import org.orrery.posterior.TrainingListener;
import org.orrery.posteriorfile.PosteriorFile;
import org.orrery.random.RandomStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Neural posterior training: bank in, one versioned posterior file out. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a neural posterior estimator on a simulation bank and write one posterior file.")
public final class TrainCommand implements Callable<Integer> {

    /** Stream index reserved for training (simulations use 0..N-1 of their own campaign seed). */
    private static final long TRAINING_STREAM = Long.MAX_VALUE - 1;

    @Mixin HostOptions host;

    @Spec CommandSpec spec;

    @Option(names = "--estimator", required = true, paramLabel = "ID", description = "Estimator plugin id, e.g. maf.")
    String estimator;

    @Option(names = "--bank", required = true, paramLabel = "FILE", description = "Simulation bank (.h5).")
    Path bank;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Trained posterior file (.orrery).")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed for initialisation, validation split and batching (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--config", paramLabel = "FILE", description = "Estimator settings (YAML mapping).")
    Path config;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> settings = config == null ? Map.of() : YamlSettings.readMapping(config);
        AtomicFiles.checkWritableDirectory(AtomicFiles.parentOf(this.out), this.out);
        Bank data;
        try {
            data = BankReader.read(bank);
        } catch (BadInputException e) {
            throw new CliException(e.getMessage(), e);
        }
        if (data.size() < 2) {
            throw new CliException("bank " + bank + " has " + data.size() + " successful simulations; training needs more");
        }
        out.printf("training %s on %d simulations from %s (%s %s)%n", estimator, data.size(), bank,
                data.metadata().simulatorId(), data.metadata().simulatorVersion());
        out.flush();
        long start = System.nanoTime();
        try (OrreryHost h = host.start();
                PluginHandle<PosteriorEstimator> handle = h.acquire(PluginKind.ESTIMATOR, estimator, PosteriorEstimator.class)) {
            var progress = new Progress(out);
            Posterior posterior;
            try (var interrupt = new InterruptGuard(progress)) {
                posterior = handle.get().train(data, settings, RandomStreams.forSimulation(seed, TRAINING_STREAM), progress);
                if (progress.stop.get()) {
                    throw new CliException("training interrupted; nothing was written");
                }
                byte[] payload = payload(posterior);
                var header = new PosteriorFile.Header(PosteriorFile.FORMAT_VERSION, estimator, handle.info().version(),
                        data.metadata().simulatorId(), data.metadata().simulatorVersion(), data.parameters(),
                        data.observable(), settings, progress.history, bank.toAbsolutePath().toString(), seed,
                        OrreryVersion.get(), null);
                PosteriorFile.write(this.out, header, payload);
            } catch (java.util.concurrent.CancellationException e) {
                throw new CliException("training interrupted; nothing was written", e);
            }
            if (handle.withdrawn()) {
                out.printf("note: estimator %s %s was replaced while training; this posterior used %s throughout%n",
                        estimator, handle.info().version(), handle.info().version());
            }
            EpochReport last = progress.history.isEmpty() ? null : progress.history.get(progress.history.size() - 1);
            out.printf("wrote %s (%d epochs%s, %.1f s)%n", this.out, progress.history.size(),
                    last == null ? "" : String.format(", best validation loss %.4f", progress.best),
                    (System.nanoTime() - start) / 1e9);
        }
        return 0;
    }

    private static byte[] payload(Posterior posterior) {
        var bytes = new ByteArrayOutputStream();
        try {
            posterior.write(bytes);
        } catch (IOException e) {
            throw new CliException("the estimator could not serialise its posterior: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /** Epoch lines (a terminal gets them on one rewritten line) and the stop flag for Ctrl-C. */
    static final class Progress implements TrainingListener {
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
        public void epoch(EpochReport r) {
            history.add(r);
            best = Math.min(best, r.validationLoss());
            long now = System.nanoTime();
            // plain logs get a line every 5 s; a terminal gets every epoch on one line
            if (!terminal && now - lastPrint < 5_000_000_000L && r.epoch() > 1) {
                return;
            }
            lastPrint = now;
            double elapsed = (now - start) / 1e9;
            String eta = r.maxEpochs() > 0 && r.epoch() > 0
                    ? "≤" + formatSeconds(elapsed / r.epoch() * (r.maxEpochs() - r.epoch())) : "?";
            String line = String.format("epoch %d/%d  train %.4f  val %.4f  best %.4f  %s elapsed, ETA %s", r.epoch(),
                    r.maxEpochs(), r.trainLoss(), r.validationLoss(), best, formatSeconds(elapsed), eta);
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

        private static String formatSeconds(double s) {
            Duration d = Duration.ofMillis((long) (s * 1000));
            return d.toHours() > 0 ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart())
                    : String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
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
