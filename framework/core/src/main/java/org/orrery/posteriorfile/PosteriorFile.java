package org.orrery.posteriorfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.orrery.data.ArraySpec;
import org.orrery.io.AtomicFiles;
import org.orrery.io.BadInputException;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.posterior.EpochReport;

/**
 * The trained-posterior file: a zip holding {@code header.json} (format version, estimator and
 * simulator ids/versions, parameter space, observable, config, training history, provenance),
 * {@code payload.bin} (the estimator's own weights, written by {@code Posterior.write}) and
 * {@code checksums.txt} (SHA-256 of both). Reading checks all of it and never deserialises Java
 * objects, so a tampered or truncated file is an error, not an exploit.
 */
public final class PosteriorFile {

    /** Bump when the container layout changes; readers refuse other versions. */
    public static final int FORMAT_VERSION = 1;
    static final String FORMAT_NAME = "orrery-posterior";
    private static final String HEADER = "header.json";
    private static final String PAYLOAD = "payload.bin";
    private static final String CHECKSUMS = "checksums.txt";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PosteriorFile() {
    }

    /** What a posterior file says about itself. */
    public record Header(int formatVersion, String estimatorId, String estimatorVersion, String simulatorId,
            String simulatorVersion, ParameterSpace parameters, ArraySpec observable, Map<String, Object> config,
            List<EpochReport> history, String bank, long seed, String orreryVersion, Instant created) {
        public Header {
            if (estimatorId == null || estimatorId.isBlank()) {
                throw new IllegalArgumentException("posterior file header needs an estimator id");
            }
            if (parameters == null || observable == null) {
                throw new IllegalArgumentException("posterior file header needs a parameter space and an observable");
            }
            config = config == null ? Map.of() : Map.copyOf(config);
            history = history == null ? List.of() : List.copyOf(history);
            estimatorVersion = estimatorVersion == null ? "" : estimatorVersion;
            simulatorId = simulatorId == null ? "" : simulatorId;
            simulatorVersion = simulatorVersion == null ? "" : simulatorVersion;
            bank = bank == null ? "" : bank;
            created = created == null ? Instant.now() : created;
        }
    }

    /** A file read back: its header and the estimator payload to hand to {@code PosteriorEstimator.read}. */
    public record Contents(Header header, byte[] payload) {
    }

