package org.orrery.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.orrery.validation.ValidationResult;
import org.orrery.workflow.SameBankException;
import org.orrery.workflow.ValidateRequest;
import org.orrery.workflow.Workflow;
import org.orrery.workflow.WorkflowListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;


/**
 * {@code orrery validate}: calibration checks of a trained posterior on held-out simulations and a
 * report folder (index.html, figures as PNG and PDF, metrics.json, table.tex).
 *
 * <p>Exit status 0 whenever the report was written, whatever the verdicts, because a failed check
 * is a scientific result to read, not a crash; {@code --fail-on-miscalibration} makes a failed check
 * exit {@value #EXIT_MISCALIBRATED} for scripts and CI.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a trained posterior on a held-out bank and write a report.",
        footer = {"", "Exit status: 0 report written; " + ValidateCommand.EXIT_MISCALIBRATED
                + " a check failed and --fail-on-miscalibration was given; 2 usage error (a bad value, an existing report"
                + " without --overwrite, a held-out bank that repeats the training data); 1 other error."})
public final class ValidateCommand implements Callable<Integer> {

    /** Exit status for "report written, but a check failed" under {@code --fail-on-miscalibration}. */
    public static final int EXIT_MISCALIBRATED = 3;

    @Mixin HostOptions host;

    @Spec CommandSpec spec;

    @Option(names = "--posterior", required = true, paramLabel = "FILE", description = "Trained posterior (.orrery).")
    Path posterior;

    @Option(names = "--bank", required = true, paramLabel = "FILE",
            description = "Held-out simulation bank (.h5), simulated with another seed than the training bank.")
    Path bank;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report folder.")
    Path out;

    @Option(names = "--checks", split = ",", paramLabel = "CHECK",
            description = "Comma-separated validator ids, e.g. sbc,tarp,coverage,c2st (default: all four; for a joint posterior"
                    + " of θ and fields, e.g. interpolant: fields,sbc,tarp).")
    List<String> checks;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed for the checks (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--fail-on-miscalibration",
            description = "Exit " + EXIT_MISCALIBRATED + " (after writing the report) when any check fails.")
    boolean failOnMiscalibration;

    @Option(names = "--overwrite", description = "Replace an existing report at --out (without it, one is refused before any check runs).")
    boolean overwrite;

    @Option(names = "--allow-same-bank",
            description = "Run the checks even on a held-out bank that repeats the training data (the training bank, a copy,"
                    + " or the same simulator and seed). They then measure memory, not calibration; a warning is printed and"
                    + " the report records it. Without this such a bank is refused (exit 2).")
    boolean allowSameBank;

    @Mixin SettingsOptions settings;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        List<String> ids = checks == null ? ValidateRequest.DEFAULT_CHECKS : checks.stream().map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        var request = Cli.request(() -> new ValidateRequest(posterior, bank, ids, seed, out, perCheck(settings.settings(), ids),
                overwrite, allowSameBank));
        try (Workflow w = host.workflow()) {
            var outcome = Cli.map(() -> {
                try {
                    return w.validate(request, lines(o));
                } catch (SameBankException e) {
                    throw new UsageException("--bank" + e.problem() + (e.problem().contains("--seed") ? "" : "; simulate a"
                            + " held-out bank with another --seed") + "; --allow-same-bank runs the checks anyway", e);
                }
            });
            o.println("report: " + outcome.index());
            o.flush();
            return failOnMiscalibration && !outcome.allPassed() ? EXIT_MISCALIBRATED : 0;
        }
    }

    /**
     * {@code --set CHECK.KEY=VALUE} (or a YAML mapping of check id to its settings) as settings per
     * check; with one check, a plain {@code KEY} belongs to it.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> perCheck(Map<String, Object> given, List<String> ids) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (var e : given.entrySet()) {
            String key = e.getKey();
            if (e.getValue() instanceof Map<?, ?> m && ids.contains(key)) {
                out.computeIfAbsent(key, k -> new LinkedHashMap<>()).putAll((Map<String, Object>) m);
                continue;
            }
            int dot = key.indexOf('.');
            String check;
            String name;
            if (dot > 0) {
                check = key.substring(0, dot);
                name = key.substring(dot + 1);
            } else if (ids.size() == 1) {
                check = ids.get(0);
                name = key;
            } else {
                throw new UsageException("--set " + key + ": name the check it is for, e.g. --set sbc." + key
                        + "=VALUE (the checks are " + String.join(", ", ids) + ")");
            }
            out.computeIfAbsent(check, k -> new LinkedHashMap<>()).put(name, e.getValue());
        }
        return out;
    }

    /** Progress lines and one line per finished check. */
    static WorkflowListener lines(PrintWriter o) {
        return new WorkflowListener() {
            @Override
            public void message(String line) {
                o.println(line);
                o.flush();
            }

            @Override
            public void check(ValidationResult r, double seconds) {
                o.printf(Locale.ROOT, "  %-9s %s  %s  (%.1f s)%n", r.check(), r.passed() ? "PASS" : "FAIL", r.summary(), seconds);
                o.flush();
            }
        };
    }
}
