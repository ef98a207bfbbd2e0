package org.orrery.report.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.orrery.io.AtomicFiles;
import org.orrery.report.Figure;
import org.orrery.report.Report;
import org.orrery.validation.Metric;
import org.orrery.validation.Series;
import org.orrery.validation.ValidationResult;

/** Writes a {@link Report} folder: a temp sibling first, renamed into place when complete. */
public final class ReportWriter {

    public static final String FORMAT = "orrery-report/1";
    public static final String FIGURES_DIR = "figures";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    public static Path write(Report report, Path out) throws IOException {
        Path target = out.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null) {
            throw new IOException("cannot write a report to the file-system root: " + out);
        }
        Files.createDirectories(parent);
        checkReplaceable(target);
        String stem = target.getFileName().toString();
        Path tmp = Files.createTempDirectory(parent, "." + stem + ".tmp-");
        try {
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                // temp folders are created owner-only; a report is meant to be shared like any output folder
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            writeInto(report, tmp);
        } catch (IOException | RuntimeException | Error e) {
            deleteTree(tmp);
            throw e;
        }
        // the one atomic directory swap: the old report (if any) is replaced in one rename
        AtomicFiles.replaceDirectory(tmp, target);
        return target;
    }

    /** True when the target exists and may be replaced; throws when it exists and must be kept. */
    private static boolean checkReplaceable(Path target) throws IOException {
        if (!Files.exists(target)) {
            return false;
        }
        if (!Files.isDirectory(target)) {
            throw new IOException("report output " + target + " exists and is not a directory");
        }
        try (Stream<Path> s = Files.list(target)) {
            if (s.findAny().isEmpty()) {
                return true;
            }
        }
        Path metrics = target.resolve("metrics.json");
        if (Files.isRegularFile(metrics)) {
            try {
                JsonNode node = JSON.readTree(metrics.toFile());
                if (node.path("format").asText("").startsWith("orrery-report/")) {
                    return true;
                }
            } catch (IOException notJson) {
                // fall through to the refusal below
            }
        }
        throw new IOException("report output " + target + " is a non-empty folder that is not an Orrery report; "
                + "choose another --out or remove it");
    }

    static void deleteTree(Path root) {
        AtomicFiles.deleteTree(root);
    }

    private static void writeInto(Report report, Path dir) throws IOException {
        Path figures = Files.createDirectory(dir.resolve(FIGURES_DIR));
        for (Figure f : report.figures()) {
            f.writePng(figures.resolve(f.id() + ".png"));
            f.writePdf(figures.resolve(f.id() + ".pdf"));
        }
        JSON.writeValue(dir.resolve("metrics.json").toFile(), metricsJson(report));
        Files.writeString(dir.resolve("table.tex"), TexTable.render(report), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("index.html"), HtmlPage.render(report), StandardCharsets.UTF_8);
    }

    static ObjectNode metricsJson(Report report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("title", report.title());
        root.put("all_passed", report.allPassed());
        ObjectNode prov = root.putObject("provenance");
        report.provenance().forEach(prov::put);
        for (ValidationResult r : report.results()) {
            ObjectNode check = root.putObject(r.check());
            check.put("passed", r.passed());
            check.put("summary", r.summary() == null ? "" : r.summary());
            ObjectNode metrics = check.putObject("metrics");
            ObjectNode unc = JSON.createObjectNode();
            for (Metric m : r.metrics()) {
                putNumber(metrics, m.name(), m.value());
                if (Double.isFinite(m.uncertainty())) {
                    unc.put(m.name(), m.uncertainty());
                }
            }
            if (!unc.isEmpty()) {
                check.set("uncertainties", unc);
            }
            if (!r.series().isEmpty()) {
                ObjectNode series = check.putObject("series");
                int k = 0;
                for (Series s : r.series()) {
                    String name = s.name() == null || s.name().isBlank() ? "series_" + k : s.name();
                    while (series.has(name)) {
                        name = name + "_" + k;
                    }
                    k++;
                    ObjectNode o = series.putObject(name);
                    o.put("x_label", s.xLabel() == null ? "" : s.xLabel());
                    o.put("y_label", s.yLabel() == null ? "" : s.yLabel());
                    putArray(o, "x", s.x());
                    putArray(o, "y", s.y());
                    if (s.lower() != null) {
                        putArray(o, "lower", s.lower());
                    }
                    if (s.upper() != null) {
                        putArray(o, "upper", s.upper());
                    }
                }
            }
        }
        ArrayNode head = root.putArray("headline");
        for (Report.Headline h : report.headlines()) {
            ObjectNode o = head.addObject();
            o.put("check", h.check());
            o.put("name", h.metric().name());
            putNumber(o, "value", h.metric().value());
            putNumber(o, "uncertainty", h.metric().uncertainty());
            o.put("description", h.metric().description());
        }
        ArrayNode figs = root.putArray("figures");
        for (Figure f : report.figures()) {
            ObjectNode o = figs.addObject();
            o.put("id", f.id());
            o.put("caption", f.caption());
            o.put("png", FIGURES_DIR + "/" + f.id() + ".png");
            o.put("pdf", FIGURES_DIR + "/" + f.id() + ".pdf");
        }
        return root;
    }

    /** JSON has no NaN or infinity: those become null rather than strings a reader would trip on. */
    private static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    private static void putArray(ObjectNode o, String key, double[] values) {
        ArrayNode a = o.putArray(key);
        for (double v : values) {
            if (Double.isFinite(v)) {
                a.add(v);
            } else {
                a.addNull();
            }
        }
    }
}
