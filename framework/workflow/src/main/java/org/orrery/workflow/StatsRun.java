package org.orrery.workflow;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.orrery.bank.OrreryVersion;
import org.orrery.data.ArraySpec;
import org.orrery.data.Box;
import org.orrery.host.PluginHandle;
import org.orrery.plugin.PluginKind;
import org.orrery.report.EnsembleComparison;
import org.orrery.report.Figures;
import org.orrery.report.Report;
import org.orrery.validation.Metric;
import org.orrery.validation.Series;
import org.orrery.validation.Statistic;
import org.orrery.validation.ValidationResult;

/**
 * The statistics use case: a statistic plugin on every member of a generated and a reference
 * ensemble (read member by member), the ensemble means compared bin by bin, and the report folder.
 */
final class StatsRun {

    /** A series agrees when P(χ²_dof ≥ χ²) is at least this (bins treated as independent). */
    static final double P_THRESHOLD = 0.01;

    private final String statistic;
    private final String dataset;

    private StatsRun(String statistic, String dataset) {
        this.statistic = statistic;
        this.dataset = dataset;
    }

    static StatsResult run(Workflow workflow, StatsRequest r, WorkflowListener l, MemberStatistics distributed) {
        // cheap checks first: a typo in a path should not cost a host start
        for (Path p : r.generated()) {
            StatsInput.open(p, "generated", r.dataset(), "delta", "positions").close();
        }
        for (Path p : r.reference()) {
            StatsInput.open(p, "reference", r.dataset(), "delta", "positions").close();
        }
        StatsOutput.checkReplaceable(r.out());
        ValidationRun.checkReportTarget(r.out(), r.overwrite());
        StatsRun run = new StatsRun(r.statistic(), r.dataset());
        try (var lock = Workflow.claim(r.out());
                PluginHandle<Statistic> handle = workflow.acquire(PluginKind.STATISTIC, r.statistic(), Statistic.class, null)) {
            var configured = PluginSettings.configure(handle.get(), r.statistic(), Statistic.class, r.settings());
            Statistic stat = configured.instance();
            String[] names = r.dataset() != null ? new String[] {r.dataset()}
                    : acceptsFields(stat) ? new String[] {"delta", "positions"} : new String[] {"positions"};
            long start = System.nanoTime();
            MemberStatistics members = distributed != null ? distributed
                    : (req, file, option, name, n) -> members(stat, req.statistic(), file, option, name, 0, n);
            Ensemble gen = run.compute(stat, r, members, r.generated(), "generated", names);
            Ensemble ref = run.compute(stat, r, members, r.reference(), "reference", names);
            List<StatsOutput.SeriesData> series = run.compare(gen, ref);
            Map<String, Object> attributes = run.provenance(handle.info().version(), gen, ref);
            if (!configured.values().values().isEmpty()) {
                attributes.put("statistic_settings", configured.values().toString());
            }
            Report report = run.report(series, attributes);
            Path written = StatsOutput.write(r.out(), report, attributes, series);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new StatsResult(written, series.stream().allMatch(StatsRun::agrees),
                    run.verdict(series, written, seconds));
        }
    }

    private static boolean agrees(StatsOutput.SeriesData s) {
        return s.comparison().dof() > 0 && s.comparison().pValue() >= P_THRESHOLD;
    }

    /** Every member's statistic output, with what the members were read from. */
    record Ensemble(String label, List<List<Series>> outputs, List<Path> files, String dataset, Box box) {
    }

    private Ensemble compute(Statistic stat, StatsRequest r, MemberStatistics members, List<Path> files, String option,
            String[] names) {
        List<List<Series>> outputs = new ArrayList<>();
        String name = null;
        Box box = null;
        for (Path p : files) {
            int n;
            try (StatsInput in = StatsInput.open(p, option, dataset, names)) {
                if (name != null && !name.equals(in.name())) {
                    throw new WorkflowException(option, ": " + p + " holds /" + in.name() + " but earlier files hold /" + name
                            + "; name the dataset to read", null);
                }
                name = in.name();
                box = box == null ? in.box() : box;
                ArraySpec spec0 = in.spec(0);
                if (!stat.accepts(spec0)) {
                    throw new WorkflowException("statistic " + statistic + " does not accept " + spec0 + " (" + spec0.kind()
                            + ") from " + p + (dataset == null ? "; name another dataset to read" : ""));
                }
                if ("pairwise_velocity".equals(statistic) && !in.hasVelocities()) {
                    throw new WorkflowException(option, p + ": pairwise_velocity needs /" + StatsInput.VELOCITIES
                            + " beside /" + in.name(), null);
                }
                n = in.members();
            }
            // the file is closed again: a cluster's executors open it themselves
            List<List<Series>> got = members.compute(r, p, option, name, n);
            if (got.size() != n) {
                throw new IllegalStateException("the statistic of " + p + " came back for " + got.size() + " of " + n + " members");
            }
            outputs.addAll(got);
        }
        if (outputs.size() < 2) {
            throw new WorkflowException(option, ": the ensemble has " + outputs.size() + " member; comparing means needs at "
                    + "least 2 (pass a bank, or several files)", null);
        }
        return new Ensemble(option, outputs, List.copyOf(files), name, box);
    }

