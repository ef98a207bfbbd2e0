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
        b.append("\\begin{tabular}{llrl}\n\\toprule\n");
        b.append("Check & Quantity & Value & Result \\\\\n\\midrule\n");
        java.util.Map<String, Boolean> passed = new java.util.HashMap<>();
        for (ValidationResult r : report.results()) {
            passed.put(r.check(), r.passed());
        }
        java.util.Set<String> listed = new java.util.HashSet<>();
        for (Report.Headline h : report.headlines()) {
            Metric m = h.metric();
            Boolean ok = passed.get(h.check());
            // the verdict once per check, on its first row
            String result = ok == null || !listed.add(h.check()) ? "" : ok ? "pass" : "\\textbf{fail}";
            b.append(Text.latexEscape(Labels.check(h.check()))).append(" & ").append(Text.latexEscape(Labels.quantity(m.name())))
                    .append(" & ").append(value(m)).append(" & ").append(result).append(" \\\\\n");
        }
        java.util.List<ValidationResult> rest = report.results().stream().filter(r -> !listed.contains(r.check())).toList();
        if (!rest.isEmpty()) {
            b.append("\\midrule\n");
            for (ValidationResult r : rest) {
                b.append(Text.latexEscape(Labels.check(r.check()))).append(" & & & ").append(r.passed() ? "pass" : "\\textbf{fail}")
                        .append(" \\\\\n");
            }
        }
        b.append("\\bottomrule\n\\end{tabular}\n\\end{table}\n");
        return b.toString();
    }

    /** The value with its uncertainty in one math span, both to the uncertainty's two significant digits. */
    private static String value(Metric m) {
        String[] vu = Labels.valueAndUncertainty(m.value(), m.uncertainty());
        if (vu[1].isEmpty()) {
            return Labels.latex(vu[0]);
        }
        return "$" + Labels.latex(vu[0]).replace("$", "") + " \\pm " + Labels.latex(vu[1]).replace("$", "") + "$";
    }
}
