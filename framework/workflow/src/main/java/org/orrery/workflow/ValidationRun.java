package org.orrery.workflow;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.orrery.bank.BankView;
import org.orrery.bank.OrreryVersion;
import org.orrery.diagnostics.TrainingOverlap;
import org.orrery.host.OrreryHost;
import org.orrery.host.PluginHandle;
import org.orrery.io.BadInputException;
import org.orrery.plugin.PluginKind;
import org.orrery.plugin.SettingValues;
import org.orrery.posterior.JointPosterior;
import org.orrery.posterior.Posterior;
import org.orrery.posterior.PosteriorEstimator;
import org.orrery.posteriorfile.PosteriorFile;
import org.orrery.random.RandomStreams;
import org.orrery.report.Figure;
import org.orrery.report.Figures;
import org.orrery.report.Report;
import org.orrery.validation.Series;
import org.orrery.simulator.Simulator;
import org.orrery.validation.ValidationContext;
import org.orrery.validation.ValidationResult;
import org.orrery.validation.Validator;

/**
 * The work of {@code orrery validate}, shared with {@code orrery run}: load a posterior file, run
 * validator plugins over a held-out bank, draw the figures and write the report folder.
 */
public final class ValidationRun {

    static final int CORNER_SAMPLES = 2000;

    /** The checks of a joint field posterior when none are named: the field check, then SBC and TARP for θ. */
    public static final List<String> JOINT_DEFAULT_CHECKS = List.of("fields", "sbc", "tarp");

    /**
     * sbc/tarp pairs and draws per pair for a joint field posterior when not set: every draw integrates
     * a U-Net SDE, so the vector defaults (200 × 1000) would take hours.
     */
    static final int JOINT_PAIRS = 100;
    static final int JOINT_SAMPLES = 100;

    /** Joint draws at held-out simulation 1 for the θ corner and the field slices of a joint posterior. */
    static final int JOINT_FIGURE_DRAWS = 32;

