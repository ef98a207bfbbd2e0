package org.orrery.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a YAML mapping of settings with errors that name the file and line. */
public final class YamlSettings {

    private static final ObjectMapper YAML = org.orrery.io.SafeYaml.mapper();

    private YamlSettings() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> readMapping(Path file) {
        try {
            Object value;
            try {
                value = YAML.readValue(org.orrery.io.SafeYaml.text(file), Object.class);
            } catch (org.orrery.io.BadInputException e) {
                throw new WorkflowException(e.getMessage(), e);
            }
            if (value == null) {
                return Map.of();
            }
            if (!(value instanceof Map)) {
                throw new WorkflowException(file + ": expected a mapping of settings (key: value), found "
                        + value.getClass().getSimpleName().toLowerCase());
            }
            return new LinkedHashMap<>((Map<String, Object>) value);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new WorkflowException(file + (loc == null ? "" : ":" + loc.getLineNr()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new WorkflowException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
