package org.orrery.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.orrery.workflow.YamlSettings;
import picocli.CommandLine.Option;

/**
 * {@code --set KEY=VALUE} (repeatable) and {@code --config FILE} (a YAML mapping), shared by every
 * command that uses a plugin. A {@code --set} overrides the same key from {@code --config}. The
 * values are checked by the workflow against the settings the plugin declares
 * ({@code orrery plugins --describe ID} lists them).
 */
public final class SettingsOptions {

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A plugin setting (repeatable), e.g. --set grid=64; see 'orrery plugins --describe ID'.")
    List<String> set = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE", description = "Plugin settings as a YAML mapping (key: value).")
    Path config;

    /** The settings from {@code --config}, then {@code --set}; an ill-formed {@code --set} is a one-line error. */
    public Map<String, Object> settings() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (config != null) {
            out.putAll(YamlSettings.readMapping(config));
        }
        Map<String, String> seen = new LinkedHashMap<>();
        for (String kv : set) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new CliException("--set wants KEY=VALUE, got: " + kv);
            }
            String key = kv.substring(0, eq).strip();
            if (seen.put(key, kv) != null) {
                throw new CliException("--set names " + key + " twice");
            }
            out.put(key, kv.substring(eq + 1).strip());
        }
        return out;
    }
}
