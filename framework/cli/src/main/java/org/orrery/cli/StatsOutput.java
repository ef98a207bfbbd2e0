package org.orrery.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.orrery.io.AtomicFiles;
import org.orrery.io.Hdf5Writer;
import org.orrery.report.EnsembleComparison;
import org.orrery.report.Report;

/**
 * The report folder of {@code orrery stats}: the {@link Report} files plus {@code statistics.h5}.
 * Everything is written into a hidden staging folder beside the target and renamed into place at
 * the end, so a failure leaves no report (or the previous one), never a half-written one.
 */
final class StatsOutput {

    static final String STATISTICS_FILE = "statistics.h5";
    static final String FORMAT = "orrery-statistics";
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
            throw new CliException("--out " + out + " exists and is not a folder");
        }
        try (Stream<Path> s = Files.list(target)) {
            if (s.findAny().isEmpty()) {
                return;
            }
        } catch (IOException e) {
            throw new CliException("--out " + out + ": cannot list it: " + AtomicFiles.describe(e), e);
        }
        try {
            JsonNode node = new ObjectMapper().readTree(target.resolve("metrics.json").toFile());
            if (node.path("format").asText("").startsWith("orrery-report/")) {
                return;
            }
        } catch (IOException notAReport) {
            // refused below
        }
        throw new CliException("--out " + out + " is a non-empty folder that is not an Orrery report; choose another "
                + "--out or remove it");
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
            place(folder, target);
            return target;
        } catch (IOException e) {
            throw new CliException("cannot write the report " + out + ": " + AtomicFiles.describe(e), e);
        } finally {
            if (staging != null) {
                deleteTree(staging);
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

    /** Renames the finished folder onto the target, moving an old report aside first. */
    private static void place(Path folder, Path target) throws IOException {
        if (!Files.exists(target)) {
            move(folder, target);
            return;
        }
        // rename(2) cannot replace a non-empty folder; checkReplaceable said this one may go
        Path old = target.resolveSibling("." + target.getFileName() + ".old-" + Long.toHexString(System.nanoTime()));
        move(target, old);
        try {
            move(folder, target);
        } catch (IOException e) {
            move(old, target);
            throw e;
        }
        deleteTree(old);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + from + " to " + to + " atomically", e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a leftover hidden folder is untidy but harmless; the report itself is complete
        }
    }
}