    /**
     * The statistic of members {@code [from, to)} of one file, member after member: the local path, and
     * what every executor of a cluster engine runs on its row range.
     */
    static List<List<Series>> members(Statistic stat, String statistic, Path file, String option, String dataset, int from,
            int to) {
        List<List<Series>> outputs = new ArrayList<>();
        try (StatsInput in = StatsInput.open(file, option, dataset)) {
            if (from < 0 || to > in.members() || from > to) {
                throw new WorkflowException(option, file + ": members [" + from + ", " + to + ") asked of " + in.members(), null);
            }
            for (int m = from; m < to; m++) {
                try {
                    outputs.add(stat.compute(in.values(m), in.spec(m), in.velocities(m), in.box()));
                } catch (IllegalArgumentException e) {
                    throw new WorkflowException(option, file + " member " + m + ": " + statistic + ": " + e.getMessage(), e);
                }
            }
        }
        return outputs;
    }

    private List<StatsOutput.SeriesData> compare(Ensemble gen, Ensemble ref) {
        List<StatsOutput.SeriesData> out = new ArrayList<>();
        for (Series first : gen.outputs().get(0)) {
            String n = first.name();
            double[][] g;
            double[][] r;
            try {
                g = EnsembleComparison.collect(gen.outputs(), n);
                r = EnsembleComparison.collect(ref.outputs(), n);
            } catch (IllegalArgumentException e) {
                throw new WorkflowException(statistic + ": " + e.getMessage()
                        + " (members must share their bins; point sets of different sizes do for xi and pair counts, not for knn_cdf)");
            }
            double[] xr = ref.outputs().get(0).stream().filter(s -> s.name().equals(n)).findFirst().orElseThrow().x();
            if (!EnsembleComparison.sameBins(first.x(), xr)) {
                throw new WorkflowException(statistic + ": generated and reference bins of " + n + " differ (box_length "
                        + gen.box().length() + " vs " + ref.box().length() + " Mpc/h; grid " + gen.box().grid() + " vs "
                        + ref.box().grid() + ")");
            }
            out.add(new StatsOutput.SeriesData(n, first.xLabel(), first.yLabel(), first.x(), g, r,
                    EnsembleComparison.compare(first.x(), g, r), first.binLow(), first.binHigh()));
        }
        if (out.isEmpty()) {
            throw new WorkflowException("statistic " + statistic + " returned no series");
        }
        return out;
    }

