package org.orrery.posteriorfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    /** A training checkpoint: the same container, read through the same checks, with the estimator's training state as payload. */
    static final String CHECKPOINT_FORMAT_NAME = "orrery-checkpoint";
    /**
     * A checkpoint's payload holds weights, best weights and two optimiser moments: at most this
     * many times a posterior payload of the same network.
     */
    static final int CHECKPOINT_PAYLOAD_FACTOR = 4;
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

    /**
     * A file read back: its header, the estimator payload to hand to {@code PosteriorEstimator.read},
     * and the identity of the bank it was trained on when the writer recorded it.
     */
    public record Contents(Header header, byte[] payload, java.util.Optional<TrainingBank> training) {
        public Contents(Header header, byte[] payload) {
            this(header, payload, java.util.Optional.empty());
        }
    }

    /**
     * What identifies the training bank, so that {@code validate} can tell a held-out bank that
     * repeats it: its path, size and SHA-256, the simulator and the campaign seed; and the prior its
     * parameters were drawn from (as the bank records it), so that samples drawn later can say so.
     */
    public record TrainingBank(String path, long size, String sha256, String simulatorId, long seed, long simulations,
            String prior) {

        public TrainingBank {
            prior = prior == null ? "" : prior;
        }

        /** Without a recorded prior (files written before the prior was recorded). */
        public TrainingBank(String path, long size, String sha256, String simulatorId, long seed, long simulations) {
            this(path, size, sha256, simulatorId, seed, simulations, "");
        }

        /** Identity of {@code bank} (hashes the file: about a second per GB). */
        public static TrainingBank of(Path bank, org.orrery.bank.BankMetadata meta, long simulations) {
            try (InputStream in = Files.newInputStream(bank)) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                }
                return new TrainingBank(bank.toAbsolutePath().normalize().toString(), Files.size(bank),
                        HexFormat.of().formatHex(md.digest()), meta.simulatorId(), meta.seed(), simulations, meta.prior());
            } catch (IOException e) {
                throw new BadInputException("cannot read " + bank + ": " + AtomicFiles.describe(e));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
        }
    }

    /** Writes atomically: a crash leaves either no file or the old one. */
    public static void write(Path out, Header header, byte[] payload) {
        write(out, header, payload, null);
    }

    /** As {@link #write(Path, Header, byte[])}, recording the training bank's identity (may be null). */
    public static void write(Path out, Header header, byte[] payload, TrainingBank training) {
        write(out, header, payload, training, FORMAT_NAME);
    }

    /**
     * Writes a training checkpoint atomically (temp file + rename: a kill leaves the previous
     * checkpoint): {@code header} describes the run (its history so far), {@code state} is the
     * estimator's training state.
     */
    public static void writeCheckpoint(Path out, Header header, byte[] state) {
        write(out, header, state, null, CHECKPOINT_FORMAT_NAME);
    }

    /** Reads a checkpoint through the same checks as a posterior file, its payload limit scaled by {@link #CHECKPOINT_PAYLOAD_FACTOR}. */
    public static Contents readCheckpoint(Path in) {
        return read(in, CHECKPOINT_FORMAT_NAME);
    }

    private static void write(Path out, Header header, byte[] payload, TrainingBank training, String format) {
        byte[] headerBytes;
        try {
            ObjectNode root = toJson(header);
            root.put("format", format);
            if (training != null) {
                // a LinkedHashMap, not Map.of: Map.of's order changes from one JVM to the next, and equal
                // inputs must give equal bytes (a resumed training run is compared byte for byte)
                var bank = new java.util.LinkedHashMap<String, Object>();
                bank.put("path", training.path());
                bank.put("size", training.size());
                bank.put("sha256", training.sha256());
                bank.put("simulator", training.simulatorId());
                bank.put("seed", training.seed());
                bank.put("simulations", training.simulations());
                bank.put("prior", training.prior());
                root.set("training_bank", JSON.valueToTree(bank));
            }
            headerBytes = JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode posterior header: " + e.getMessage(), e);
        }
        String checksums = HEADER + " " + sha256(headerBytes) + "\n" + PAYLOAD + " " + sha256(payload) + "\n";
        // entries stamped with the header's creation time, not the clock: equal inputs give equal bytes
        long time = header.created().toEpochMilli();
        AtomicFiles.write(out, tmp -> {
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
                put(zip, HEADER, headerBytes, time);
                put(zip, PAYLOAD, payload, time);
                put(zip, CHECKSUMS, checksums.getBytes(java.nio.charset.StandardCharsets.UTF_8), time);
            }
        });
    }

    /** Most entries a posterior zip may have (it has three). */
    static final int MAX_ENTRIES = 16;
    /** Largest header.json. */
    static final long HEADER_LIMIT = 8L << 20;
    /** Largest checksums.txt. */
    static final long CHECKSUMS_LIMIT = 64L << 10;
    /** Largest inflated/compressed ratio for an entry over 1 MiB: weights compress ~1.1×, a zip bomb ~1000×. */
    static final double MAX_RATIO = 100;

    /**
     * Reads and checks a posterior file. Before anything is inflated the zip's entry count, each
     * entry's declared size and compression ratio are checked, and {@code payload.bin}'s declared
     * size against {@link #payloadLimit}, derived from the header's network shape; while inflating,
     * no entry may produce more bytes than it declared. So a 3 MB file whose payload inflates to
     * 3 GB costs a one-line error, not the heap.
     */
    public static Contents read(Path in) {
        return read(in, FORMAT_NAME);
    }

    private static Contents read(Path in, String format) {
        String what = format.equals(FORMAT_NAME) ? "Orrery posterior file" : "Orrery training checkpoint";
        if (!Files.exists(in)) {
            throw new BadInputException((format.equals(FORMAT_NAME) ? "posterior file" : "training checkpoint") + " not found: " + in);
        }
        byte[] headerBytes;
        byte[] payload;
        byte[] checksumBytes;
        // ZipFile needs the central directory at the end, so a truncated file is caught here
        try (ZipFile zip = new ZipFile(in.toFile())) {
            if (zip.size() > MAX_ENTRIES) {
                throw new BadInputException(in + " is not an " + what + ": it has " + zip.size()
                        + " entries, at most " + MAX_ENTRIES + " are allowed");
            }
            Map<String, ZipEntry> byName = new LinkedHashMap<>();
            var all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                if (!List.of(HEADER, PAYLOAD, CHECKSUMS).contains(e.getName())) {
                    throw new BadInputException(in + " is not an " + what + ": unexpected entry '"
                            + printable(e.getName()) + "'");
                }
                if (byName.put(e.getName(), e) != null) {
                    throw new BadInputException(in + " is not an " + what + ": entry " + e.getName() + " appears twice");
                }
            }
            for (String name : List.of(HEADER, PAYLOAD, CHECKSUMS)) {
                if (!byName.containsKey(name)) {
                    throw new BadInputException(in + " is not a complete " + what + ": " + name + " is missing");
                }
            }
            checksumBytes = entry(zip, byName.get(CHECKSUMS), CHECKSUMS_LIMIT, in, "", what);
            headerBytes = entry(zip, byName.get(HEADER), HEADER_LIMIT, in, "", what);
            Header provisional = provisionalHeader(in, headerBytes, format);
            long limit = format.equals(FORMAT_NAME) ? payloadLimit(provisional)
                    : Math.min(Long.MAX_VALUE / 2, CHECKPOINT_PAYLOAD_FACTOR * payloadLimit(provisional));
            payload = entry(zip, byName.get(PAYLOAD), limit, in, " (the limit for a " + provisional.estimatorId()
                    + " network of this shape: " + describeShape(provisional) + ")", what);
        } catch (ZipException | java.io.EOFException e) {
            throw new BadInputException(in + " is not a readable " + what + " (truncated or not a zip): " + e.getMessage());
        } catch (IOException e) {
            throw new BadInputException("cannot read " + what + " " + in + ": " + e.getMessage());
        }
        Map<String, String> sums = parseChecksums(in, new String(checksumBytes, java.nio.charset.StandardCharsets.UTF_8));
        if (!sha256(headerBytes).equals(sums.get(HEADER)) || !sha256(payload).equals(sums.get(PAYLOAD))) {
            String name = !sha256(headerBytes).equals(sums.get(HEADER)) ? HEADER : PAYLOAD;
            throw new BadInputException(in + " is corrupt or was modified: checksum of " + name + " does not match");
        }
        JsonNode json = parseJson(in, headerBytes, format);
        try {
            JsonNode tb = json.get("training_bank");
            java.util.Optional<TrainingBank> training = tb == null || tb.isNull() ? java.util.Optional.empty()
                    : java.util.Optional.of(new TrainingBank(tb.path("path").asText(), tb.path("size").asLong(),
                            tb.path("sha256").asText(), tb.path("simulator").asText(), tb.path("seed").asLong(),
                            tb.path("simulations").asLong(), tb.path("prior").asText("")));
            return new Contents(fromJson(json), payload, training);
        } catch (RuntimeException e) {
            throw new BadInputException(in + ": malformed header.json: " + e.getMessage());
        }
    }

    private static JsonNode parseJson(Path in, byte[] headerBytes, String format) {
        JsonNode json;
        try {
            json = JSON.readTree(headerBytes);
        } catch (IOException e) {
            throw new BadInputException(in + ": header.json is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!format.equals(json.path("format").asText())) {
            throw new BadInputException(in + " is not an " + (format.equals(FORMAT_NAME) ? "Orrery posterior file" : "Orrery training checkpoint")
                    + " (format '" + json.path("format").asText() + "')");
        }
        int version = json.path("format_version").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new BadInputException(in + " has posterior format version " + version + "; this Orrery reads version "
                    + FORMAT_VERSION + " (retrain, or use the Orrery that wrote it)");
        }
        return json;
    }

    /** The header as declared, read before its checksum is verified, only to size the payload. */
    private static Header provisionalHeader(Path in, byte[] headerBytes, String format) {
        JsonNode json = parseJson(in, headerBytes, format);
        try {
            return fromJson(json);
        } catch (RuntimeException e) {
            throw new BadInputException(in + ": malformed header.json: " + e.getMessage());
        }
    }

    /**
     * The most bytes {@code payload.bin} may inflate to for the network the header declares: the
     * weights of {@code depth} blocks of width {@code w} over {@code dθ} parameters and a {@code dx}
     * observable (an upper bound for the MADE/MAF/NSF shapes: {@code depth·((dθ+dx+w+1)·w +
     * (3·bins+2)·w·dθ)}), at 8 bytes each, doubled, plus 16 MiB for z-scoring, history and headroom.
     * Width is the largest of the config's width-like settings (hidden, width, features, channels;
     * 256 when none), depth the product of its count-like settings (transforms, layers, blocks,
     * depth, ensemble; 16 when none). A larger payload needs a larger heap than the user agreed to
     * give a stranger's file; the {@code orrery.limit.posterior-bytes} property overrides it.
     */
    public static long payloadLimit(Header h) {
        Long forced = Long.getLong("orrery.limit.posterior-bytes");
        if (forced != null) {
            return forced;
        }
        long d = h.parameters().dimension();
        long c = Math.max(1, h.observable().size());
        long width = 0;
        double depth = 1;
        boolean anyDepth = false;
        long bins = 0;
        for (var e : h.config().entrySet()) {
            if (!(e.getValue() instanceof Number n) || n.doubleValue() < 1) {
                continue;
            }
            String k = e.getKey().toLowerCase(java.util.Locale.ROOT);
            long v = (long) Math.min(n.doubleValue(), 1e6);
            if (k.matches(".*(hidden|width|features|channels|units).*")) {
                width = Math.max(width, v);
            } else if (k.matches(".*(transforms|layers|blocks|depth|ensemble).*")) {
                depth *= v;
                anyDepth = true;
            } else if (k.equals("bins")) {
                bins = v;
            }
        }
        width = width == 0 ? 256 : width;
        depth = anyDepth ? depth : 16;
        double weights = depth * ((double) (d + c + width + 1) * width + (3.0 * bins + 2) * width * d);
        double bytes = 2 * 8 * weights + 8.0 * 4 * (d + c) + (16L << 20);
        return bytes >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE / 2 : (long) bytes;
    }

    private static String describeShape(Header h) {
        return h.parameters().dimension() + " parameters, observable of " + h.observable().size() + " values, config "
                + h.config().entrySet().stream().filter(e -> e.getValue() instanceof Number)
                        .map(e -> e.getKey() + "=" + e.getValue()).sorted().toList();
    }

    /**
     * One entry's bytes: its declared size checked against {@code limit}, the heap and the
     * compression ratio before inflating, and the inflation stopped as soon as it produces more
     * than declared.
     */
    private static byte[] entry(ZipFile zip, ZipEntry e, long limit, Path in, String why, String what) throws IOException {
        long declared = e.getSize();
        long compressed = e.getCompressedSize();
        if (declared < 0) {
            throw new BadInputException(in + " is not an " + what + ": " + e.getName() + " does not declare its size");
        }
        if (declared > limit) {
            throw new BadInputException(in + " is refused: " + e.getName() + " declares " + declared + " bytes ("
                    + org.orrery.io.ReadLimits.human(declared) + "), more than the limit of " + limit + " bytes"
                    + why);
        }
        if (declared > (1L << 20) && compressed >= 0 && declared > MAX_RATIO * Math.max(1, compressed)) {
            throw new BadInputException(in + " is refused: " + e.getName() + " inflates " + compressed + " bytes to "
                    + declared + " (ratio " + declared / Math.max(1, compressed) + ", limit " + (long) MAX_RATIO
                    + "); trained weights do not compress like that");
        }
        org.orrery.io.ReadLimits.checkHeap(2 * declared, what + " " + in);
        byte[] out = new byte[(int) declared];
        try (InputStream data = zip.getInputStream(e)) {
            int n = data.readNBytes(out, 0, out.length);
            if (n < out.length) {
                throw new BadInputException(in + " is corrupt: " + e.getName() + " holds " + n + " bytes, its entry declares "
                        + declared);
            }
            if (data.read() >= 0) {
                throw new BadInputException(in + " is refused: " + e.getName() + " inflates to more than the " + declared
                        + " bytes its entry declares");
            }
        }
        return out;
    }

    private static String printable(String s) {
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
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
        // sorted: Map.copyOf iterates in an order that changes from one JVM to the next
        root.set("config", JSON.valueToTree(new java.util.TreeMap<>(h.config())));
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

    private static void put(ZipOutputStream zip, String name, byte[] bytes, long time) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTime(time);
        zip.putNextEntry(e);
        zip.write(bytes);
        zip.closeEntry();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
