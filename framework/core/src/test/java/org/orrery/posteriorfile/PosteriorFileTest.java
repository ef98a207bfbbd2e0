package org.orrery.posteriorfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.data.ArraySpec;
import org.orrery.io.BadInputException;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.posterior.EpochReport;

class PosteriorFileTest {

    @TempDir Path dir;

    private static PosteriorFile.Header header() {
        var space = ParameterSpace.of(new Parameter("omega_m", "", "\\Omega_m", 0.1, 0.5), Parameter.unbounded("s8"));
        return new PosteriorFile.Header(PosteriorFile.FORMAT_VERSION, "maf", "1.2.3", "grf", "0.4.0", space,
                new ArraySpec("delta", new int[] {4, 4}, "", ArraySpec.Kind.GRID), Map.of("hidden", 50, "batch_size", 200),
                List.of(new EpochReport(1, 10, 2.5, 2.25, 40, true), new EpochReport(2, 10, 1.5, 1.75, 80, true)),
                "/data/bank.h5", 42, "0.1.0", java.time.Instant.parse("2026-11-26T07:00:00Z"));
    }

    private static final byte[] PAYLOAD = "weights go here \u0000\u0001\u00ff".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void roundTripKeepsEveryField() {
        Path f = dir.resolve("p.orrery");
        PosteriorFile.write(f, header(), PAYLOAD);
        var c = PosteriorFile.read(f);
        var h = c.header();
        assertArrayEquals(PAYLOAD, c.payload());
        assertEquals("maf", h.estimatorId());
        assertEquals("1.2.3", h.estimatorVersion());
        assertEquals("grf", h.simulatorId());
        assertEquals(header().parameters(), h.parameters(), "bounds incl. infinities survive JSON");
        assertEquals(header().observable(), h.observable());
        assertEquals(50, ((Number) h.config().get("hidden")).intValue());
        assertEquals(2, h.history().size());
        assertEquals(1.75, h.history().get(1).validationLoss());
        assertEquals(42, h.seed());
        assertEquals(header().created(), h.created());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList(), "no temp files left beside it");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void missingTruncatedAndNonZipFilesAreOneLineErrors() throws IOException {
        var e = assertThrows(BadInputException.class, () -> PosteriorFile.read(dir.resolve("absent.orrery")));
        assertEquals("posterior file not found: " + dir.resolve("absent.orrery"), e.getMessage());

        Path f = dir.resolve("p.orrery");
        PosteriorFile.write(f, header(), PAYLOAD);
        byte[] all = Files.readAllBytes(f);
        Path truncated = dir.resolve("truncated.orrery");
        Files.write(truncated, java.util.Arrays.copyOf(all, all.length / 2));
        e = assertThrows(BadInputException.class, () -> PosteriorFile.read(truncated));
        assertTrue(e.getMessage().startsWith(truncated.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));

        Path text = dir.resolve("notes.orrery");
        Files.writeString(text, "just some text");
        e = assertThrows(BadInputException.class, () -> PosteriorFile.read(text));
        assertTrue(e.getMessage().contains("not a complete Orrery posterior file") || e.getMessage().contains("not a readable"),
                e.getMessage());
    }

    @Test
    void tamperedPayloadOrHeaderIsDetected() throws IOException {
        Path f = dir.resolve("p.orrery");
        PosteriorFile.write(f, header(), PAYLOAD);

        Map<String, byte[]> entries = entries(f);
        entries.get("payload.bin")[3] ^= 1;
        Path tampered = rezip(entries, "tampered.orrery");
        var e = assertThrows(BadInputException.class, () -> PosteriorFile.read(tampered));
        assertEquals(tampered + " is corrupt or was modified: checksum of payload.bin does not match", e.getMessage());

        entries = entries(f);
        entries.put("header.json", new String(entries.get("header.json"), StandardCharsets.UTF_8)
                .replace("\"grf\"", "\"lpt\"").getBytes(StandardCharsets.UTF_8));
        Path edited = rezip(entries, "edited.orrery");
        e = assertThrows(BadInputException.class, () -> PosteriorFile.read(edited));
        assertTrue(e.getMessage().contains("checksum of header.json does not match"), e.getMessage());
    }

    @Test
    void otherFormatVersionsAreRefusedByName() throws IOException {
        Path f = dir.resolve("p.orrery");
        var h = header();
        var future = new PosteriorFile.Header(2, h.estimatorId(), h.estimatorVersion(), h.simulatorId(),
                h.simulatorVersion(), h.parameters(), h.observable(), h.config(), h.history(), h.bank(), h.seed(),
                h.orreryVersion(), h.created());
        PosteriorFile.write(f, future, PAYLOAD);
        var e = assertThrows(BadInputException.class, () -> PosteriorFile.read(f));
        assertEquals(f + " has posterior format version 2; this Orrery reads version 1 (retrain, or use the Orrery that wrote it)",
                e.getMessage());
    }

    private static Map<String, byte[]> entries(Path f) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (var zip = new ZipInputStream(Files.newInputStream(f))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                out.put(e.getName(), zip.readAllBytes());
            }
        }
        return out;
    }

    private Path rezip(Map<String, byte[]> entries, String name) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        Path p = dir.resolve(name);
        Files.write(p, bytes.toByteArray());
        return p;
    }
}
