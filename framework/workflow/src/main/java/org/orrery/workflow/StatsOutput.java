package org.orrery.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.orrery.io.AtomicFiles;
import org.orrery.io.Hdf5Writer;
import org.orrery.report.EnsembleComparison;
import org.orrery.report.Report;

/**
 * The report folder of the statistics use case: the {@link Report} files plus {@code statistics.h5}.
 * Everything is written into a hidden staging folder beside the target and renamed into place at
 * the end, so a failure leaves no report (or the previous one), never a half-written one.
 */
public final class StatsOutput {

    public static final String STATISTICS_FILE = "statistics.h5";
    public static final String FORMAT = "orrery-statistics";
    static final int FORMAT_VERSION = 1;

    /** Per-member values of one series for both ensembles, with the comparison of their means. */
    record SeriesData(String name, String xLabel, String yLabel, double[] x, double[][] generated, double[][] reference,
                      EnsembleComparison comparison, double[] binLow, double[] binHigh) {
    }

    private StatsOutput() {
    }

    /**
     * Fails early (before any statistic is computed) when {@code out} exists and may not be replaced:
     * a file, or a non-empty folder that is not an Orrery report.
     */
    static void checkReplaceable(Path out) {
        Path target = out.toAbsolutePath().normalize();
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new WorkflowException("out", out + " exists and is not a folder", null);
        }
        try (Stream<Path> s = Files.list(target)) {
            if (s.findAny().isEmpty()) {
                return;
            }
        } catch (IOException e) {
            throw new WorkflowException("out", out + ": cannot list it: " + AtomicFiles.describe(e), e);
        }
        try {
            JsonNode node = new ObjectMapper().readTree(target.resolve("metrics.json").toFile());
            if (node.path("format").asText("").startsWith("orrery-report/")) {
                return;
            }
        } catch (IOException notAReport) {
            // refused below
        }
        throw new WorkflowException("out", out + " is a non-empty folder that is not an Orrery report; choose another "
                + "folder or remove it", null);
    }

    /** Writes the report and statistics.h5 and moves them into {@code out} in one rename. */
    static Path write(Path out, Report report, Map<String, Object> attributes, List<SeriesData> series) {
        checkReplaceable(out);
        Path target = out.toAbsolutePath().normalize();
        Path parent = target.getParent();
        Path staging = null;
        try {
            Files.createDirectories(parent);
            staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".stats-");
            Path folder = report.writeTo(staging.resolve("report"));
            writeStatistics(folder.resolve(STATISTICS_FILE), attributes, series);
            AtomicFiles.replaceDirectory(folder, target);
            return target;
        } catch (IOException e) {
            throw new WorkflowException("cannot write the report " + out + ": " + AtomicFiles.describe(e), e);
        } finally {
            if (staging != null) {
                AtomicFiles.deleteTree(staging);
            }
        }
    }

    /**
     * statistics.h5 (written by {@link Hdf5Writer}): root attributes (provenance), and one group per
     * series holding {@code x} [bins] (the value the statistic reports per bin: a centre or a
     * mode-weighted mean), for a binned statistic its bin edges {@code x_low} and {@code x_high} [bins]
     * (bin i is [x_low, x_high), lower edge inclusive), {@code generated} [members, bins],
     * {@code reference} [members, bins], the means, sample standard deviations and residuals Δ/σ, with
     * χ², dof and max |Δ/σ| as group attributes.
     */
    static void writeStatistics(Path file, Map<String, Object> attributes, List<SeriesData> series) {
        AtomicFiles.write(file, tmp -> {
            try (Hdf5Writer w = Hdf5Writer.create(tmp)) {
                Hdf5Writer.Group h = w.root();
                h.attribute("format", FORMAT);
                h.attribute("format_version", FORMAT_VERSION);
                attributes.forEach(h::attribute);
                h.attribute("series", series.stream().map(SeriesData::name).toArray(String[]::new));
                for (SeriesData s : series) {
                    EnsembleComparison c = s.comparison();
                    Hdf5Writer.Group g = h.group(s.name());
                    g.attribute("x_label", s.xLabel() == null ? "" : s.xLabel());
                    g.attribute("y_label", s.yLabel() == null ? "" : s.yLabel());
                    g.attribute("chi2", c.chi2());
                    g.attribute("dof", c.dof());
                    g.attribute("chi2_per_dof", c.chi2PerDof());
                    g.attribute("max_abs_residual", c.maxAbsResidual());
                    g.attribute("p_value", c.pValue());
                    vector(g, "x", s.x());
                    if (s.binLow() != null) {
                        vector(g, "x_low", s.binLow());
                        vector(g, "x_high", s.binHigh());
                    }
                    matrix(g, "generated", s.generated());
                    matrix(g, "reference", s.reference());
                    vector(g, "mean_generated", c.meanGenerated());
                    vector(g, "sigma_generated", c.sigmaGenerated());
                    vector(g, "mean_reference", c.meanReference());
                    vector(g, "sigma_reference", c.sigmaReference());
                    vector(g, "residual", c.residual());
                }
            }
        });
    }

    private static void vector(Hdf5Writer.Group g, String name, double[] v) {
        g.doubles(name, v, v.length);
    }

    /** Rows of equal length as one [rows, columns] dataset. */
    private static void matrix(Hdf5Writer.Group g, String name, double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        Hdf5Writer.DoubleRows out = g.doubleRows(name, rows.length, cols);
        for (double[] r : rows) {
            out.put(r);
        }
        out.finish();
    }
}
