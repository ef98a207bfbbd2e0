package org.orrery.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.orrery.bank.OrreryVersion;
import org.orrery.campaign.CampaignSpec;
import org.orrery.host.OrreryHost;
import org.orrery.host.PluginHandle;
import org.orrery.io.BadInputException;
import org.orrery.io.Hdf5;
import org.orrery.io.Observation;
import org.orrery.io.ObservationReader;
import org.orrery.plugin.PluginKind;
import org.orrery.posteriorfile.PosteriorFile;
import org.orrery.prior.Prior;
import org.orrery.random.RandomStreams;
import org.orrery.report.Figure;
import org.orrery.report.Figures;
import org.orrery.simulator.Simulator;
import org.orrery.validation.ValidationResult;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Runs a {@link PipelineSpec}: simulate → train → infer (each observation) → simulate held-out →
 * validate → report. Training and inference go through the {@code train} and {@code infer}
 * commands in-process, so a pipeline does exactly what the commands typed by hand would do.
 *
 * <p>Every stage writes a file and a stamp of its inputs under {@code OUT/.stages/}; a re-run skips
 * a stage whose output exists and whose stamp matches (change the seed, the number of simulations,
 * the estimator config … and that stage and everything after it run again).
 */
final class PipelineRunner {

    private static final long PPC_STREAM = Long.MAX_VALUE - 4;

    private final PipelineSpec spec;
    private final HostOptions host;
    private final PrintWriter out;
    private final PrintWriter err;

    PipelineRunner(PipelineSpec spec, HostOptions host, PrintWriter out, PrintWriter err) {
        this.spec = spec;
        this.host = host;
        this.out = out;
        this.err = err;
    }

    /** Runs every stage; returns the report's index.html and the verdicts. */
    ValidationRun.Outcome run() throws IOException {
        Files.createDirectories(spec.out());
        int n = spec.observations().size();
        int stages = 5;
        String simKey = "simulator=" + spec.simulator() + ";prior=" + spec.prior() + ";n=" + spec.simulations()
                + ";seed=" + spec.seed();

        stage(1, stages, "simulate " + spec.simulations() + " " + spec.simulator() + " simulations (seed " + spec.seed()
                + ") -> " + spec.bank());
        try (OrreryHost h = host.start()) {
            preflight(h);
            if (upToDate("simulate", simKey, spec.bank())) {
                skip(spec.bank());
            } else {
                simulate(h, spec.simulations(), spec.seed(), spec.bank());
                stamp("simulate", simKey);
            }
        }

        String trainKey = simKey + ";bank=" + fingerprint(spec.bank()) + ";estimator=" + spec.estimator()
                + ";config=" + spec.config();
        stage(2, stages, "train " + spec.estimator() + " -> " + spec.posterior());
        if (upToDate("train", trainKey, spec.posterior())) {
            skip(spec.posterior());
        } else {
            writeConfig();
            command("train", "--estimator", spec.estimator(), "--bank", spec.bank().toString(), "--out",
                    spec.posterior().toString(), "--seed", Long.toString(spec.seed()), "--config", spec.estimatorConfig().toString());
            stamp("train", trainKey);
        }

        stage(3, stages, n == 0 ? "infer: no observations listed" : "infer " + spec.samples() + " posterior samples for "
                + n + " observation" + (n == 1 ? "" : "s"));
        String postKey = trainKey + ";posterior=" + fingerprint(spec.posterior());
        for (int k = 0; k < n; k++) {
            String obs = spec.observations().get(k);
            Path samples = spec.samplesFile(k);
            String key = postKey + ";obs=" + obs + ":" + fingerprint(PipelineObservations.file(obs)) + ";samples=" + spec.samples();
            if (upToDate("infer_" + (k + 1), key, samples)) {
                skip(samples);
                continue;
            }
            command("infer", "--posterior", spec.posterior().toString(), "--observation", obs, "--num-samples",
                    Integer.toString(spec.samples()), "--out", samples.toString(), "--seed", Long.toString(spec.seed()));
            stamp("infer_" + (k + 1), key);
        }

        String heldKey = "simulator=" + spec.simulator() + ";prior=" + spec.prior() + ";n=" + spec.heldOut() + ";seed="
                + spec.heldOutSeed();
        stage(4, stages, "simulate " + spec.heldOut() + " held-out simulations (seed " + spec.heldOutSeed() + ") -> "
                + spec.heldOutBank());
        try (OrreryHost h = host.start()) {
            if (upToDate("heldout", heldKey, spec.heldOutBank())) {
                skip(spec.heldOutBank());
            } else {
                simulate(h, spec.heldOut(), spec.heldOutSeed(), spec.heldOutBank());
                stamp("heldout", heldKey);
            }

            stage(5, stages, "validate (" + String.join(", ", spec.checks()) + ") and write the report -> " + spec.report());
            ValidationRun.Extras extras = observationExtras(h);
            return ValidationRun.run(h, spec.posterior(), spec.heldOutBank(), spec.checks(), spec.seed(), spec.report(), extras, out);
        }
    }

    /** Every plugin the pipeline names must be there before minutes of simulation are spent. */
    private void preflight(OrreryHost h) {
        need(h, PluginKind.SIMULATOR, spec.simulator(), "simulator");
        need(h, PluginKind.ESTIMATOR, spec.estimator(), "estimator");
        if (spec.prior() != null) {
            need(h, PluginKind.PRIOR, spec.prior(), "prior");
        }
        for (String c : spec.checks()) {
            need(h, PluginKind.VALIDATOR, c, "checks");
        }
    }

