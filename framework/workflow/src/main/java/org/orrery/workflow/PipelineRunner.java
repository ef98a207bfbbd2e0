package org.orrery.workflow;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.orrery.bank.OrreryVersion;
import org.orrery.host.OrreryHost;
import org.orrery.host.PluginHandle;
import org.orrery.io.BadInputException;
import org.orrery.io.Hdf5;
import org.orrery.io.Observation;
import org.orrery.io.ObservationReader;
import org.orrery.plugin.PluginKind;
import org.orrery.posteriorfile.PosteriorFile;
import org.orrery.prior.Prior;
import org.orrery.report.Figure;
import org.orrery.report.Figures;
import org.orrery.simulator.Simulator;
import org.orrery.validation.ValidationContext;

/**
 * Runs a {@link PipelineSpec}: simulate → train → infer (each observation) → simulate held-out →
 * validate → report, every stage a call of the same {@link Workflow} use case that the single
 * commands call, in one host session: a pipeline does exactly what the commands typed by hand would
 * do, without passing anything through argument strings or files it has just written.
 *
 * <p>Every stage writes a file and a stamp of its inputs under {@code OUT/.stages/}; a re-run skips
 * a stage whose output exists and whose stamp matches (change the seed, the number of simulations,
 * the estimator config … and that stage and everything after it run again).
 */
public final class PipelineRunner {

    private final PipelineSpec spec;
    private final Workflow workflow;
    private final WorkflowListener out;
    /** Samples drawn by this run's infer stage, by observation; a stage that was up to date reads its file. */
    private final Map<Integer, double[][]> drawn = new HashMap<>();
    /** The out-of-distribution line of each observation scored by this run's infer stage. */
    private final Map<Integer, String> ood = new HashMap<>();
    /** The simulator held for the predictive checks, released when the run ends. */
    private PluginHandle<Simulator> simulatorHandle;

    PipelineRunner(PipelineSpec spec, Workflow workflow, WorkflowListener out) {
        this.spec = spec;
        this.workflow = workflow;
        this.out = out;
    }

    /** Runs every stage; returns the report's index.html and the verdicts. */
    ValidationRun.Outcome run() throws IOException {
        Files.createDirectories(spec.out());
        int n = spec.observations().size();
        int stages = 5;
        String simKey = "simulator=" + spec.simulator() + ";prior=" + spec.prior() + ";n=" + spec.simulations()
                + ";seed=" + spec.seed() + settingsKey(spec.simulator());

        stage(1, stages, "simulate " + spec.simulations() + " " + spec.simulator() + " simulations (seed " + spec.seed()
                + ") -> " + spec.bank());
        preflight(workflow.host());
        if (upToDate("simulate", simKey, spec.bank())) {
            skip(spec.bank());
        } else {
            simulate(spec.simulations(), spec.seed(), spec.bank());
            stamp("simulate", simKey);
        }

        String trainKey = simKey + ";bank=" + fingerprint(spec.bank()) + ";estimator=" + spec.estimator()
                + ";config=" + spec.estimatorSettings();
        stage(2, stages, "train " + spec.estimator() + " -> " + spec.posterior());
        if (upToDate("train", trainKey, spec.posterior())) {
            skip(spec.posterior());
        } else {
            TrainResult t = workflow.train(new TrainRequest(spec.estimator(), spec.bank(), spec.posterior(), spec.seed(),
                    spec.estimatorSettings()), out);
            out.message(String.format(Locale.ROOT, "wrote %s (%d epochs%s, %s)", t.out(), t.history().size(),
                    t.history().isEmpty() ? "" : String.format(Locale.ROOT, ", best validation loss %.4f", t.bestValidationLoss()),
                    Durations.format(t.seconds())));
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
            InferResult r = workflow.infer(new InferRequest(spec.posterior(), obs, spec.samples(), samples, spec.seed()), out);
            out.message(String.format(Locale.ROOT, "wrote %d samples of %s to %s (%.2f s)", spec.samples(),
                    String.join(", ", r.parameters()), r.out(), r.seconds()));
            drawn.put(k, r.samples());
            if (r.ood() != null) {
                ood.put(k, (r.ood().warn() ? "WARNING: " : "") + r.ood().summary());
            }
            stamp("infer_" + (k + 1), key);
        }

        String heldKey = "simulator=" + spec.simulator() + ";prior=" + spec.prior() + ";n=" + spec.heldOut() + ";seed="
                + spec.heldOutSeed() + settingsKey(spec.simulator());
        stage(4, stages, "simulate " + spec.heldOut() + " held-out simulations (seed " + spec.heldOutSeed() + ") -> "
                + spec.heldOutBank());
        if (upToDate("heldout", heldKey, spec.heldOutBank())) {
            skip(spec.heldOutBank());
        } else {
            simulate(spec.heldOut(), spec.heldOutSeed(), spec.heldOutBank());
            stamp("heldout", heldKey);
        }

        stage(5, stages, "validate (" + String.join(", ", spec.checks()) + ") and write the report -> " + spec.report());
        ValidationRun.Extras extras = observationExtras(workflow.host());
        Map<String, Map<String, Object>> checkSettings = new java.util.LinkedHashMap<>();
        for (String c : spec.checks()) {
            if (spec.settings().containsKey(c)) {
                checkSettings.put(c, spec.settings().get(c));
            }
        }
        try {
            // a pipeline re-run replaces its own report; its held-out bank has its own seed
            return ValidationRun.run(workflow.host(), spec.posterior(), spec.heldOutBank(), spec.checks(), checkSettings,
                    spec.seed(), spec.report(), new ValidationRun.Guards(true, false), extras, out);
        } finally {
            if (simulatorHandle != null) {
                simulatorHandle.close();
            }
        }
    }

