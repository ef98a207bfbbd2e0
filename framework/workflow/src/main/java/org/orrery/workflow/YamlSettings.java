package org.orrery.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a YAML mapping of settings with errors that name the file and line. */
public final class YamlSettings {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private YamlSettings() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> readMapping(Path file) {
        try {
            Object value = YAML.readValue(Files.readAllBytes(file), Object.class);
            if (value == null) {
                return Map.of();
            }
            if (!(value instanceof Map)) {
                throw new WorkflowException(file + ": expected a mapping of settings (key: value), found "
                        + value.getClass().getSimpleName().toLowerCase());
            }
            return new LinkedHashMap<>((Map<String, Object>) value);
        } catch (NoSuchFileException e) {
            throw new WorkflowException("no such file: " + file);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new WorkflowException(file + (loc == null ? "" : ":" + loc.getLineNr()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new WorkflowException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
