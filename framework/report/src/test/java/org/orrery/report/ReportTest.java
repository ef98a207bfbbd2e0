package org.orrery.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orrery.validation.Metric;
import org.orrery.validation.ValidationResult;

class ReportTest {

    static final Path BASE = Path.of("target", "report-test");
    static Path report;

    @BeforeAll
    static void writeOnce() throws IOException {
        Files.createDirectories(BASE);
        report = Fixtures.report().writeTo(BASE.resolve("full"));
    }

    @Test
    void folderHoldsEveryFigureAsPngAndPdf() throws IOException {
        for (String id : List.of("corner", "sbc-ranks", "tarp", "coverage", "training", "pk")) {
            Path png = report.resolve("figures/" + id + ".png");
            Path pdf = report.resolve("figures/" + id + ".pdf");
            assertTrue(ImageIO.read(png.toFile()).getWidth() > 100, id);
            assertTrue(Files.readString(pdf, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("%PDF-"), id);
        }
        try (Stream<Path> s = Files.list(report.resolve("figures"))) {
            assertEquals(12, s.count());
        }
    }

    @Test
    void metricsJsonHasEveryCheckWithNumbersAndProvenance() throws IOException {
        JsonNode root = new ObjectMapper().readTree(report.resolve("metrics.json").toFile());
        assertEquals("orrery-report/1", root.get("format").asText());
        for (String check : List.of("sbc", "tarp", "coverage", "c2st")) {
            assertTrue(root.has(check), check);
            assertTrue(root.get(check).get("passed").isBoolean(), check);
            assertTrue(root.get(check).get("metrics").size() > 0, check);
        }
        assertEquals(0.43, root.at("/sbc/metrics/ks_p_Omega_m").asDouble(), 0);
        assertTrue(root.at("/sbc/metrics/ks_p_sigma_8").isNumber());
        assertFalse(root.at("/coverage/passed").asBoolean());
        assertEquals(0.015, root.at("/coverage/uncertainties/coverage_68").asDouble(), 0);
        assertEquals(0.532, root.at("/c2st/metrics/accuracy").asDouble(), 0);
        assertFalse(root.get("all_passed").asBoolean(), "one check failed");
        assertEquals("42", root.at("/provenance/seed").asText());
        assertEquals("two_moons 1.0.0", root.at("/provenance/simulator").asText());
        assertEquals("/data/heldout_bank.h5", root.at("/provenance/bank").asText());
        assertEquals(10, root.at("/sbc/series/ranks_sigma_8/y").size());
        assertEquals(21, root.at("/tarp/series/ecp/upper").size());
        assertEquals(4, root.get("headline").size());
        assertEquals("figures/corner.pdf", root.at("/figures/0/pdf").asText());
    }

    @Test
    void texTableIsBooktabsWithEscapedNamesAndTheNumbers() throws IOException {
        String tex = Files.readString(report.resolve("table.tex"));
        assertTrue(tex.contains("\\toprule") && tex.contains("\\midrule") && tex.contains("\\bottomrule"), tex);
        assertTrue(tex.contains("\\caption{two\\_moons \\& friends: 50\\% check\\_of \\#1}"), tex);
        // human labels, pass/fail in a column of its own, numbers to the uncertainty's two digits
        assertTrue(tex.contains("SBC & KS p-value, Omega m & 0.430 & pass \\\\"), tex);
        assertTrue(tex.contains("C2ST & accuracy & $0.5320 \\pm 0.0060$ & pass \\\\"), tex);
        assertTrue(tex.contains("C2ST & tiny value & $3.20\\times10^{-7}$ &  \\\\"), tex);
        assertTrue(tex.contains("HPD coverage & coverage of the 68 \\% region & $0.610 \\pm 0.015$ & \\textbf{fail} \\\\"), tex);
        assertTrue(tex.contains("TARP & & & pass \\\\"), "checks without a headline number still get their verdict: " + tex);
        assertTrue(tex.contains("\\begin{tabular}{llrl}"), tex);
        assertTrue(tex.contains("% seed: 42"), "provenance as comments");
        // every row outside comments has balanced, unescaped-free underscores
        for (String line : tex.split("\n")) {
            if (!line.startsWith("%")) {
                assertFalse(line.matches(".*[^\\\\]_.*"), "unescaped underscore in: " + line);
            }
        }
    }

    @Test
    void htmlIsSelfContainedAndEscaped() throws IOException {
        String html = Files.readString(report.resolve("index.html"));
        assertTrue(html.contains("<title>two_moons &amp; friends: 50% check_of #1</title>"));
        assertTrue(html.contains("<style>"));
        assertFalse(html.contains("<link"), "no external stylesheets");
        assertFalse(html.matches("(?s).*src=\"(https?:)?//.*"), "no remote resources");
        assertEquals(6, html.split("<img src=\"figures/").length - 1);
        assertTrue(html.contains("data-images-expected=\"6\""));
        assertTrue(html.contains("<th>seed</th><td><code>42</code>"));
        // issue 18: one table of numbers, not the headline table and then the same rows again
        assertEquals(1, html.split("C2ST accuracy \\(0.5 = indistinguishable\\)", -1).length - 1, "a headline metric is listed once");
        assertEquals(1, html.split("KS p-value, σ8", -1).length - 1, "a metric outside the headline is listed once");
        assertTrue(html.contains("<h2>Further metrics</h2>"), "metrics outside the headline get their own short table");
        // seen in the demo report in Chromium: "1.59e-06" broke into "1.59e-" and "06" in a narrow Value column
        assertTrue(html.matches("(?s).*td\\.num\\{[^}]*white-space:nowrap.*"), "numbers never break across lines");
    }

    @Test
    void rewritingReplacesAnOldReportAndLeavesNoTemporaryFolders() throws IOException {
        Path out = BASE.resolve("rewrite");
        Report small = Report.builder("first").result(new ValidationResult("sbc", true, "", List.of(Metric.of("a", 1)), List.of())).build();
        small.writeTo(out);
        Report second = Report.builder("second").result(new ValidationResult("tarp", true, "", List.of(Metric.of("b", 2)), List.of())).build();
        second.writeTo(out);
        JsonNode root = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals("second", root.get("title").asText());
        assertFalse(root.has("sbc"), "old content is gone");
        assertNoLeftovers();
    }

    @Test
    void aCrashWhileWritingLeavesThePreviousReportIntact() throws IOException {
        Path out = BASE.resolve("crash");
        Report.builder("good").result(new ValidationResult("sbc", true, "", List.of(Metric.of("a", 1)), List.of())).build().writeTo(out);
        Figure exploding = new Figure("boom", "", 100, 100, (g, w, h) -> {
            throw new IllegalStateException("painter failed");
        });
        Report bad = Report.builder("bad").figure(Figures.tarp("tarp", Fixtures.coverageCurve(0))).figure(exploding).build();
        var e = assertThrows(IllegalStateException.class, () -> bad.writeTo(out));
        assertEquals("painter failed", e.getMessage());
        assertEquals("good", new ObjectMapper().readTree(out.resolve("metrics.json").toFile()).get("title").asText());
        assertFalse(Files.exists(out.resolve("figures/tarp.png")), "nothing of the failed report leaked in");
        assertNoLeftovers();

        Path fresh = BASE.resolve("crash-fresh");
        assertThrows(IllegalStateException.class, () -> bad.writeTo(fresh));
        assertFalse(Files.exists(fresh), "no half report where there was none");
        assertNoLeftovers();
    }

    @Test
    void refusesToReplaceAFolderThatIsNotAReport() throws IOException {
        Path out = BASE.resolve("precious");
        Files.createDirectories(out);
        Files.writeString(out.resolve("thesis.tex"), "do not delete");
        var e = assertThrows(IOException.class, () -> Report.builder("x").build().writeTo(out));
        assertTrue(e.getMessage().contains("not an Orrery report"), e.getMessage());
        assertEquals("do not delete", Files.readString(out.resolve("thesis.tex")));
    }

    @Test
    void builderRejectsClashingIds() {
        ValidationResult sbc = new ValidationResult("sbc", true, "", List.of(), List.of());
        var e = assertThrows(IllegalArgumentException.class, () -> Report.builder("t").result(sbc).result(sbc));
        assertTrue(e.getMessage().contains("duplicate check id: sbc"));
        e = assertThrows(IllegalArgumentException.class,
                () -> Report.builder("t").result(new ValidationResult("provenance", true, "", List.of(), List.of())));
        assertTrue(e.getMessage().contains("'provenance' is reserved"));
        e = assertThrows(IllegalArgumentException.class, () -> Report.builder("t").result(
                new ValidationResult("c2st", true, "", List.of(Metric.of("acc", 1), Metric.of("acc", 2)), List.of())));
        assertTrue(e.getMessage().contains("metric acc twice"));
        Figure f = Figures.tarp("tarp", Fixtures.coverageCurve(0));
        e = assertThrows(IllegalArgumentException.class, () -> Report.builder("t").figure(f).figure(f));
        assertTrue(e.getMessage().contains("duplicate figure id: tarp"));
        assertThrows(IllegalArgumentException.class, () -> Report.builder(" "));
    }

    private static void assertNoLeftovers() throws IOException {
        try (Stream<Path> s = Files.list(BASE)) {
            List<String> hidden = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
            assertTrue(hidden.isEmpty(), "temporary folders left behind: " + hidden);
        }
    }
}