    private String settingsKey(String id) {
        Map<String, Object> s = spec.settings().get(id);
        return s == null || s.isEmpty() ? "" : ";settings=" + new java.util.TreeMap<>(s);
    }

    /** Every plugin the pipeline names must be there before minutes of simulation are spent. */
    private void preflight(OrreryHost h) {
        need(h, PluginKind.SIMULATOR, spec.simulator(), "simulator");
        need(h, PluginKind.ESTIMATOR, spec.estimator(), "estimator");
        if (spec.prior() != null && !PriorChoice.isText(spec.prior()) && h.registry().find(PluginKind.PRIOR, spec.prior()).isEmpty()) {
            throw new WorkflowException(spec.file() + ": prior: '" + spec.prior() + "' is neither prior text nor an installed"
                    + " prior plugin; give it as text, e.g. normal(0, 1) for every parameter or one per parameter, with"
                    + " families " + org.orrery.priors.PriorText.FAMILIES);
        }
        for (String c : spec.checks()) {
            need(h, PluginKind.VALIDATOR, c, "checks");
        }
        for (String id : spec.settings().keySet()) {
            boolean named = id.equals(spec.simulator()) || id.equals(spec.estimator()) || id.equals(spec.prior())
                    || spec.checks().contains(id) || (id.equals(ValidationRun.PPC) && !spec.observations().isEmpty());
            if (!named) {
                throw new WorkflowException(spec.file() + ": settings: '" + id + "' is not a plugin this pipeline uses ("
                        + String.join(", ", usedPlugins()) + ")");
            }
        }
    }

    private List<String> usedPlugins() {
        List<String> ids = new ArrayList<>(List.of(spec.simulator(), spec.estimator()));
        if (spec.prior() != null && !PriorChoice.isText(spec.prior())) {
            ids.add(spec.prior());
        }
        ids.addAll(spec.checks());
        return ids;
    }

    private void need(OrreryHost h, PluginKind kind, String id, String key) {
        if (h.registry().find(kind, id).isEmpty()) {
            List<String> ids = h.registry().plugins().stream().filter(p -> p.kind() == kind).map(p -> p.id()).toList();
            throw new WorkflowException(spec.file() + ": " + key + ": unknown " + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + " '" + id + "'; available: " + (ids.isEmpty() ? "none" : String.join(", ", ids)));
        }
    }

