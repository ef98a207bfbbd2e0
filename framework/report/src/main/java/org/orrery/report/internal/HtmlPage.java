package org.orrery.report.internal;

import static org.orrery.report.internal.Text.html;

import java.util.Map;
import org.orrery.report.Figure;
import org.orrery.report.Report;
import org.orrery.validation.Metric;
import org.orrery.validation.ValidationResult;

/**
 * index.html: one file with inline CSS and no external resources except the figure PNGs beside it.
 * A small inline script counts the images that loaded into body data attributes, so a headless
 * browser (and the tests) can tell a complete page from one with broken images.
 */
final class HtmlPage {

    private HtmlPage() {
    }

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
            main{max-width:1100px;margin:0 auto;padding:24px 28px 48px}
            h1{font-size:1.7em;margin:0 0 4px} h2{font-size:1.25em;margin:32px 0 10px;border-bottom:1px solid #ddd;padding-bottom:4px}
            .sub{color:#555;margin:0 0 8px}
            table{border-collapse:collapse;margin:6px 0 12px;background:#fff;font-size:0.95em}
            th,td{border-bottom:1px solid #e3e3e3;padding:5px 12px;text-align:left;vertical-align:top}
            th{background:#f1f3f5;font-weight:600} td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums;font-family:"DejaVu Sans Mono",monospace}
            .pass{display:inline-block;padding:1px 9px;border-radius:10px;background:#d3f4dc;color:#0b6b2b;font-weight:600}
            .fail{display:inline-block;padding:1px 9px;border-radius:10px;background:#fbd9d9;color:#a11616;font-weight:600}
            figure{margin:18px 0 26px;background:#fff;border:1px solid #e3e3e3;padding:12px;border-radius:6px}
            figure img{max-width:100%;height:auto;display:block;margin:0 auto}
            figcaption{color:#444;margin-top:8px;font-size:0.93em}
            code{font-family:"DejaVu Sans Mono",monospace;font-size:0.92em}
            .files a{margin-right:14px}
            """;

    private static final String IMAGE_CHECK = """
            window.addEventListener('load', function () {
              var ok = 0, broken = 0;
              document.querySelectorAll('img').forEach(function (img) {
                if (img.complete && img.naturalWidth > 0) { ok++; } else { broken++; }
              });
              document.body.setAttribute('data-images-ok', String(ok));
              document.body.setAttribute('data-images-broken', String(broken));
            });
            """;

    static String render(Report report) {
        StringBuilder b = new StringBuilder(16_384);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"Orrery\">\n")
                .append("<title>").append(html(report.title())).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n");
        b.append("<body data-images-expected=\"").append(report.figures().size())
                .append("\" data-images-ok=\"pending\" data-images-broken=\"pending\">\n<main>\n");
        b.append("<h1>").append(html(report.title())).append("</h1>\n");
        String version = report.provenance().get("orrery_version");
        b.append("<p class=\"sub\">Validation report written by Orrery").append(version == null ? "" : " " + html(version))
                .append(report.results().isEmpty() ? "." : report.allPassed() ? ": <span class=\"pass\">all checks passed</span>"
                        : ": <span class=\"fail\">some checks failed</span>")
                .append("</p>\n<p class=\"files\">Files: <a href=\"metrics.json\">metrics.json</a><a href=\"table.tex\">table.tex</a>")
                .append("<a href=\"").append(ReportWriter.FIGURES_DIR).append("/\">figures/</a></p>\n");

        if (!report.results().isEmpty()) {
            b.append("<h2>Checks</h2>\n<table>\n<tr><th>Check</th><th>Result</th><th>Summary</th></tr>\n");
            for (ValidationResult r : report.results()) {
                b.append("<tr><td>").append(html(Labels.check(r.check()))).append("</td><td>")
                        .append(r.passed() ? "<span class=\"pass\">pass</span>" : "<span class=\"fail\">fail</span>")
                        .append("</td><td>").append(html(r.summary() == null ? "" : r.summary())).append("</td></tr>\n");
            }
            b.append("</table>\n");
        }
        // one table of numbers: the headline ones, then (only when there are any) the metrics not already in it
        java.util.Set<String> shown = new java.util.HashSet<>();
        if (!report.headlines().isEmpty()) {
            b.append("<h2>Headline numbers</h2>\n<table>\n<tr><th>Check</th><th>Quantity</th><th>Value</th><th>±</th><th>Meaning</th></tr>\n");
            for (Report.Headline h : report.headlines()) {
                metricRow(b, h.check(), h.metric());
                shown.add(h.check() + "\u0000" + h.metric().name());
            }
            b.append("</table>\n");
        }
        if (!report.figures().isEmpty()) {
            b.append("<h2>Figures</h2>\n");
            for (Figure f : report.figures()) {
                String png = ReportWriter.FIGURES_DIR + "/" + f.id() + ".png";
                String pdf = ReportWriter.FIGURES_DIR + "/" + f.id() + ".pdf";
                b.append("<figure id=\"fig-").append(f.id()).append("\">\n<img src=\"").append(png).append("\" width=\"")
                        .append(2 * f.width()).append("\" height=\"").append(2 * f.height()).append("\" alt=\"")
                        .append(html(f.caption().isEmpty() ? f.id() : f.caption())).append("\">\n<figcaption>")
                        .append(html(f.caption())).append(" <a href=\"").append(pdf).append("\">PDF</a> · <a href=\"")
                        .append(png).append("\">PNG</a></figcaption>\n</figure>\n");
            }
        }
        StringBuilder rest = new StringBuilder();
        for (ValidationResult r : report.results()) {
            for (Metric m : r.metrics()) {
                if (!shown.contains(r.check() + "\u0000" + m.name())) {
                    metricRow(rest, r.check(), m);
                }
            }
        }
        if (rest.length() > 0) {
            b.append("<h2>Further metrics</h2>\n<table>\n<tr><th>Check</th><th>Quantity</th><th>Value</th><th>±</th><th>Meaning</th></tr>\n")
                    .append(rest).append("</table>\n");
        }
        b.append("<h2>Provenance</h2>\n");
        if (report.provenance().isEmpty()) {
            b.append("<p>None recorded.</p>\n");
        } else {
            b.append("<table>\n");
            for (Map.Entry<String, String> e : report.provenance().entrySet()) {
                b.append("<tr><th>").append(html(e.getKey())).append("</th><td><code>").append(html(e.getValue()))
                        .append("</code></td></tr>\n");
            }
            b.append("</table>\n");
        }
        b.append("</main>\n<script>\n").append(IMAGE_CHECK).append("</script>\n</body>\n</html>\n");
        return b.toString();
    }

    private static void metricRow(StringBuilder b, String check, Metric m) {
        String[] vu = Labels.valueAndUncertainty(m.value(), m.uncertainty());
        b.append("<tr><td>").append(html(Labels.check(check))).append("</td><td>").append(html(Labels.quantity(m.name())))
                .append("</td><td class=\"num\">").append(html(vu[0]))
                .append("</td><td class=\"num\">").append(html(vu[1]))
                .append("</td><td>").append(html(m.description())).append("</td></tr>\n");
    }
}
