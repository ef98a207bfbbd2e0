package org.orrery.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.orrery.report.internal.ReportWriter;
import org.orrery.validation.Metric;
import org.orrery.validation.ValidationResult;

/**
 * A validation report: what was checked, with what outcome, the figures, the headline numbers and
 * where everything came from. {@link #writeTo(Path)} turns it into a folder a person can open without
 * Orrery: {@code index.html} (inline CSS; images are the PNGs in {@code figures/} beside it),
 * {@code figures/<id>.png} and {@code .pdf}, {@code metrics.json} and a booktabs {@code table.tex}.
 */
public final class Report {

    /** Top-level keys of metrics.json that a check id may not take. */
    public static final Set<String> RESERVED_KEYS = Set.of("format", "title", "all_passed", "provenance", "headline", "figures");

    /** A number for the headline table, with the check it belongs to ("" when none). */
    public record Headline(String check, Metric metric) {
        public Headline {
            check = check == null ? "" : check;
            if (metric == null) {
                throw new IllegalArgumentException("headline needs a metric");
            }
        }
    }

    private final String title;
    private final Map<String, String> provenance;
    private final List<ValidationResult> results;
    private final List<Figure> figures;
    private final List<Headline> headlines;

    private Report(Builder b) {
        this.title = b.title;
        this.provenance = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.provenance));
        this.results = List.copyOf(b.results);
        this.figures = List.copyOf(b.figures);
        if (b.headlines.isEmpty()) {
            List<Headline> all = new ArrayList<>();
            for (ValidationResult r : results) {
                r.metrics().forEach(m -> all.add(new Headline(r.check(), m)));
            }
            this.headlines = List.copyOf(all);
        } else {
            this.headlines = List.copyOf(b.headlines);
        }
    }

    public static Builder builder(String title) {
        return new Builder(title);
    }

    public String title() {
        return title;
    }

    /** Insertion-ordered provenance: Orrery version, plugin ids and versions, seeds, bank files. */
    public Map<String, String> provenance() {
        return provenance;
    }

    public List<ValidationResult> results() {
        return results;
    }

    public List<Figure> figures() {
        return figures;
    }

    /** The headline numbers; every metric of every result when none were chosen. */
    public List<Headline> headlines() {
        return headlines;
    }

    /** True when every check passed (and there was at least one). */
    public boolean allPassed() {
        return !results.isEmpty() && results.stream().allMatch(ValidationResult::passed);
    }

    /**
     * Writes the report folder atomically: everything goes into a temporary sibling folder that is
     * renamed into place at the end, so a crash leaves either no report or the previous one, never a
     * half-written one. An existing folder is replaced only if it is empty or an Orrery report.
     *
     * @return the absolute path of the report folder
     */
    public Path writeTo(Path out) throws IOException {
        return ReportWriter.write(this, out);
    }

    /** Collects the parts of a report; validates each as it is added. */
    public static final class Builder {
        private final String title;
        private final Map<String, String> provenance = new LinkedHashMap<>();
        private final List<ValidationResult> results = new ArrayList<>();
        private final Set<String> checkIds = new HashSet<>();
        private final List<Figure> figures = new ArrayList<>();
        private final Set<String> figureIds = new HashSet<>();
        private final List<Headline> headlines = new ArrayList<>();

        private Builder(String title) {
            if (title == null || title.isBlank()) {
                throw new IllegalArgumentException("a report needs a title");
            }
            this.title = title.strip();
        }

        public Builder provenance(String key, String value) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("provenance key must not be blank (value: " + value + ")");
            }
            provenance.put(key, value == null ? "" : value);
            return this;
        }

        public Builder provenance(Map<String, String> entries) {
            entries.forEach(this::provenance);
            return this;
        }

        public Builder result(ValidationResult result) {
            if (result == null || result.check() == null || !result.check().matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                throw new IllegalArgumentException("check id must be letters, digits, '_', '.', '-', got: "
                        + (result == null ? null : result.check()));
            }
            if (RESERVED_KEYS.contains(result.check())) {
                throw new IllegalArgumentException("check id '" + result.check() + "' is reserved in metrics.json; rename the check");
            }
            if (!checkIds.add(result.check())) {
                throw new IllegalArgumentException("duplicate check id: " + result.check());
            }
            Set<String> names = new HashSet<>();
            for (Metric m : result.metrics()) {
                if (!names.add(m.name())) {
                    throw new IllegalArgumentException("check " + result.check() + " has the metric " + m.name() + " twice");
                }
            }
            results.add(result);
            return this;
        }

        public Builder results(List<ValidationResult> list) {
            list.forEach(this::result);
            return this;
        }

        public Builder figure(Figure figure) {
            if (figure == null) {
                throw new IllegalArgumentException("figure must not be null");
            }
            if (!figureIds.add(figure.id())) {
                throw new IllegalArgumentException("duplicate figure id: " + figure.id());
            }
            figures.add(figure);
            return this;
        }

        public Builder figures(List<Figure> list) {
            list.forEach(this::figure);
            return this;
        }

        public Builder headline(String check, Metric metric) {
            headlines.add(new Headline(check, metric));
            return this;
        }

        public Builder headline(Metric metric) {
            return headline("", metric);
        }

        public Report build() {
            return new Report(this);
        }
    }
}