    private void need(OrreryHost h, PluginKind kind, String id, String key) {
        if (h.registry().find(kind, id).isEmpty()) {
            List<String> ids = h.registry().plugins().stream().filter(p -> p.kind() == kind).map(p -> p.id()).toList();
            throw new CliException(spec.file() + ": " + key + ": unknown " + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + " '" + id + "'; available: " + (ids.isEmpty() ? "none" : String.join(", ", ids)));
        }
    }

    private void simulate(OrreryHost h, long num, long seed, Path bank) throws IOException {
        try (PluginHandle<Simulator> sim = ValidationRun.acquire(h, PluginKind.SIMULATOR, spec.simulator(), Simulator.class, "simulator");
                PluginHandle<Prior> prior = spec.prior() == null ? null
                        : ValidationRun.acquire(h, PluginKind.PRIOR, spec.prior(), Prior.class, "prior")) {
            Simulator s = prior == null ? sim.get() : new SimulatorWithPrior(sim.get(), prior.get());
            int workers = spec.workers() == null ? Runtime.getRuntime().availableProcessors() : spec.workers();
            // a stale bank from other settings is replaced, never resumed into
            Files.deleteIfExists(bank);
            CampaignSpec c;
            try {
                c = CampaignSpec.of(num, seed, bank).withWorkers(workers);
            } catch (IllegalArgumentException e) {
                throw new CliException(spec.file() + ": " + e.getMessage(), e);
            }
            var r = SimulateCommand.run(s, sim.info().version(), c, err, System.console() != null);
            SimulateCommand.summary(out, r, c);
            out.flush();
        }
    }

    /** Corner plots of each observation's samples (with θ* when a FITS header records it) and a predictive check. */
    private ValidationRun.Extras observationExtras(OrreryHost h) {
        var figures = new ArrayList<Figure>();
        var results = new ArrayList<ValidationResult>();
        var prov = new java.util.LinkedHashMap<String, String>();
        prov.put("pipeline", spec.file().toString());
        prov.put("training_simulations", Long.toString(spec.simulations()));
        if (spec.observations().isEmpty()) {
            return new ValidationRun.Extras(prov, figures, results);
        }
        var header = PosteriorFile.read(spec.posterior()).header();
        try (PluginHandle<Simulator> sim = ValidationRun.acquire(h, PluginKind.SIMULATOR, spec.simulator(), Simulator.class, "simulator")) {
            for (int k = 0; k < spec.observations().size(); k++) {
                String obs = spec.observations().get(k);
                double[][] samples = readSamples(spec.samplesFile(k));
                double[] truth = PipelineObservations.fitsTruth(obs, header.parameters().dimension());
                figures.add(Figures.corner("corner_obs_" + (k + 1), header.parameters(), samples, truth));
                prov.put("observation_" + (k + 1), obs + (truth == null ? "" : "  (TRUTH in header: " + java.util.Arrays.toString(truth) + ")"));
                prov.put("samples_" + (k + 1), spec.samplesFile(k).toString());
                Observation o;
                try {
                    o = ObservationReader.read(obs, header.observable());
                } catch (BadInputException e) {
                    throw new CliException(e.getMessage(), e);
                }
                UniformRandomProvider rng = RandomStreams.forSimulation(spec.seed(), PPC_STREAM - k);
                ValidationResult ppc = PipelinePredictiveCheck.run("ppc_" + (k + 1), PipelineObservations.stem(obs), sim.get(),
                        samples, o.values(), rng);
                out.printf(Locale.ROOT, "  %-9s %s  %s%n", ppc.check(), ppc.passed() ? "PASS" : "FAIL", ppc.summary());
                results.add(ppc);
            }
        }
        return new ValidationRun.Extras(prov, figures, results);
    }

    static double[][] readSamples(Path file) {
        try (HdfFile h = Hdf5.open(file)) {
            Dataset ds = h.getDatasetByPath("/samples");
            return (double[][]) ds.getData();
        } catch (BadInputException e) {
            throw new CliException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new CliException("cannot read posterior samples from " + file + ": " + e.getMessage(), e);
        }
    }

    private void writeConfig() throws IOException {
        byte[] yaml = new ObjectMapper(new YAMLFactory()).writeValueAsBytes(spec.config());
        Files.write(spec.estimatorConfig(), yaml);
    }

    /** Runs one of our own commands in-process; its one-line error has already been printed when it fails. */
    private void command(String... args) {
        var all = new ArrayList<>(List.of(args));
        all.addAll(host.asArguments());
        out.flush();
        int status = Main.commandLine(out, err).execute(all.toArray(String[]::new));
        if (status != 0) {
            throw new StageFailed(args[0], status);
        }
    }

    /** A stage command failed after printing its own cause; {@code run} exits with its status. */
    static final class StageFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        StageFailed(String stage, int status) {
            super("the pipeline stopped at stage '" + stage + "'");
            this.status = status;
        }
    }

    private void stage(int k, int total, String what) {
        out.printf(Locale.ROOT, "== %d/%d  %s%n", k, total, what);
        out.flush();
    }

    private void skip(Path output) {
        out.println("   up to date, kept " + output);
    }

    private Path stampFile(String stage) {
        return spec.out().resolve(".stages").resolve(stage + ".stamp");
    }

    private boolean upToDate(String stage, String key, Path output) throws IOException {
        Path s = stampFile(stage);
        return Files.isRegularFile(output) && Files.isRegularFile(s)
                && Files.readString(s, StandardCharsets.UTF_8).equals(key + "\norrery=" + OrreryVersion.get());
    }

    private void stamp(String stage, String key) throws IOException {
        Files.createDirectories(stampFile(stage).getParent());
        Files.writeString(stampFile(stage), key + "\norrery=" + OrreryVersion.get(), StandardCharsets.UTF_8);
    }

    private static String fingerprint(Path p) throws IOException {
        return Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis();
    }
}
