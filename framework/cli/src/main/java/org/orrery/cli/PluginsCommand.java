package org.orrery.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.orrery.host.OrreryHost;
import org.orrery.host.PluginHandle;
import org.orrery.plugin.Setting;
import org.orrery.workflow.PluginSettings;
import org.orrery.host.PluginInfo;
import org.orrery.host.PluginProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Lists the plugins the host found, and the jars it could not use with the reason. Broken jars
 * are a report, not a failure: the exit status is 0 whenever the host itself started.
 */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List installed plugins (simulators, priors, estimators, validators, statistics) "
                + "and the jars that failed to load, with the reason.")
public final class PluginsCommand implements Callable<Integer> {

    @Mixin HostOptions host;

    @Option(names = "--json", description = "Print {\"plugins\":[...],\"problems\":[...]} instead of a table.")
    boolean json;

    @Option(names = "--describe", paramLabel = "ID",
            description = "Describe one plugin: every setting with its default, unit, allowed values and help.")
    String describe;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws JsonProcessingException {
        if (describe != null) {
            return describe();
        }
        // metadata only: no plugin is called, so ND4J need not be initialised
        try (OrreryHost h = host.start(false)) {
            List<PluginInfo> plugins = sorted(h.registry().plugins());
            List<PluginProblem> problems = h.registry().problems();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(toJson(plugins, problems));
            } else {
                printTable(out, plugins, problems);
            }
            out.flush();
            return 0;
        }
    }

    /** {@code --describe ID}: the plugin's metadata and its settings (every kind that has this id). */
    private int describe() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        try (OrreryHost h = host.start(false)) {
            List<PluginInfo> matches = sorted(h.registry().plugins()).stream().filter(p -> p.id().equals(describe)).toList();
            if (matches.isEmpty()) {
                List<String> ids = sorted(h.registry().plugins()).stream().map(PluginInfo::id).distinct().toList();
                throw new CliException("--describe: no plugin '" + describe + "'; installed: "
                        + (ids.isEmpty() ? "none" : String.join(", ", ids)));
            }
            var rows = new ArrayList<Map<String, Object>>();
            for (PluginInfo p : matches) {
                List<Setting> settings;
                try (PluginHandle<Object> handle = h.acquire(p.kind(), p.id(), Object.class)) {
                    settings = PluginSettings.declared(handle.get());
                }
                if (json) {
                    var row = new LinkedHashMap<String, Object>();
                    row.put("kind", kindName(p));
                    row.put("id", p.id());
                    row.put("name", p.name());
                    row.put("description", p.description());
                    row.put("version", p.version());
                    var list = new ArrayList<Map<String, Object>>();
                    for (Setting st : settings) {
                        var m = new LinkedHashMap<String, Object>();
                        m.put("name", st.name());
                        m.put("type", st.type().name().toLowerCase(Locale.ROOT));
                        m.put("default", st.defaultValue());
                        m.put("unit", st.unit());
                        m.put("allowed", st.allowed());
                        m.put("help", st.help());
                        m.put("changes_shape", st.shapeChanging());
                        list.add(m);
                    }
                    row.put("settings", list);
                    rows.add(row);
                    continue;
                }
                out.printf("%s (%s) %s, version %s%n", p.id(), kindName(p), p.name(), p.version());
                if (!p.description().isEmpty()) {
                    out.println("  " + p.description());
                }
                if (settings.isEmpty()) {
                    out.println("  no settings");
                    continue;
                }
                out.println("  settings (--set KEY=VALUE, --config FILE, or settings: in a pipeline):");
                int w = settings.stream().mapToInt(st -> st.name().length()).max().orElse(4);
                int wd = settings.stream().mapToInt(st -> String.valueOf(st.defaultValue()).length()).max().orElse(7);
                int wu = settings.stream().mapToInt(st -> st.unit().length()).max().orElse(0);
                for (Setting st : settings) {
                    out.printf(Locale.ROOT, "    %-" + w + "s  default %-" + wd + "s  %-" + Math.max(1, wu) + "s  %s. %s%s%n",
                            st.name(), st.defaultValue(), st.unit(), st.allowed(), st.help(),
                            st.shapeChanging() ? " (changes the output shape)" : "");
                }
            }
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
            }
            out.flush();
            return 0;
        }
    }

    static List<PluginInfo> sorted(List<PluginInfo> plugins) {
        var list = new ArrayList<>(plugins);
        list.sort(Comparator.comparing((PluginInfo p) -> p.kind().ordinal()).thenComparing(PluginInfo::id));
        return list;
    }

    static String kindName(PluginInfo p) {
        return p.kind().name().toLowerCase(Locale.ROOT);
    }

    static String toJson(List<PluginInfo> plugins, List<PluginProblem> problems) throws JsonProcessingException {
        var pluginRows = new ArrayList<Map<String, Object>>();
        for (PluginInfo p : plugins) {
            var row = new LinkedHashMap<String, Object>();
            row.put("kind", kindName(p));
            row.put("id", p.id());
            row.put("name", p.name());
            row.put("description", p.description());
            row.put("version", p.version());
            row.put("bundle", p.bundle());
            row.put("state", p.state());
            row.put("location", p.location());
            pluginRows.add(row);
        }
        var problemRows = new ArrayList<Map<String, Object>>();
        for (PluginProblem p : problems) {
            var row = new LinkedHashMap<String, Object>();
            row.put("jar", fileName(p.location()));
            row.put("location", p.location());
            row.put("bundle", p.bundle());
            row.put("reason", p.reason());
            problemRows.add(row);
        }
        var doc = new LinkedHashMap<String, Object>();
        doc.put("plugins", pluginRows);
        doc.put("problems", problemRows);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
    }

    static void printTable(PrintWriter out, List<PluginInfo> plugins, List<PluginProblem> problems) {
        if (plugins.isEmpty()) {
            out.println("No plugins found.");
        } else {
            var rows = new ArrayList<String[]>();
            rows.add(new String[] {"KIND", "ID", "VERSION", "BUNDLE", "STATE"});
            for (PluginInfo p : plugins) {
                rows.add(new String[] {kindName(p), p.id(), p.version(), p.bundle(), p.state()});
            }
            printColumns(out, rows);
        }
        out.println();
        if (problems.isEmpty()) {
            out.println("Problems: none");
            return;
        }
        out.println("Problems (" + problems.size() + "):");
        var rows = new ArrayList<String[]>();
        rows.add(new String[] {"JAR", "REASON"});
        for (PluginProblem p : problems) {
            rows.add(new String[] {fileName(p.location()), oneLine(p.reason())});
        }
        printColumns(out, rows);
    }

    private static void printColumns(PrintWriter out, List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], text(row[c]).length());
            }
        }
        for (String[] row : rows) {
            var line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                // the last column is free text: no padding, so long reasons do not push others
                line.append(c == columns - 1 ? text(row[c]) : String.format("%-" + width[c] + "s  ", text(row[c])));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String text(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    private static String oneLine(String s) {
        return s == null ? "-" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** The jar's file name from a bundle location (a path or a file: URI). */
    static String fileName(String location) {
        if (location == null || location.isEmpty()) {
            return "-";
        }
        String s = location.replace('\\', '/');
        int slash = s.lastIndexOf('/');
        return slash >= 0 && slash < s.length() - 1 ? s.substring(slash + 1) : s;
    }
}
