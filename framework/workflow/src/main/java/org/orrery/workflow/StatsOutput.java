package org.orrery.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.orrery.io.AtomicFiles;
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
                      EnsembleComparison comparison) {
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
     * statistics.h5: root attributes (provenance), and one group per series holding {@code x} [bins]
     * (bin centres as the statistic reports them), {@code generated} [members, bins],
     * {@code reference} [members, bins], the means, sample standard deviations and residuals Δ/σ, with
     * χ², dof and max |Δ/σ| as group attributes.
     */
    static void writeStatistics(Path file, Map<String, Object> attributes, List<SeriesData> series) {
        AtomicFiles.write(file, tmp -> {
            try (WritableHdfFile h = HdfFile.write(tmp)) {
                h.putAttribute("format", FORMAT);
                h.putAttribute("format_version", FORMAT_VERSION);
                attributes.forEach(h::putAttribute);
                h.putAttribute("series", series.stream().map(SeriesData::name).toArray(String[]::new));
                for (SeriesData s : series) {
                    EnsembleComparison c = s.comparison();
                    WritableGroup g = h.putGroup(s.name());
                    g.putAttribute("x_label", s.xLabel() == null ? "" : s.xLabel());
                    g.putAttribute("y_label", s.yLabel() == null ? "" : s.yLabel());
                    g.putAttribute("chi2", c.chi2());
                    g.putAttribute("dof", c.dof());
                    g.putAttribute("chi2_per_dof", c.chi2PerDof());
                    g.putAttribute("max_abs_residual", c.maxAbsResidual());
                    g.putAttribute("p_value", c.pValue());
                    g.putDataset("x", s.x());
                    g.putDataset("generated", s.generated());
                    g.putDataset("reference", s.reference());
                    g.putDataset("mean_generated", c.meanGenerated());
                    g.putDataset("sigma_generated", c.sigmaGenerated());
                    g.putDataset("mean_reference", c.meanReference());
                    g.putDataset("sigma_reference", c.sigmaReference());
                    g.putDataset("residual", c.residual());
                }
            }
        });
    }
}