    private Map<String, Object> provenance(String version, Ensemble gen, Ensemble ref) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("statistic", statistic);
        a.put("statistic_version", version == null ? "" : version);
        a.put("dataset_generated", gen.dataset());
        a.put("dataset_reference", ref.dataset());
        a.put("generated_files", gen.files().stream().map(p -> p.toAbsolutePath().normalize().toString()).toArray(String[]::new));
        a.put("reference_files", ref.files().stream().map(p -> p.toAbsolutePath().normalize().toString()).toArray(String[]::new));
        a.put("members_generated", gen.outputs().size());
        a.put("members_reference", ref.outputs().size());
        a.put("box_length_generated", gen.box().length());
        a.put("box_length_reference", ref.box().length());
        a.put("orrery_version", OrreryVersion.get());
        a.put("created", Instant.now().toString());
        return a;
    }

    private Report report(List<StatsOutput.SeriesData> series, Map<String, Object> attributes) {
        Report.Builder b = Report.builder("orrery stats: " + statistic + ", generated vs reference");
        attributes.forEach((k, v) -> b.provenance(k, v instanceof String[] s ? String.join(", ", s) : String.valueOf(v)));
        List<String> figureIds = new ArrayList<>();
        for (StatsOutput.SeriesData s : series) {
            EnsembleComparison c = s.comparison();
            Series g = band(s, "generated", c.meanGenerated(), c.standardErrorGenerated());
            Series r = band(s, "reference", c.meanReference(), c.standardErrorReference());
            String id = figureId(statistic + "_" + s.name(), figureIds);
            figureIds.add(id);
            b.figure(Figures.ensembleComparison(id, figureTitle(statistic, s.name()), g,
                    "generated (" + c.membersGenerated() + ", mean ± σ/√n)", r,
                    "reference (" + c.membersReference() + ", mean ± σ/√n)", scale(s.x(), c)));
            boolean passed = c.dof() > 0 && c.pValue() >= P_THRESHOLD;
            String summary = c.dof() == 0 ? "no bin with non-zero scatter to compare"
                    : String.format(Locale.ROOT, "χ²/dof = %.3g over %d bins (p = %.3g), max |Δ/σ| = %.3g; bins treated as "
                            + "independent, agreement when p ≥ %s", c.chi2PerDof(), c.dof(), c.pValue(), c.maxAbsResidual(),
                            P_THRESHOLD);
            Metric perDof = new Metric("chi2_per_dof", c.chi2PerDof(), Double.NaN, "χ²/dof of the mean difference, Δ/σ per bin");
            Metric maxAbs = new Metric("max_abs_residual", c.maxAbsResidual(), Double.NaN, "largest |Δ/σ| over the bins");
            b.result(new ValidationResult(checkId(s.name()), passed, summary,
                    List.of(perDof, maxAbs, Metric.of("chi2", c.chi2()), Metric.of("dof", c.dof()), Metric.of("p_value", c.pValue())),
                    List.of(g, r, new Series("residual", s.xLabel(), "Δ/σ", s.x(), c.residual(), null, null))));
            b.headline(checkId(s.name()), perDof);
            b.headline(checkId(s.name()), maxAbs);
        }
        return b.build();
    }

    private static Series band(StatsOutput.SeriesData s, String name, double[] mean, double[] se) {
        double[] lo = new double[mean.length];
        double[] hi = new double[mean.length];
        for (int i = 0; i < lo.length; i++) {
            lo[i] = mean[i] - se[i];
            hi[i] = mean[i] + se[i];
        }
        return new Series(name, s.xLabel(), s.yLabel(), s.x(), mean, lo, hi);
    }

    /** Log x for positive bins spanning a decade or more; log y too when both bands stay positive. */
    static Figures.Scale scale(double[] x, EnsembleComparison c) {
        boolean logX = x.length > 1 && x[0] > 0 && x[x.length - 1] / x[0] >= 10;
        boolean logY = positiveBand(c.meanGenerated(), c.standardErrorGenerated())
                && positiveBand(c.meanReference(), c.standardErrorReference());
        return logX && logY ? Figures.Scale.LOG_XY : logX ? Figures.Scale.LOG_X : logY ? Figures.Scale.LOG_Y : Figures.Scale.LINEAR;
    }

    private static boolean positiveBand(double[] mean, double[] se) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (int i = 0; i < mean.length; i++) {
            if (!(mean[i] - se[i] > 0)) {
                return false;
            }
            lo = Math.min(lo, mean[i]);
            hi = Math.max(hi, mean[i]);
        }
        // a log axis only helps when the curve spans orders of magnitude
        return mean.length > 0 && hi / lo >= 30;
    }

    private static String checkId(String seriesName) {
        String id = seriesName.replaceAll("[^A-Za-z0-9_.-]", "_");
        id = id.isEmpty() || !Character.isLetterOrDigit(id.charAt(0)) ? "s" + id : id;
        return Report.RESERVED_KEYS.contains(id) ? id + "_series" : id;
    }

    private static String figureId(String raw, List<String> taken) {
        String id = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "_");
        id = id.length() > 60 ? id.substring(0, 60) : id;
        String unique = id;
        for (int k = 2; taken.contains(unique); k++) {
            unique = id + "-" + k;
        }
        return unique;
    }

    /** Statistics of fields: tried on a small even cube and square, as the spec of a real member is not known yet. */
    private static boolean acceptsFields(Statistic stat) {
        return stat.accepts(new ArraySpec("delta", new int[] {8, 8, 8}, "", ArraySpec.Kind.GRID))
                || stat.accepts(new ArraySpec("delta", new int[] {8, 8}, "", ArraySpec.Kind.GRID));
    }

    private String verdict(List<StatsOutput.SeriesData> series, Path written, double seconds) {
        List<String> differ = series.stream()
                .filter(s -> !agrees(s))
                .map(StatsOutput.SeriesData::name).toList();
        String parts = series.stream().map(s -> String.format(Locale.ROOT, "%s χ²/dof %.2f (%d bins), max|Δ/σ| %.2f", s.name(),
                s.comparison().chi2PerDof(), s.comparison().dof(), s.comparison().maxAbsResidual()))
                .collect(Collectors.joining("; "));
        String head = differ.isEmpty() ? statistic + ": generated and reference agree"
                : statistic + ": generated and reference DIFFER in " + String.join(", ", differ);
        return String.format(Locale.ROOT, "%s — %s; report: %s (%.1f s)", head, parts, written, seconds);
    }

    /** "power_spectrum" + "P0" → "power spectrum, monopole P₀" (the figure capitalises it); others "statistic name". */
    static String figureTitle(String statistic, String series) {
        if (series != null && series.matches("P[024]")) {
            String which = switch (series) {
                case "P0" -> "monopole P₀";
                case "P2" -> "quadrupole P₂";
                default -> "hexadecapole P₄";
            };
            return statistic.replace('_', ' ') + ", " + which;
        }
        return statistic + " " + series;
    }
}