    private void simulate(long num, long seed, Path bank) throws IOException {
        // a stale bank from other settings is replaced, never resumed into
        Files.deleteIfExists(bank);
        SimulateRequest r;
        try {
            r = SimulateRequest.of(spec.simulator(), num, seed, bank).withPrior(spec.prior()).withWorkers(spec.workers())
                    .withSettings(spec.settings().getOrDefault(spec.simulator(), Map.of()));
        } catch (WorkflowException e) {
            throw new WorkflowException(spec.file() + ": " + e.getMessage(), e);
        }
        SimulateResult result = workflow.simulate(r.withOverwrite(true), out);
        out.message(Summaries.simulate(result));
    }

    /** Corner plots of each observation's samples (with θ* when a FITS header records it), and what the predictive checks need. */
    private ValidationRun.Extras observationExtras(OrreryHost h) {
        var figures = new ArrayList<Figure>();
        var observed = new ArrayList<ValidationContext.Observed>();
        var prov = new java.util.LinkedHashMap<String, String>();
        prov.put("pipeline", spec.file().toString());
        prov.put("training_simulations", Long.toString(spec.simulations()));
        spec.settings().forEach((id, s) -> prov.put("settings_" + id, s.toString()));
        if (spec.observations().isEmpty()) {
            return new ValidationRun.Extras(prov, figures, null, observed, Map.of());
        }
        var header = PosteriorFile.read(spec.posterior()).header();
        for (int k = 0; k < spec.observations().size(); k++) {
            String obs = spec.observations().get(k);
            double[][] samples = drawn.containsKey(k) ? drawn.get(k) : readSamples(spec.samplesFile(k));
            double[] truth = PipelineObservations.fitsTruth(obs, header.parameters().dimension());
            figures.add(Figures.corner("corner_obs_" + (k + 1), header.parameters(), samples, truth));
            prov.put("observation_" + (k + 1), obs + (truth == null ? "" : "  (TRUTH in header: " + java.util.Arrays.toString(truth) + ")"));
            prov.put("samples_" + (k + 1), spec.samplesFile(k).toString());
            String score = ood.containsKey(k) ? ood.get(k) : recordedOod(spec.samplesFile(k));
            if (score != null) {
                prov.put("observation_" + (k + 1) + "_out_of_distribution", score);
            }
            try {
                Observation o = ObservationReader.read(obs, header.observable());
                observed.add(new ValidationContext.Observed(PipelineObservations.stem(obs), o.values()));
            } catch (BadInputException e) {
                throw new WorkflowException(e.getMessage(), e);
            }
        }
        // the simulator as the banks were made: same plugin, same settings
        simulatorHandle = workflow.acquire(PluginKind.SIMULATOR, spec.simulator(), Simulator.class, null);
        Simulator simulator = PluginSettings.configure(simulatorHandle.get(), spec.simulator(), Simulator.class,
                spec.settings().getOrDefault(spec.simulator(), Map.of())).instance();
        return new ValidationRun.Extras(prov, figures, simulator, observed, spec.settings().getOrDefault("ppc", Map.of()));
    }

    /** The out-of-distribution score an earlier run recorded in a samples file, as one line, or null. */
    static String recordedOod(Path file) {
        try (HdfFile h = Hdf5.open(file)) {
            var a = h.getAttributes();
            if (!a.containsKey("ood_mahalanobis")) {
                return a.containsKey("ood_score") ? String.valueOf(a.get("ood_score").getData()) : null;
            }
            return ("true".equals(String.valueOf(a.get("ood_warning").getData())) ? "WARNING: outside the training distribution; " : "")
                    + "Mahalanobis distance " + a.get("ood_mahalanobis").getData() + ", fraction of training simulations farther away "
                    + a.get("ood_fraction_farther").getData();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Samples of an observation whose infer stage was up to date (written by an earlier run). */
    public static double[][] readSamples(Path file) {
        try (HdfFile h = Hdf5.open(file)) {
            Dataset ds = h.getDatasetByPath("/samples");
            return (double[][]) ds.getData();
        } catch (BadInputException e) {
            throw new WorkflowException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new WorkflowException("cannot read posterior samples from " + file + ": " + e.getMessage(), e);
        }
    }

    private void stage(int k, int total, String what) {
        out.message(String.format(Locale.ROOT, "== %d/%d  %s", k, total, what));
    }

    private void skip(Path output) {
        out.message("   up to date, kept " + output);
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
