package org.orrery.workflow;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.orrery.bank.BankMetadata;
import org.orrery.bank.BankReader;
import org.orrery.bank.BankView;
import org.orrery.bank.OrreryVersion;
import org.orrery.campaign.Campaign;
import org.orrery.campaign.CampaignListener;
import org.orrery.campaign.CampaignResult;
import org.orrery.campaign.CampaignSpec;
import org.orrery.diagnostics.OutOfDistribution;
import org.orrery.host.OrreryHost;
import org.orrery.host.PluginHandle;
import org.orrery.io.AtomicFiles;
import org.orrery.io.BadInputException;
import org.orrery.io.Observation;
import org.orrery.io.ObservationReader;
import org.orrery.io.JointSampleWriter;
import org.orrery.io.OutputLock;
import org.orrery.io.SampleWriter;
import org.orrery.posterior.JointPosterior;
import org.orrery.plugin.PluginKind;
import org.orrery.validation.Statistic;
import org.orrery.plugin.SettingValues;
import org.orrery.posterior.EpochReport;
import org.orrery.posterior.Posterior;
import org.orrery.posterior.PosteriorEstimator;
import org.orrery.posterior.TrainingListener;
import org.orrery.posteriorfile.PosteriorFile;
import org.orrery.prior.GenerativePrior;
import org.orrery.prior.TrainableGenerativePrior;
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

    /**
     * Runs a reproducible, resumable campaign and writes the bank. The output is claimed for the whole
     * run (a second writer is told the pid of the first), an existing finished bank is refused unless
     * the request overwrites or resumes it, and a campaign in which every simulation failed is an
     * error naming the first reasons, with no bank left behind.
     */
    public SimulateResult simulate(SimulateRequest r, WorkflowListener l) {
        return simulate(r, l, null);
    }

    /**
     * Runs a reproducible, resumable campaign with the executor {@code engine} makes (this JVM's
     * lanes when null) and writes the bank. Row i depends only on (seed, i), so every engine writes
     * the same bank, and {@code --resume} continues the shards of a run made by any engine.
     */
    public SimulateResult simulate(SimulateRequest r, WorkflowListener l, CampaignEngine engine) {
        if (Files.isDirectory(r.out())) {
            throw new WorkflowException("out", "is a directory, not a bank file: " + r.out(), null);
        }
        int workers = r.workers() == null ? Runtime.getRuntime().availableProcessors() : r.workers();
        CampaignSpec campaign;
        try {
            AtomicFiles.checkWritableDirectory(AtomicFiles.parentOf(r.out()), r.out());
            campaign = new CampaignSpec(r.num(), r.seed(), r.out(), workers, r.timeout(), r.resume(), 0, r.checkpointEvery());
        } catch (CampaignSpec.InvalidField e) {
            throw new WorkflowException(e.field(), e.problem(), e);
        } catch (BadInputException | IllegalArgumentException e) {
            throw new WorkflowException(e.getMessage(), e);
        }
        try (OutputLock lock = claim(r.out())) {
            if (!r.resume() && !r.overwrite() && Files.exists(r.out())) {
                throw new OutputExistsException(r.out(), "bank");
            }
            try (PreparedSimulator p = prepareSimulator(r)) {
                Simulator sim = p.simulator();
                String id = sim.id();
                CampaignResult result;
                try {
                    CampaignListener listener = (done, failed, total, rate) -> l.campaign(id, done, failed, total, rate);
                    result = new Campaign(sim, p.version(), p.settingsText(), campaign, listener,
                            engine == null ? null : engine.executor(r, p.version())).run();
                } catch (BadInputException e) {
                    throw new WorkflowException(e.getMessage(), e);
                }
                if (result.numOk() == 0) {
                    throw allFailed(r, result);
                }
                return new SimulateResult(result, r.num(), p.version(), p.settings(), p.withdrawn());
            }
        }
    }

    /**
     * The simulator of a campaign as every engine runs it: the plugin configured with the request's
     * settings, under its prior (text or plugin) and pins, and the version the bank records (settings that
     * differ from the defaults travel with it, so a resume of a campaign with other settings is
     * refused like one with another simulator version). A cluster engine prepares the same request on
     * each executor and checks that the version matches the driver's. Close it to release the plugins.
     */
    public PreparedSimulator prepareSimulator(SimulateRequest r) {
        PluginHandle<Simulator> handle = acquire(PluginKind.SIMULATOR, r.simulator(), Simulator.class, null);
        PriorChoice prior = null;
        try {
            var configured = PluginSettings.configure(handle.get(), r.simulator(), Simulator.class, r.settings());
            Simulator sim = configured.instance();
            prior = r.prior() == null ? null : PriorChoice.of(r.prior(), sim.parameters(), this);
            if (prior != null) {
                sim = new SimulatorWithPrior(sim, prior.prior());
            }
            sim = FixedParameters.pin(sim, FixedParameters.resolve(r.fixed(), sim.parameters()));
            // every setting (defaults included) goes into the bank's settings attribute, which resume
            // compares; the ones that differ from the defaults also travel with the version, so posterior
            // files and reports made from the bank name them
            String settings = BankMetadata.canonicalSettings(configured.values().values());
            String changed = PluginSettings.nonDefault(handle.get(), configured.values());
            String version = handle.info().version() + (changed.isEmpty() ? "" : " (" + changed + ")");
            return new PreparedSimulator(sim, version, configured.values(), settings, handle, prior);
        } catch (RuntimeException e) {
            if (prior != null) {
                prior.close();
            }
            handle.close();
            throw e;
        }
    }

    /** A configured simulator and the plugins it holds; see {@link #prepareSimulator}. */
    public static final class PreparedSimulator implements AutoCloseable {
        private final Simulator simulator;
        private final String version;
        private final SettingValues settings;
        private final String settingsText;
        private final PluginHandle<Simulator> handle;
        private final PriorChoice prior;

        PreparedSimulator(Simulator simulator, String version, SettingValues settings, String settingsText,
                PluginHandle<Simulator> handle, PriorChoice prior) {
            this.simulator = simulator;
            this.version = version;
            this.settings = settings;
            this.settingsText = settingsText;
            this.handle = handle;
            this.prior = prior;
        }

        public Simulator simulator() {
            return simulator;
        }

        /** The simulator bundle's version plus the settings that differ from its defaults. */
        public String version() {
            return version;
        }

        public SettingValues settings() {
            return settings;
        }

        /** Every setting, defaults included, as the bank's canonical settings text. */
        public String settingsText() {
            return settingsText;
        }

        /** True when the simulator was replaced or removed since it was acquired. */
        public boolean withdrawn() {
            return handle.withdrawn();
        }

        @Override
        public void close() {
            if (prior != null) {
                prior.close();
            }
            handle.close();
        }
    }

    /** An exclusive claim on an output for this run; a second writer fails in one line with the holder's pid. */
    static OutputLock claim(Path out) {
        try {
            return OutputLock.acquire(out);
        } catch (BadInputException e) {
            throw new WorkflowException(e.getMessage(), e);
        }
    }

    /**
     * Every simulation failed: the bank holds no θ and no x, only failures, so it is removed rather than
     * left to look like a result; the message carries the first reasons.
     */
    private static WorkflowException allFailed(SimulateRequest r, CampaignResult result) {
        StringBuilder reasons = new StringBuilder();
        int shown = 0;
        for (var f : result.firstFailures()) {
            if (shown == 3) {
                break;
            }
            reasons.append(shown++ == 0 ? "" : "; ").append("#").append(f.index()).append(": ")
                    .append(f.reason().strip().lines().findFirst().orElse(""));
        }
        try {
            Files.deleteIfExists(r.out());
        } catch (IOException e) {
            // the message below still says the campaign failed; a leftover bank holds no simulations
        }
        return new WorkflowException("all " + result.numFailed() + " simulations of " + r.simulator()
                + " failed, so no bank was written" + (reasons.length() == 0 ? "" : "; first failures: " + reasons));
    }

    // ---------------------------------------------------------------- train

    /** Trains an estimator on a bank and writes one posterior file. */
    public TrainResult train(TrainRequest r, WorkflowListener l) {
        if (Files.isDirectory(r.out())) {
            throw new WorkflowException("out", "is a directory, not a posterior file: " + r.out(), null);
        }
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
        if (host().registry().find(PluginKind.ESTIMATOR, r.estimator()).isEmpty()
                && host().registry().find(PluginKind.GENERATIVE_PRIOR, r.estimator()).isPresent()) {
            return trainPrior(r, data, l);
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
            var run = runHeader(r, handle.info().version(), data, config);
            TrainingCheckpoints checkpoints = TrainingCheckpoints.open(r.checkpoints(), run, history, l);
            PosteriorFile.Header kept = checkpoints == null ? run : checkpoints.run();
            TrainingListener progress = trainingProgress(history, l, checkpoints);
            Posterior posterior;
            try {
                posterior = handle.get().train(data, config, RandomStreams.reserved(r.seed(), RandomStreams.Reserved.TRAINING), progress);
            } catch (java.util.concurrent.CancellationException e) {
                throw interrupted(r, checkpoints, e);
            } catch (IllegalArgumentException e) {
                throw new WorkflowException(e.getMessage(), e);
            }
            if (l.stopRequested()) {
                throw new WorkflowException("training interrupted; nothing was written");
            }
            byte[] payload = payload(posterior);
            var header = withHistory(kept, history);
            try {
                // the training bank's identity (path, size, SHA-256, simulator, seed, prior): validate refuses a
                // held-out bank that repeats it, and infer scores observations against its simulations
                PosteriorFile.write(r.out(), header, payload, PosteriorFile.TrainingBank.of(r.bank(), data.metadata(), data.size()));
            } catch (BadInputException e) {
                throw new WorkflowException(e.getMessage(), e);
            }
            if (checkpoints != null) {
                checkpoints.finished();
            }
            return new TrainResult(r.out(), header, (System.nanoTime() - start) / 1e9, handle.withdrawn());
        }
    }

    /**
     * Training a generative prior ({@link TrainableGenerativePrior}, e.g. {@code score_prior}) on a
     * bank's observables: the same settings check, progress, Ctrl-C and checkpoints (with --resume)
     * as an estimator, and the prior's own file written atomically, usable at once as a prior
     * ({@code orrery image --prior FILE}).
     */
    private TrainResult trainPrior(TrainRequest r, BankView data, WorkflowListener l) {
        try (PluginHandle<GenerativePrior> handle = acquire(PluginKind.GENERATIVE_PRIOR, r.estimator(), GenerativePrior.class, null)) {
            if (!(handle.get() instanceof TrainableGenerativePrior prior)) {
                throw new WorkflowException("estimator", "'" + r.estimator() + "' is a generative prior that cannot be trained (no estimator and no trainable prior has that id)", null);
            }
            String name = r.out().getFileName().toString();
            if (!name.endsWith(prior.fileSuffix()) || name.length() == prior.fileSuffix().length()) {
                throw new WorkflowException("out", "a " + r.estimator() + " file must be named *" + prior.fileSuffix()
                        + " (that is how --prior knows a file from an id), got: " + r.out(), null);
            }
            SettingValues values;
            try {
                values = SettingValues.resolve(r.estimator(), prior.trainingSettings(), r.settings());
            } catch (IllegalArgumentException e) {
                throw new RefusedValueException(e.getMessage(), e);
            }
            l.message(String.format("training prior %s on %d simulations from %s (%s %s)", r.estimator(), data.size(), r.bank(),
                    data.metadata().simulatorId(), data.metadata().simulatorVersion()));
            long start = System.nanoTime();
            List<EpochReport> history = new ArrayList<>();
            Map<String, Object> config = values.values();
            var run = runHeader(r, handle.info().version(), data, config);
            TrainingCheckpoints checkpoints = TrainingCheckpoints.open(r.checkpoints(), run, history, l);
            TrainingListener progress = trainingProgress(history, l, checkpoints);
            String source = "bank " + r.bank().getFileName() + " of " + data.metadata().simulatorId() + " " + data.metadata().simulatorVersion();
            try {
                AtomicFiles.write(r.out(), tmp -> {
                    try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp))) {
                        prior.train(data, values, r.seed(), source, progress, out);
                    }
                    if (l.stopRequested()) {
                        throw new java.util.concurrent.CancellationException("training stopped");
                    }
                });
            } catch (java.util.concurrent.CancellationException e) {
                throw interrupted(r, checkpoints, e);
            } catch (BadInputException e) {
                throw new WorkflowException(e.getMessage(), e);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new WorkflowException(e.getMessage(), e);
            }
            if (checkpoints != null) {
                checkpoints.finished();
            }
            PosteriorFile.Header kept = checkpoints == null ? run : checkpoints.run();
            var header = withHistory(kept, history);
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

    /**
     * Draws posterior samples for one observation and writes them with their provenance (posterior file
     * and checksum, estimator and config, simulator, observation file and checksum, seed, prior, Orrery
     * version) and the observation's out-of-distribution score against the training simulations; an
     * observation outside what training covered gets a warning, never silent samples.
     */
    public InferResult infer(InferRequest r, WorkflowListener l) {
        if (Files.isDirectory(r.out())) {
            throw new WorkflowException("out", "is a directory, not a samples file: " + r.out(), null);
        }
        try {
            AtomicFiles.checkWritableDirectory(AtomicFiles.parentOf(r.out()), r.out());
            PosteriorFile.Contents contents = PosteriorFile.read(r.posterior());
            var h = contents.header();
            Observation obs = ObservationReader.read(r.observation(), h.observable());
            TrainingSimulations training = TrainingSimulations.of(contents, h.observable());
            OutOfDistribution.Score ood = null;
            Map<String, String> oodMeta = new LinkedHashMap<>();
            if (training.x() == null) {
                l.message("note: no out-of-distribution check: " + training.unavailable());
                oodMeta.put("ood_score", "not computed: " + training.unavailable());
            } else {
                try {
                    ood = OutOfDistribution.score(training.x(), obs.values());
                    oodMeta.putAll(ood.metadata());
                    l.message((ood.warn() ? "WARNING: " : "out-of-distribution check: ") + ood.summary());
                } catch (IllegalArgumentException e) {
                    l.message("note: no out-of-distribution check: " + e.getMessage());
                    oodMeta.put("ood_score", "not computed: " + e.getMessage());
                }
            }
            long start = System.nanoTime();
            double[][] samples;
            Map<String, String> prov;
            try (PluginHandle<PosteriorEstimator> handle = acquire(PluginKind.ESTIMATOR, h.estimatorId(),
                    PosteriorEstimator.class, "the posterior's estimator")) {
                Posterior q = handle.get().read(new ByteArrayInputStream(contents.payload()));
                prov = new LinkedHashMap<>();
                prov.put("orrery_version", OrreryVersion.get());
                prov.put("created", java.time.Instant.now().toString());
                prov.put("posterior_file", r.posterior().toAbsolutePath().normalize().toString());
                prov.put("posterior_sha256", SampleWriter.sha256(r.posterior()));
                prov.put("estimator", h.estimatorId());
                prov.put("estimator_version", h.estimatorVersion()
                        + (Objects.equals(h.estimatorVersion(), handle.info().version()) ? "" : " (sampled with " + handle.info().version() + ")"));
                prov.put("estimator_config", new java.util.TreeMap<>(h.config()).toString());
                prov.put("simulator", h.simulatorId());
                prov.put("simulator_version", h.simulatorVersion());
                prov.put("observation_file", r.observation().startsWith(PipelineObservations.file(r.observation()).toString())
                        ? PipelineObservations.file(r.observation()).toAbsolutePath().normalize()
                                + r.observation().substring(PipelineObservations.file(r.observation()).toString().length())
                        : r.observation());
                prov.put("observation_sha256", SampleWriter.sha256(PipelineObservations.file(r.observation())));
                prov.put("seed", Long.toString(r.seed()));
                prov.put("prior", training.prior());
                prov.put("training_bank", training.path());
                prov.put("num_samples", Integer.toString(r.numSamples()));
                prov.putAll(oodMeta);
                var rng = RandomStreams.reserved(r.seed(), RandomStreams.Reserved.INFERENCE);
                if (q instanceof JointPosterior joint && JointSampleWriter.accepts(r.out())) {
                    // θ and the latent fields (draws, mean, std under /fields) of a joint posterior
                    samples = JointInference.drawAndWrite(joint, obs.values(), r.numSamples(), rng, r.out(),
                            h.parameters().names(), prov);
                } else {
                    samples = q.sample(obs.values(), r.numSamples(), rng);
                    SampleWriter.write(r.out(), h.parameters().names(), samples, prov);
                }
            }
            return new InferResult(r.out(), h.parameters().names(), samples, (System.nanoTime() - start) / 1e9, prov, ood);
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
        // a report that could not be written is found before the host starts, let alone a check runs
        ValidationRun.checkReportTarget(r.out(), r.overwrite());
        return ValidationRun.run(host(), r.posterior(), r.bank(), r.checks(), r.settings(), r.seed(), r.out(),
                new ValidationRun.Guards(r.overwrite(), r.allowSameBank()), ValidationRun.Extras.none(), l);
    }

    // ---------------------------------------------------------------- stats

    /** A statistic on every member of two ensembles, compared bin by bin, and the report. */
    public StatsResult stats(StatsRequest r, WorkflowListener l) {
        return StatsRun.run(this, r, l, null);
    }

    /**
     * {@link #stats(StatsRequest, WorkflowListener)} with the members' statistics computed by
     * {@code members} (a cluster engine) instead of in this JVM; the comparison and the report are
     * made here as for a local run.
     */
    public StatsResult stats(StatsRequest r, WorkflowListener l, MemberStatistics members) {
        return StatsRun.run(this, r, l, members);
    }

    /**
     * The statistic {@code statistic}, configured with {@code settings}, on members {@code [from, to)}
     * of {@code file}'s dataset {@code dataset}, in member order: what an executor of a cluster engine
     * runs for its row range, with the same code as the local {@code stats}.
     *
     * @param option the request field that named the file ({@code generated} or {@code reference}), for messages
     */
    public List<List<org.orrery.validation.Series>> statisticOfMembers(String statistic, Map<String, ?> settings,
            Path file, String option, String dataset, int from, int to) {
        try (PluginHandle<Statistic> handle = acquire(PluginKind.STATISTIC, statistic, Statistic.class, null)) {
            Statistic stat = PluginSettings.configure(handle.get(), statistic, Statistic.class, settings).instance();
            return StatsRun.members(stat, statistic, file, option, dataset, from, to);
        }
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

    /** Epochs go to the history and the caller's listener; stop requests and checkpoints come from them. */
    private static TrainingListener trainingProgress(List<EpochReport> history, WorkflowListener l,
            TrainingCheckpoints checkpoints) {
        return new TrainingListener() {
            @Override
            public void epoch(EpochReport e) {
                history.add(e);
                l.epoch(e);
            }

            @Override
            public boolean stopRequested() {
                return l.stopRequested();
            }

            @Override
            public org.orrery.posterior.TrainingCheckpoint checkpoint() {
                return checkpoints == null ? org.orrery.posterior.TrainingCheckpoint.NONE : checkpoints;
            }
        };
    }

    /** The header a training run starts with (no epochs yet); a checkpoint keeps it across --resume. */
    private static PosteriorFile.Header runHeader(TrainRequest r, String version, BankView data, Map<String, Object> config) {
        return new PosteriorFile.Header(PosteriorFile.FORMAT_VERSION, r.estimator(), version,
                data.metadata().simulatorId(), data.metadata().simulatorVersion(), data.parameters(),
                data.observable(), config, List.of(), r.bank().toAbsolutePath().toString(), r.seed(),
                OrreryVersion.get(), TrainingCheckpoints.created(null));
    }

    /** The run's header with its epoch history. */
    private static PosteriorFile.Header withHistory(PosteriorFile.Header kept, List<EpochReport> history) {
        return new PosteriorFile.Header(kept.formatVersion(), kept.estimatorId(), kept.estimatorVersion(),
                kept.simulatorId(), kept.simulatorVersion(), kept.parameters(), kept.observable(), kept.config(), history,
                kept.bank(), kept.seed(), kept.orreryVersion(), kept.created());
    }

    /** A stopped training run: nothing written, and where --resume would continue from. */
    private static WorkflowException interrupted(TrainRequest r, TrainingCheckpoints checkpoints, Exception e) {
        return new WorkflowException("training interrupted; nothing was written"
                + (checkpoints != null && Files.exists(r.checkpoints().file()) ? " (--resume continues from " + r.checkpoints().file() + ")" : ""), e);
    }
}