    /** Writes atomically: a crash leaves either no file or the old one. */
    public static void write(Path out, Header header, byte[] payload) {
        byte[] headerBytes;
        try {
            headerBytes = JSON.writeValueAsBytes(toJson(header));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode posterior header: " + e.getMessage(), e);
        }
        String checksums = HEADER + " " + sha256(headerBytes) + "\n" + PAYLOAD + " " + sha256(payload) + "\n";
        AtomicFiles.write(out, tmp -> {
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
                put(zip, HEADER, headerBytes);
                put(zip, PAYLOAD, payload);
                put(zip, CHECKSUMS, checksums.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        });
    }

    public static Contents read(Path in) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        if (!Files.exists(in)) {
            throw new BadInputException("posterior file not found: " + in);
        }
        // ZipFile needs the central directory at the end, so a truncated file is caught here
        try (ZipFile zip = new ZipFile(in.toFile())) {
            var all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                try (InputStream data = zip.getInputStream(e)) {
                    entries.put(e.getName(), readAll(data));
                }
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new BadInputException(in + " is not a readable Orrery posterior file (truncated or not a zip): " + e.getMessage());
        } catch (IOException e) {
            throw new BadInputException("cannot read posterior file " + in + ": " + e.getMessage());
        }
        for (String name : List.of(HEADER, PAYLOAD, CHECKSUMS)) {
            if (!entries.containsKey(name)) {
                throw new BadInputException(in + " is not a complete Orrery posterior file: " + name + " is missing");
            }
        }
        Map<String, String> sums = parseChecksums(in, new String(entries.get(CHECKSUMS), java.nio.charset.StandardCharsets.UTF_8));
        for (String name : List.of(HEADER, PAYLOAD)) {
            if (!sha256(entries.get(name)).equals(sums.get(name))) {
                throw new BadInputException(in + " is corrupt or was modified: checksum of " + name + " does not match");
            }
        }
        JsonNode json;
        try {
            json = JSON.readTree(entries.get(HEADER));
        } catch (IOException e) {
            throw new BadInputException(in + ": header.json is not valid JSON: " + e.getMessage());
        }
        if (!FORMAT_NAME.equals(json.path("format").asText())) {
            throw new BadInputException(in + " is not an Orrery posterior file (format '" + json.path("format").asText() + "')");
        }
        int version = json.path("format_version").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new BadInputException(in + " has posterior format version " + version + "; this Orrery reads version "
                    + FORMAT_VERSION + " (retrain, or use the Orrery that wrote it)");
        }
        try {
            return new Contents(fromJson(json), entries.get(PAYLOAD));
        } catch (RuntimeException e) {
            throw new BadInputException(in + ": malformed header.json: " + e.getMessage());
        }
    }

    private static Map<String, String> parseChecksums(Path in, String text) {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 2) {
                sums.put(parts[0], parts[1]);
            } else if (!line.isBlank()) {
                throw new BadInputException(in + ": malformed checksums.txt line: " + line);
            }
        }
        return sums;
    }

    static ObjectNode toJson(Header h) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT_NAME);
        root.put("format_version", h.formatVersion());
        root.put("estimator", h.estimatorId());
        root.put("estimator_version", h.estimatorVersion());
        root.put("simulator", h.simulatorId());
        root.put("simulator_version", h.simulatorVersion());
        ArrayNode params = root.putArray("parameters");
        for (Parameter p : h.parameters().parameters()) {
            ObjectNode n = params.addObject();
            n.put("name", p.name());
            n.put("unit", p.unit());
            n.put("latex", p.latex());
            n.put("lower", Double.toString(p.lower()));
            n.put("upper", Double.toString(p.upper()));
        }
        ObjectNode obs = root.putObject("observable");
        obs.put("name", h.observable().name());
        ArrayNode shape = obs.putArray("shape");
        for (int d : h.observable().shape()) {
            shape.add(d);
        }
        obs.put("unit", h.observable().unit());
        obs.put("kind", h.observable().kind().name());
        root.set("config", JSON.valueToTree(h.config()));
        ArrayNode hist = root.putArray("history");
        for (EpochReport r : h.history()) {
            ObjectNode n = hist.addObject();
            n.put("epoch", r.epoch());
            n.put("train_loss", r.trainLoss());
            n.put("validation_loss", r.validationLoss());
            n.put("steps", r.steps());
        }
        root.put("bank", h.bank());
        root.put("seed", h.seed());
        root.put("orrery_version", h.orreryVersion());
        root.put("created", h.created().toString());
        return root;
    }

    @SuppressWarnings("unchecked")
    static Header fromJson(JsonNode root) {
        List<Parameter> params = new ArrayList<>();
        for (JsonNode n : required(root, "parameters")) {
            params.add(new Parameter(n.path("name").asText(), n.path("unit").asText(), n.path("latex").asText(),
                    Double.parseDouble(n.path("lower").asText()), Double.parseDouble(n.path("upper").asText())));
        }
        JsonNode obs = required(root, "observable");
        int[] shape = new int[obs.path("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = obs.path("shape").get(i).asInt();
        }
        ArraySpec observable = new ArraySpec(obs.path("name").asText(), shape, obs.path("unit").asText(),
                ArraySpec.Kind.valueOf(obs.path("kind").asText("VECTOR")));
        List<EpochReport> history = new ArrayList<>();
        for (JsonNode n : root.path("history")) {
            history.add(new EpochReport(n.path("epoch").asInt(), 0, n.path("train_loss").asDouble(),
                    n.path("validation_loss").asDouble(), n.path("steps").asLong(), false));
        }
        Map<String, Object> config = JSON.convertValue(root.path("config"), Map.class);
        return new Header(root.path("format_version").asInt(), required(root, "estimator").asText(),
                root.path("estimator_version").asText(), root.path("simulator").asText(),
                root.path("simulator_version").asText(), new ParameterSpace(params), observable, config, history,
                root.path("bank").asText(), root.path("seed").asLong(), root.path("orrery_version").asText(),
                Instant.parse(required(root, "created").asText()));
    }

    private static JsonNode required(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return n;
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
