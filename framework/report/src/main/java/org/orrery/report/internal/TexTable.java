package org.orrery.report.internal;

import java.util.Map;
import org.orrery.report.Report;
import org.orrery.validation.Metric;
import org.orrery.validation.ValidationResult;

/** The headline numbers as a booktabs table, ready to \input into a paper. */
final class TexTable {

    private TexTable() {
    }

    static String render(Report report) {
        StringBuilder b = new StringBuilder();
        b.append("% ").append(Text.latexEscape(report.title())).append(" -- written by Orrery\n");
        b.append("% Requires \\usepackage{booktabs}.\n");
        for (Map.Entry<String, String> e : report.provenance().entrySet()) {
            b.append("% ").append(e.getKey().replaceAll("\\s+", " ")).append(": ")
                    .append(e.getValue().replaceAll("\\s+", " ")).append('\n');
        }
        b.append("\\begin{table}\n\\centering\n");
        b.append("\\caption{").append(Text.latexEscape(report.title())).append("}\n");
        b.append("\\begin{tabular}{llr}\n\\toprule\n");
        b.append("Check & Quantity & Value \\\\\n\\midrule\n");
        for (Report.Headline h : report.headlines()) {
            Metric m = h.metric();
            b.append(Text.latexEscape(h.check())).append(" & ").append(Text.latexEscape(m.name())).append(" & ")
                    .append(value(m)).append(" \\\\\n");
        }
        if (!report.results().isEmpty()) {
            b.append("\\midrule\n");
            for (ValidationResult r : report.results()) {
                b.append(Text.latexEscape(r.check())).append(" & result & ").append(r.passed() ? "pass" : "\\textbf{fail}")
                        .append(" \\\\\n");
            }
        }
        b.append("\\bottomrule\n\\end{tabular}\n\\end{table}\n");
        return b.toString();
    }

    private static String value(Metric m) {
        String v = Text.latexNumber(m.value());
        if (!Double.isFinite(m.uncertainty())) {
            return v;
        }
        return "$" + strip(v) + " \\pm " + strip(Text.latexNumber(m.uncertainty())) + "$";
    }

    /** Both parts go into one math span. */
    private static String strip(String s) {
        return s.replace("$", "");
    }
}
