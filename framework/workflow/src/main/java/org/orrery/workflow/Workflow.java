package org.orrery.workflow;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.orrery.bank.BankReader;
import org.orrery.bank.BankView;
import org.orrery.bank.OrreryVersion;
import org.orrery.campaign.Campaign;
import org.orrery.campaign.CampaignResult;
import org.orrery.campaign.CampaignSpec;
import org.orrery.host.OrreryHost;
import org.orrery.host.PluginHandle;
import org.orrery.io.AtomicFiles;
import org.orrery.io.BadInputException;
import org.orrery.io.Observation;
import org.orrery.io.ObservationReader;
import org.orrery.io.JointSampleWriter;
import org.orrery.io.SampleWriter;
import org.orrery.posterior.JointPosterior;
import org.orrery.plugin.PluginKind;
import org.orrery.plugin.SettingValues;
import org.orrery.posterior.EpochReport;
import org.orrery.posterior.Posterior;
import org.orrery.posterior.PosteriorEstimator;
import org.orrery.posterior.TrainingListener;
import org.orrery.posteriorfile.PosteriorFile;
import org.orrery.prior.Prior;
import org.orrery.random.RandomStreams;
import org.orrery.simulator.Simulator;

/**
 * The use cases of Orrery as Java calls: {@link #simulate}, {@link #train}, {@link #infer},
 * {@link #validate} and {@link #run} (a whole pipeline). One {@code Workflow} is one host session:
 * the plugin host is started on first use, at most once, and every call after that reuses it, so
 * a pipeline, a notebook or a Spark driver pays for the host once. Close it to stop the host.
 *
 * <p>Failures a user can act on are {@link WorkflowException}s with one-line messages; progress
 * goes to a {@link WorkflowListener}.
 */
public final class Workflow implements AutoCloseable {

    private final Supplier<OrreryHost> starter;
    private OrreryHost host;

    /** @param starter starts the plugin host; called at most once, when a use case first needs plugins */
    public Workflow(Supplier<OrreryHost> starter) {
        this.starter = Objects.requireNonNull(starter, "starter");
    }

    /** The session's host, started on first call. */
    public synchronized OrreryHost host() {
        if (host == null) {
            host = starter.get();
        }
        return host;
    }

    @Override
    public synchronized void close() {
        if (host != null) {
            host.close();
            host = null;
        }
    }

    // ---------------------------------------------------------------- simulate

    /** Runs a reproducible, resumable campaign and writes the bank. */
    public SimulateResult simulate(SimulateRequest r, WorkflowListener l) {
        if (Files.isDirectory(r.out())) {
            throw new WorkflowException("out", "is a directory, not a bank file: " + r.out(), null);
        }
        int workers = r.workers() == null ? Runtime.getRuntime().availableProcessors() : r.workers();
        CampaignSpec campaign;
        try {
            AtomicFiles.checkWritableDirectory(AtomicFiles.parentOf(r.out()), r.out());
            campaign = new CampaignSpec(r.num(), r.seed(), r.out(), workers, r.timeout(), r.resume(), 0, r.checkpointEvery());
        } catch (BadInputException | IllegalArgumentException e) {
            throw new WorkflowException(e.getMessage(), e);
        }
        try (PluginHandle<Simulator> handle = acquire(PluginKind.SIMULATOR, r.simulator(), Simulator.class, null);
                PluginHandle<Prior> prior = r.prior() == null ? null
                        : acquire(PluginKind.PRIOR, r.prior(), Prior.class, null)) {
            var configured = PluginSettings.configure(handle.get(), r.simulator(), Simulator.class, r.settings());
            Simulator sim = configured.instance();
            if (prior != null) {
                sim = new SimulatorWithPrior(sim, prior.get());
            }
            sim = FixedParameters.pin(sim, FixedParameters.resolve(r.fixed(), sim.parameters()));
            // settings that differ from the defaults travel with the version: the bank records them, and
            // --resume of a campaign with other settings is refused like one with another simulator version
            String changed = PluginSettings.nonDefault(handle.get(), configured.values());
            String version = handle.info().version() + (changed.isEmpty() ? "" : " (" + changed + ")");
            String id = sim.id();
            CampaignResult result;
            try {
                result = new Campaign(sim, version, campaign,
                        (done, failed, total, rate) -> l.campaign(id, done, failed, total, rate)).run();
            } catch (BadInputException e) {
                throw new WorkflowException(e.getMessage(), e);
            }
            return new SimulateResult(result, r.num(), version, configured.values(), handle.withdrawn());
        }
    }

    // ---------------------------------------------------------------- train

    /** Trains an estimator on a bank and writes one posterior file. */
    public TrainResult train(TrainRequest r, WorkflowListener l) {
        try {
            AtomicFiles.checkWritableDirectory(AtomicFiles.parentOf(r.out()), r.out());
        } catch (BadInputException e) {
            throw new WorkflowException(e.getMessage(), e);
        }
        try (BankView data = openBank(r.bank())) {
            return train(r, data, l);
        }
    }

    static BankView openBank(Path bank) {
        try {
            return BankReader.open(bank);
        } catch (BadInputException e) {
            throw new WorkflowException(e.getMessage(), e);
        }
    }

