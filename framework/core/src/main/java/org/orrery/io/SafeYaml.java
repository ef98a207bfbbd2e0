package org.orrery.io;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The one place YAML is read (pipelines, estimator configs, priors): the document's size is
 * checked before it is read ({@link ReadLimits#YAML_BYTES}), aliases to collections are limited
 * ({@link ReadLimits#YAML_ALIASES}, the "billion laughs" guard), nesting is limited, recursive keys
 * and custom tags are refused and only plain maps, lists and scalars are built (no Java objects).
 * Every error is one line naming the file and line.
 */
public final class SafeYaml {

    private SafeYaml() {
    }

    /** SnakeYAML options with Orrery's limits; use them for any {@code new Yaml(...)}. */
    public static LoaderOptions loaderOptions() {
        LoaderOptions o = new LoaderOptions();
        o.setMaxAliasesForCollections(ReadLimits.YAML_ALIASES);
        o.setAllowRecursiveKeys(false);
        o.setNestingDepthLimit(ReadLimits.YAML_DEPTH);
        o.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, ReadLimits.YAML_BYTES));
        o.setAllowDuplicateKeys(false);
        o.setTagInspector(tag -> false);
        return o;
    }

    /** A Jackson mapper for YAML with the same limits (document size, nesting, string and number lengths). */
    public static ObjectMapper mapper() {
        YAMLFactory f = YAMLFactory.builder()
                .loaderOptions(loaderOptions())
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(ReadLimits.YAML_BYTES)
                        .maxNestingDepth(ReadLimits.YAML_DEPTH)
                        .maxStringLength((int) Math.min(Integer.MAX_VALUE, ReadLimits.YAML_BYTES))
                        .maxNumberLength(1000)
                        .build())
                .build();
        return new ObjectMapper(f);
    }

    /** The document's text after the size check, or a one-line error. */
    public static String text(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException("no such file: " + file);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + AtomicFiles.describe(e));
        }
        if (size > ReadLimits.YAML_BYTES) {
            throw new BadInputException(file + " has " + size + " bytes, more than the " + ReadLimits.YAML_BYTES
                    + " a YAML settings file may have (limit orrery.limit.yaml-bytes)");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + AtomicFiles.describe(e));
        }
    }

    /** The node tree (with line marks) of {@code file}; null for an empty document. */
    public static Node compose(Path file) {
        String text = text(file);
        try (Reader r = new StringReader(text)) {
            return new Yaml(loaderOptions()).compose(r);
        } catch (YAMLException e) {
            throw error(file, e);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + AtomicFiles.describe(e));
        }
    }

    /** Plain Java values (maps, lists, strings, numbers, booleans, null) of {@code file}. */
    public static Object load(Path file) {
        return loadString(text(file), file.toString());
    }

    /** As {@link #load} for text from elsewhere (a {@code --prior} string); {@code source} names it in errors. */
    public static Object loadString(String text, String source) {
        if (text.length() > ReadLimits.YAML_BYTES) {
            throw new BadInputException(source + " has " + text.length() + " characters, more than the limit of "
                    + ReadLimits.YAML_BYTES + " (orrery.limit.yaml-bytes)");
        }
        LoaderOptions o = loaderOptions();
        try {
            return new Yaml(new SafeConstructor(o), new org.yaml.snakeyaml.representer.Representer(
                    new org.yaml.snakeyaml.DumperOptions()), new org.yaml.snakeyaml.DumperOptions(), o).load(text);
        } catch (YAMLException e) {
            throw error(Path.of(source), e);
        } catch (StackOverflowError e) {
            throw new BadInputException(source + ": not valid YAML: nested too deeply");
        }
    }

    /** A mapping of settings ({@code key: value}); an empty document is an empty map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readMapping(Path file) {
        Object value = load(file);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map)) {
            throw new BadInputException(file + ": expected a mapping of settings (key: value), found "
                    + kind(value));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : ((Map<Object, Object>) value).entrySet()) {
            out.put(String.valueOf(e.getKey()), e.getValue());
        }
        return out;
    }

    private static String kind(Object v) {
        return v instanceof java.util.List ? "a list" : v instanceof String ? "a string" : "a " + v.getClass().getSimpleName().toLowerCase();
    }

    private static BadInputException error(Path file, YAMLException e) {
        String problem;
        Mark m = null;
        if (e instanceof MarkedYAMLException me) {
            m = me.getProblemMark();
            problem = me.getProblem();
        } else {
            problem = e.getMessage();
        }
        problem = problem == null ? "malformed" : problem.lines().findFirst().orElse("malformed").trim();
        if (problem.contains("aliases for non-scalar nodes")) {
            problem = "more than " + ReadLimits.YAML_ALIASES + " aliases to lists or mappings (a YAML bomb?); limit orrery.limit.yaml-aliases";
        } else if (problem.contains("code points") || problem.contains("exceeds the limit")) {
            problem = "document larger than " + ReadLimits.YAML_BYTES + " characters (limit orrery.limit.yaml-bytes)";
        }
        return new BadInputException(file + (m == null ? "" : ":" + (m.getLine() + 1)) + ": not valid YAML: " + problem);
    }
}