    static {
        // figures are drawn off-screen; without this a stray DISPLAY would make AWT try to connect
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ValidationRun() {
    }

    /** A posterior file loaded through its estimator plugin; close it to release the plugin. */
    public record Loaded(PosteriorFile.Header header, Posterior posterior, String estimatorVersion,
            PluginHandle<PosteriorEstimator> handle, PosteriorFile.Contents contents) implements AutoCloseable {
        @Override
        public void close() {
            handle.close();
        }
    }

    /** Figures, results and provenance that {@code run} adds for its observations. */
    record Extras(Map<String, String> provenance, List<Figure> figures, Simulator simulator,
            List<ValidationContext.Observed> observations, Map<String, Object> ppcSettings) {
        Extras {
            provenance = Map.copyOf(provenance);
            figures = List.copyOf(figures);
            observations = List.copyOf(observations);
            ppcSettings = ppcSettings == null ? Map.of() : ppcSettings;
        }

        static Extras none() {
            return new Extras(Map.of(), List.of(), null, List.of(), Map.of());
        }
    }

    /**
     * What validation must not do silently.
     *
     * @param overwrite     replace an existing report folder
     * @param allowSameBank run on a held-out bank that repeats the training data (warned about and recorded)
     */
    public record Guards(boolean overwrite, boolean allowSameBank) {
    }

    /** The predictive check's plugin id. */
    static final String PPC = "ppc";

    /** What was written and whether every check passed. */
    public record Outcome(Path index, List<ValidationResult> results) {
        public boolean allPassed() {
            return results.stream().allMatch(ValidationResult::passed);
        }
    }

    public static Loaded load(OrreryHost host, Path file) {
        PosteriorFile.Contents contents;
        try {
            contents = PosteriorFile.read(file);
        } catch (BadInputException e) {
            throw new WorkflowException(e.getMessage(), e);
        }
        PluginHandle<PosteriorEstimator> handle = acquire(host, PluginKind.ESTIMATOR, contents.header().estimatorId(),
                PosteriorEstimator.class, "the posterior's estimator");
        try {
            Posterior q = handle.get().read(new ByteArrayInputStream(contents.payload()));
            return new Loaded(contents.header(), q, handle.info().version(), handle, contents);
        } catch (IOException | RuntimeException e) {
            handle.close();
            throw new WorkflowException("cannot read the posterior payload of " + file + ": " + e.getMessage(), e);
        }
    }

    static <T> PluginHandle<T> acquire(OrreryHost host, PluginKind kind, String id, Class<T> type, String what) {
        try {
            return host.acquire(kind, id, type);
        } catch (IllegalArgumentException e) {
            throw new WorkflowException(what + ": " + e.getMessage(), e);
        }
    }

    /** Held-out bank read and checked against the posterior: same parameters, observable and simulator. */
    static BankView heldOut(Path file, PosteriorFile.Header header) {
        BankView bank = Workflow.openBank(file);
        try {
            check(bank, file, header);
            return bank;
        } catch (RuntimeException e) {
            bank.close();
            throw e;
        }
    }

    private static void check(BankView bank, Path file, PosteriorFile.Header header) {
        var m = bank.metadata();
        if (!header.simulatorId().isEmpty() && !header.simulatorId().equals(m.simulatorId())) {
            throw new WorkflowException("held-out bank " + file + " was simulated by " + m.simulatorId()
                    + ", but the posterior was trained on " + header.simulatorId());
        }
        if (!m.parameters().names().equals(header.parameters().names())) {
            throw new WorkflowException("held-out bank " + file + " has parameters " + m.parameters().names()
                    + ", the posterior " + header.parameters().names());
        }
        if (!m.observable().equals(header.observable())) {
            throw new WorkflowException("held-out bank " + file + " has observable " + m.observable()
                    + ", the posterior expects " + header.observable());
        }
        if (bank.size() == 0) {
            throw new WorkflowException("held-out bank " + file + " has no successful simulations");
        }
    }

    /**
     * Runs {@code checks} (validator ids, in order) and writes the report into {@code out}. Every
     * validator is acquired before any runs, so an unknown id costs nothing.
     */
    static Outcome run(OrreryHost host, Path posteriorFile, Path heldOutFile, List<String> checks,
            Map<String, Map<String, Object>> settings, long seed, Path out, Guards guards, Extras extras, WorkflowListener o) {
        if (checks.isEmpty()) {
            throw new WorkflowException("checks", "is empty; name at least one check, e.g. sbc", null);
        }
        if (checks.stream().distinct().count() != checks.size()) {
            throw new WorkflowException("checks", "names a check twice: " + String.join(",", checks), null);
        }
        boolean defaultChecks = checks.equals(ValidateRequest.DEFAULT_CHECKS);
        if (!defaultChecks) {
            checkSettingsKeys(checks, settings);
        }
        // everything that would stop the report from being written is checked before any check runs
        checkReportTarget(out, guards.overwrite());
        List<PluginHandle<Validator>> validators = new ArrayList<>();
        List<AutoCloseable> closeLater = new ArrayList<>();
        try (var lock = Workflow.claim(out); Loaded loaded = load(host, posteriorFile)) {
            BankView bank = heldOut(heldOutFile, loaded.header());
            closeLater.add(bank);
            String overlap = TrainingOverlap.check(loaded.contents(), heldOutFile, bank.metadata()).orElse(null);
            if (overlap != null && !guards.allowSameBank()) {
                throw new SameBankException(overlap);
            }
            if (overlap != null) {
                o.message("WARNING: " + overlap + ". Checks on it measure how well the network remembers its training"
                        + " data, not calibration: they pass when they should not. The report records this.");
            }
            boolean joint = loaded.posterior() instanceof JointPosterior;
            settings = new LinkedHashMap<>(settings);
            if (joint && defaultChecks) {
                checks = JOINT_DEFAULT_CHECKS;
                o.message("a joint posterior of θ and fields: running the checks " + String.join(", ", checks));
            }
            checkSettingsKeys(checks, settings);
            if (joint) {
                for (String id : List.of("sbc", "tarp", "coverage")) {
                    if (checks.contains(id) && !settings.containsKey(id)) {
                        int pairs = Math.min(JOINT_PAIRS, bank.size());
                        settings.put(id, Map.of("pairs", pairs, "samples", JOINT_SAMPLES));
                        o.message(String.format(Locale.ROOT, "%s on a joint field posterior: %d pairs × %d draws unless set"
                                + " (each draw integrates the field SDE)", id, pairs, JOINT_SAMPLES));
                    }
                }
            }
            // the simulator, for checks that run it (the field check forward-models draws); only a joint
            // posterior's checks do, so no other validation loads the simulator plugin
            SimulatorSession simulator = extras.simulator() != null ? new SimulatorSession(extras.simulator(), null)
                    : joint ? SimulatorSession.of(host, bank.metadata(), o) : new SimulatorSession(null, null);
            closeLater.add(simulator);
            var context = new ValidationContext(java.util.Optional.ofNullable(simulator.simulator()), List.of());
            List<Validator> configured = new ArrayList<>();
            List<SettingValues> used = new ArrayList<>();
            for (String id : checks) {
                PluginHandle<Validator> v = acquire(host, PluginKind.VALIDATOR, id, Validator.class, "checks");
                validators.add(v);
                var c = PluginSettings.configure(v.get(), id, Validator.class, settings.getOrDefault(id, Map.of()));
                configured.add(c.instance());
                used.add(c.values());
            }
            var h = loaded.header();
            var bm = bank.metadata();

            List<ValidationResult> results = new ArrayList<>();
            List<Figure> figures = new ArrayList<>();
            for (int k = 0; k < checks.size(); k++) {
                String id = checks.get(k);
                o.message(String.format(Locale.ROOT, "running %s on %d held-out simulations …", id, bank.size()));
                long t0 = System.nanoTime();
                ValidationResult r;
                try {
                    r = configured.get(k).validate(loaded.posterior(), bank, context,
                            RandomStreams.reserved(seed, RandomStreams.Reserved.VALIDATOR, id.hashCode() & 0xFFFFF));
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw new WorkflowException("check " + id + ": " + e.getMessage(), e);
                }
                // the report files results under their check id; a plugin answering another id is a plugin bug
                if (!id.equals(r.check())) {
                    r = new ValidationResult(id, r.passed(), r.summary(), r.metrics(), r.series());
                }
                results.add(r);
                figures.addAll(figuresOf(r, h));
                o.check(r, (System.nanoTime() - t0) / 1e9);
            }
            results.addAll(predictiveChecks(host, loaded.posterior(), bank, extras, seed, o));
            if (!h.history().isEmpty()) {
                figures.add(Figures.trainingCurves("training", h.history()));
            }
            double[] x0 = bank.x(0);
            if (loaded.posterior() instanceof JointPosterior jp) {
                // one batch of joint draws gives the θ corner and the field slices
                figures.addAll(FieldFigures.of(jp, bank, h.parameters(), JOINT_FIGURE_DRAWS,
                        RandomStreams.reserved(seed, RandomStreams.Reserved.CORNER)));
            } else {
                double[][] draws = loaded.posterior().sample(x0, CORNER_SAMPLES, RandomStreams.reserved(seed, RandomStreams.Reserved.CORNER));
                figures.add(Figures.corner("corner_heldout_1", h.parameters(), draws, bank.theta(0)));
            }
            figures.addAll(extras.figures());

            var report = Report.builder("Validation of the " + h.estimatorId() + " posterior for " + bm.simulatorId());
            Map<String, String> prov = new LinkedHashMap<>();
            prov.put("orrery_version", OrreryVersion.get());
            prov.put("created", Instant.now().toString());
            prov.put("posterior_file", posteriorFile.toAbsolutePath().normalize().toString());
            prov.put("estimator", h.estimatorId() + " " + h.estimatorVersion()
                    + (Objects.equals(h.estimatorVersion(), loaded.estimatorVersion()) ? "" : " (loaded with " + loaded.estimatorVersion() + ")"));
            prov.put("estimator_config", h.config().toString());
            prov.put("training_bank", h.bank());
            prov.put("training_seed", Long.toString(h.seed()));
            prov.put("posterior_written_by", "Orrery " + h.orreryVersion() + " at " + h.created());
            prov.put("simulator", bm.simulatorId() + " " + bm.simulatorVersion());
            prov.put("prior", bm.prior());
            prov.put("heldout_bank", heldOutFile.toAbsolutePath().normalize().toString());
            prov.put("heldout_seed", Long.toString(bm.seed()));
            prov.put("heldout_simulations", bank.size() + " ok of " + bm.numRequested());
            loaded.contents().training().ifPresent(t -> {
                prov.put("training_bank_sha256", t.sha256());
                if (!t.prior().isEmpty()) {
                    prov.put("training_prior", t.prior());
                }
            });
            if (overlap != null) {
                prov.put("training_overlap", "WARNING: " + overlap + "; the checks were run anyway at the user's request"
                        + " and measure memory, not calibration");
            }
            prov.put("validation_seed", Long.toString(seed));
            if (joint) {
                prov.put("forward_model", simulator.describe());
            }
            for (int k = 0; k < checks.size(); k++) {
                var info = validators.get(k).info();
                prov.put("check_" + checks.get(k), info.name() + " " + info.version() + " (" + info.bundle() + ")"
                        + (used.get(k).values().isEmpty() ? "" : "; settings: " + used.get(k)));
            }
            prov.putAll(extras.provenance());
            report.provenance(prov).results(results).figures(figures);
            Path dir;
            try {
                dir = report.build().writeTo(out);
            } catch (IOException | IllegalArgumentException e) {
                throw new WorkflowException("cannot write the report " + out + ": " + e.getMessage(), e);
            }
            return new Outcome(dir.resolve("index.html"), results);
        } finally {
            validators.forEach(PluginHandle::close);
            for (AutoCloseable c : closeLater) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // a read-only bank file; nothing to lose
                }
            }
        }
    }

    private static void checkSettingsKeys(List<String> checks, Map<String, Map<String, Object>> settings) {
        for (String id : settings.keySet()) {
            if (!checks.contains(id)) {
                throw new WorkflowException("settings are given for " + id + ", which is not among the checks "
                        + String.join(", ", checks));
            }
        }
    }

    /**
     * Fails now, before minutes of checks, when the report could not be written: {@code out} is a file,
     * no existing folder above it is writable, or it is a finished report and {@code overwrite} is off,
     * or a non-empty folder that is not a report. Creates the folders above {@code out}.
     */
    static void checkReportTarget(Path out, boolean overwrite) {
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new WorkflowException("out", "names a file, not a report folder: " + out, null);
        }
        Path existing = target.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new WorkflowException("out", ": cannot write the report " + out + ": "
                    + (existing == null ? "no folder above it exists" : existing + " is not a writable folder"), null);
        }
        if (Files.isDirectory(target)) {
            boolean empty;
            try (var s = Files.list(target)) {
                empty = s.findAny().isEmpty();
            } catch (IOException e) {
                throw new WorkflowException("out", ": cannot read " + out + ": " + e.getMessage(), e);
            }
            if (!empty && !Files.isRegularFile(target.resolve("metrics.json"))) {
                throw new WorkflowException("out", out + " is a non-empty folder that is not an Orrery report;"
                        + " choose another folder", null);
            }
            if (!empty && !overwrite) {
                throw new OutputExistsException(out, "report");
            }
        }
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new WorkflowException("out", ": cannot create " + target.getParent() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The predictive check of each observation: the {@code ppc} validator, reaching the simulator
     * and the observation through the validation context. Without a {@code ppc} plugin installed
     * the report says so instead.
     */
    private static List<ValidationResult> predictiveChecks(OrreryHost host, Posterior posterior, BankView bank, Extras extras,
            long seed, WorkflowListener o) {
        if (extras.observations().isEmpty() || extras.simulator() == null) {
            return List.of();
        }
        if (host.registry().find(PluginKind.VALIDATOR, PPC).isEmpty()) {
            o.message("note: no '" + PPC + "' validator is installed; the observations get no predictive check");
            return List.of();
        }
        List<ValidationResult> out = new ArrayList<>();
        try (PluginHandle<Validator> h = acquire(host, PluginKind.VALIDATOR, PPC, Validator.class, "checks")) {
            Validator ppc = PluginSettings.configure(h.get(), PPC, Validator.class, extras.ppcSettings()).instance();
            for (int k = 0; k < extras.observations().size(); k++) {
                var context = new ValidationContext(java.util.Optional.of(extras.simulator()),
                        List.of(extras.observations().get(k)));
                ValidationResult r;
                try {
                    r = ppc.validate(posterior, bank, context, RandomStreams.reserved(seed, RandomStreams.Reserved.PREDICTIVE_CHECK, k));
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw new WorkflowException("check " + PPC + ": " + e.getMessage(), e);
                }
                r = new ValidationResult(PPC + "_" + (k + 1), r.passed(), r.summary(), r.metrics(), r.series());
                o.message(String.format(Locale.ROOT, "  %-9s %s  %s", r.check(), r.passed() ? "PASS" : "FAIL", r.summary()));
                out.add(r);
            }
        }
        return out;
    }

    /** The standard figure of each calibration check, by the series it returns. */
    static List<Figure> figuresOf(ValidationResult r, PosteriorFile.Header h) {
        if (r.series().isEmpty()) {
            return List.of();
        }
        String id = r.check().replaceAll("[^A-Za-z0-9_-]", "_").toLowerCase(Locale.ROOT);
        List<Series> ranks = r.series().stream().filter(s -> s.name().startsWith("sbc_ranks")).toList();
        if (ranks.size() == r.series().size() && ranks.size() == h.parameters().dimension()) {
            return List.of(Figures.sbcRanks(id + "_ranks", h.parameters(), ranks));
        }
        if (r.series().size() == 1 && r.series().get(0).name().equals("tarp_ecp")) {
            return List.of(Figures.tarp(id, r.series().get(0)));
        }
        if (r.series().size() == 1 && r.series().get(0).name().equals("hpd_coverage")) {
            return List.of(Figures.hpdCoverage(id, r.series().get(0)));
        }
        Map<String, List<Series>> byAxis = new LinkedHashMap<>();
        for (Series s : r.series()) {
            byAxis.computeIfAbsent(s.yLabel() == null ? "" : s.yLabel(), k -> new ArrayList<>()).add(s);
        }
        if (byAxis.size() == 1) {
            return List.of(Figures.curves(id, r.check(), r.series()));
        }
        // curves of different quantities (r(k), T(k), coverage, P(k)) each get their own axes
        List<Figure> out = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (var e : byAxis.entrySet()) {
            String slug = e.getKey().replace("ξ", "xi").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
            String fid = (id + "_" + slug);
            fid = fid.length() > 60 ? fid.substring(0, 60) : fid;
            while (!ids.add(fid)) {
                fid = fid + "x";
            }
            out.add(Figures.curves(fid, r.check() + ": " + e.getKey(), e.getValue()));
        }
        return out;
    }
}