    /** Training on a bank read row by row through the one bank reader (a bank larger than the heap is fine). */
    private TrainResult train(TrainRequest r, BankView data, WorkflowListener l) {
        if (data.size() < 2) {
            throw new WorkflowException("bank " + r.bank() + " has " + data.size()
                    + " successful simulations; training needs more");
        }
        l.message(String.format("training %s on %d simulations from %s (%s %s)", r.estimator(), data.size(), r.bank(),
                data.metadata().simulatorId(), data.metadata().simulatorVersion()));
        long start = System.nanoTime();
        try (PluginHandle<PosteriorEstimator> handle = acquire(PluginKind.ESTIMATOR, r.estimator(),
                PosteriorEstimator.class, null)) {
            // an estimator that declares its settings gets them checked here, defaults filled in and
            // recorded in the posterior file; one that declares none gets what was given, as before
            Map<String, Object> config = PluginSettings.declared(handle.get()).isEmpty() ? r.settings()
                    : PluginSettings.resolve(handle.get(), r.estimator(), r.settings()).values();
            List<EpochReport> history = new ArrayList<>();
            TrainingListener progress = new TrainingListener() {
                @Override
                public void epoch(EpochReport e) {
                    history.add(e);
                    l.epoch(e);
                }

                @Override
                public boolean stopRequested() {
                    return l.stopRequested();
                }
            };
            Posterior posterior;
            try {
                posterior = handle.get().train(data, config, RandomStreams.reserved(r.seed(), RandomStreams.Reserved.TRAINING), progress);
            } catch (java.util.concurrent.CancellationException e) {
                throw new WorkflowException("training interrupted; nothing was written", e);
            } catch (IllegalArgumentException e) {
                throw new WorkflowException(e.getMessage(), e);
            }
            if (l.stopRequested()) {
                throw new WorkflowException("training interrupted; nothing was written");
            }
            byte[] payload = payload(posterior);
            var header = new PosteriorFile.Header(PosteriorFile.FORMAT_VERSION, r.estimator(), handle.info().version(),
                    data.metadata().simulatorId(), data.metadata().simulatorVersion(), data.parameters(),
                    data.observable(), config, history, r.bank().toAbsolutePath().toString(), r.seed(),
                    OrreryVersion.get(), null);
            PosteriorFile.write(r.out(), header, payload);
            return new TrainResult(r.out(), header, (System.nanoTime() - start) / 1e9, handle.withdrawn());
        }
    }

    private static byte[] payload(Posterior posterior) {
        var bytes = new ByteArrayOutputStream();
        try {
            posterior.write(bytes);
        } catch (IOException e) {
            throw new WorkflowException("the estimator could not serialise its posterior: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    // ---------------------------------------------------------------- infer

    /** Draws posterior samples for one observation and writes them. */
    public InferResult infer(InferRequest r, WorkflowListener l) {
        try {
            AtomicFiles.checkWritableDirectory(AtomicFiles.parentOf(r.out()), r.out());
            PosteriorFile.Contents contents = PosteriorFile.read(r.posterior());
            Observation obs = ObservationReader.read(r.observation(), contents.header().observable());
            long start = System.nanoTime();
            double[][] samples;
            try (PluginHandle<PosteriorEstimator> handle = acquire(PluginKind.ESTIMATOR, contents.header().estimatorId(),
                    PosteriorEstimator.class, "the posterior's estimator")) {
                Posterior q = handle.get().read(new ByteArrayInputStream(contents.payload()));
                var rng = RandomStreams.reserved(r.seed(), RandomStreams.Reserved.INFERENCE);
                if (q instanceof JointPosterior joint && JointSampleWriter.accepts(r.out())) {
                    samples = JointInference.drawAndWrite(joint, obs.values(), r.numSamples(), rng, r.out(),
                            contents.header().parameters().names());
                } else {
                    samples = q.sample(obs.values(), r.numSamples(), rng);
                    SampleWriter.write(r.out(), contents.header().parameters().names(), samples);
                }
            }
            return new InferResult(r.out(), contents.header().parameters().names(), samples,
                    (System.nanoTime() - start) / 1e9);
        } catch (BadInputException e) {
            throw new WorkflowException(e.getMessage(), e);
        } catch (IOException e) {
            throw new WorkflowException("cannot read the posterior payload of " + r.posterior() + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- validate

    /** Runs calibration checks on a held-out bank and writes the report folder. */
    public ValidationRun.Outcome validate(ValidateRequest r, WorkflowListener l) {
        for (Path f : List.of(r.posterior(), r.bank())) {
            if (!Files.isRegularFile(f)) {
                throw new WorkflowException("no such file: " + f);
            }
        }
        return ValidationRun.run(host(), r.posterior(), r.bank(), r.checks(), r.settings(), r.seed(), r.out(),
                ValidationRun.Extras.none(), l);
    }

    // ---------------------------------------------------------------- stats

    /** A statistic on every member of two ensembles, compared bin by bin, and the report. */
    public StatsResult stats(StatsRequest r, WorkflowListener l) {
        return StatsRun.run(this, r, l);
    }

    // ---------------------------------------------------------------- run

    /** Runs a whole pipeline in this session: one host for every stage, nothing passed through argv or files twice. */
    public ValidationRun.Outcome run(PipelineSpec pipeline, WorkflowListener l) {
        try {
            return new PipelineRunner(pipeline, this, l).run();
        } catch (IOException e) {
            throw new WorkflowException("pipeline " + pipeline.file() + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- plugins

    /** A plugin for a piece of work; an unknown id fails naming {@code what} (when not null) and the ids there are. */
    <T> PluginHandle<T> acquire(PluginKind kind, String id, Class<T> type, String what) {
        try {
            return host().acquire(kind, id, type);
        } catch (IllegalArgumentException e) {
            throw new WorkflowException(what == null ? e.getMessage() : what + ": " + e.getMessage(), e);
        }
    }

    /** The settings an installed plugin declares, with the plugin's defaults; for {@code describe}. */
    public SettingValues defaults(PluginKind kind, String id) {
        try (PluginHandle<Object> h = acquire(kind, id, Object.class, kind.name().toLowerCase())) {
            return PluginSettings.resolve(h.get(), id, Map.of());
        }
    }
}
