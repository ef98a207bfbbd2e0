package org.orrery.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.data.ArraySpec;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.posteriorfile.PosteriorFile;

/**
 * Issue 19: every reader refuses a hostile file (tiny on disk but huge by declaration, or highly
 * compressible) with one line, in a few seconds, inside a 64 MB heap, and nothing is written. Each
 * case runs {@link HostileReadMain} in a JVM of its own with {@code -Xmx64m}; an OutOfMemoryError or
 * any other throwable there exits 3 and fails the test.
 */
class HostileFilesTest {

    /**
     * "A few seconds" of the reader's own CPU time, measured on its thread inside the child JVM: wall
     * time on a shared 2-core machine under load says more about the neighbours than the reader. Wall
     * time is bounded too, generously (the unguarded readers took 26 s and 43 min).
     */
    static final double CPU_SECONDS = 3;
    static final double WALL_SECONDS = 30;

    @TempDir
    Path dir;

    record Outcome(int rc, String stderr, double seconds, double cpu, double wall) {
    }

    Outcome run(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp", cp,
                HostileReadMain.class.getName()));
        cmd.addAll(List.of(args));
        long t0 = System.nanoTime();
        Path stdout = Files.createTempFile(dir, "stdout", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("reader still running after 120 s");
        }
        String times = Files.readAllLines(stdout).stream().filter(l -> l.startsWith("reader_seconds=")).findFirst()
                .orElse("reader_seconds=NaN reader_cpu_seconds=NaN");
        Files.delete(stdout);
        String[] f = times.split("[ =]");
        return new Outcome(p.exitValue(), err, Double.parseDouble(f[1]), Double.parseDouble(f[3]),
                (System.nanoTime() - t0) / 1e9);
    }

    /** One line naming the file, no stack trace, no output, refused in time. */
    void assertRefused(Outcome o, Path file, Path out, String... words) {
        System.out.printf("refused in %.2f s, %.2f s CPU (%.2f s with JVM start-up): %s", o.seconds, o.cpu, o.wall, o.stderr);
        assertEquals(1, o.rc, "exit code; stderr: " + o.stderr);
        String line = o.stderr.strip();
        assertFalse(line.contains("\n"), "one line: " + o.stderr);
        assertFalse(line.contains("Exception") || line.contains("Error") || line.contains("\tat "), line);
        assertTrue(line.contains(file.toString()), "names the file: " + line);
        for (String w : words) {
            assertTrue(line.contains(w), "mentions '" + w + "': " + line);
        }
        assertTrue(o.cpu < CPU_SECONDS, "the reader's thread used " + o.cpu + " s of CPU");
        assertTrue(o.seconds < WALL_SECONDS, "the reader took " + o.seconds + " s");
        assertFalse(Files.exists(out), "nothing written");
    }

    static PosteriorFile.Header header() {
        var space = ParameterSpace.of(new Parameter("theta_1", "", "\\theta_1", -1, 1),
                new Parameter("theta_2", "", "\\theta_2", -1, 1));
        return new PosteriorFile.Header(PosteriorFile.FORMAT_VERSION, "maf", "0.1.0", "two_moons", "1", space,
                ArraySpec.vector("x", 2), Map.of("transforms", 5, "hidden", 50), List.of(), "bank.h5", 1, "0.1.0",
                java.time.Instant.parse("2026-12-03T00:00:00Z"));
    }

    /** header.json of a genuine posterior file. */
    byte[] genuineHeaderJson() throws IOException {
        Path p = dir.resolve("genuine.orrery");
        PosteriorFile.write(p, header(), new byte[] {1, 2, 3});
        try (ZipFile z = new ZipFile(p.toFile())) {
            return z.getInputStream(z.getEntry("header.json")).readAllBytes();
        }
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static String sha256OfZeros(long mib) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] z = new byte[1 << 20];
        for (long i = 0; i < mib; i++) {
            md.update(z);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void posteriorWhosePayloadInflatesTo3GB() throws Exception {
        // the measured case: a 3 MB posterior whose payload.bin inflates to 3 GB (a genuine header; the
        // payload's checksum is not computed here: 3 GB of SHA-256 costs the test ~10 s, and the reader
        // refuses the entry by its declared size before any checksum is looked at)
        byte[] header = genuineHeaderJson();
        int mib = 3000;
        String sums = "header.json " + sha256(header) + "\npayload.bin " + "0".repeat(64) + "\n";
        Path bomb = dir.resolve("bomb.orrery");
        new CraftedZip().stored("header.json", header).zeros("payload.bin", mib, -1)
                .stored("checksums.txt", sums.getBytes(StandardCharsets.UTF_8)).write(bomb);
        long size = Files.size(bomb);
        assertTrue(size < 4_000_000, "about 3 MB on disk: " + size);
        Path out = dir.resolve("samples.csv");
        assertRefused(run("posterior=" + bomb, "out=" + out), bomb, out, "payload.bin declares 3145728000 bytes",
                "more than the limit");
    }

    @Test
    void trainingCheckpointWhoseStateInflatesTo3GB() throws Exception {
        // checkpoints go through the posterior file's checks (their limit is 4x the shape's posterior limit)
        Path genuine = dir.resolve("genuine.ckpt");
        PosteriorFile.writeCheckpoint(genuine, header(), new byte[] {1, 2, 3});
        byte[] header;
        try (ZipFile z = new ZipFile(genuine.toFile())) {
            header = z.getInputStream(z.getEntry("header.json")).readAllBytes();
        }
        String sums = "header.json " + sha256(header) + "\npayload.bin " + "0".repeat(64) + "\n";
        Path bomb = dir.resolve("bomb.ckpt");
        new CraftedZip().stored("header.json", header).zeros("payload.bin", 3000, -1)
                .stored("checksums.txt", sums.getBytes(StandardCharsets.UTF_8)).write(bomb);
        Path out = dir.resolve("accepted.txt");
        var accepted = run("checkpoint=" + genuine, "out=" + out);
        assertEquals(0, accepted.rc, "the genuine checkpoint reads: " + accepted.stderr);
        Files.delete(out);
        assertRefused(run("checkpoint=" + bomb, "out=" + out), bomb, out, "payload.bin declares 3145728000 bytes",
                "more than the limit");
        // a posterior file is not a checkpoint, nor the other way round
        Path posterior = dir.resolve("genuine.orrery");
        genuineHeaderJson();
        assertRefused(run("checkpoint=" + posterior, "out=" + out), posterior, out, "not an Orrery training checkpoint");
        assertRefused(run("posterior=" + genuine, "out=" + out), genuine, out, "not an Orrery posterior file");
    }

    @Test
    void posteriorWhoseDirectoryUnderstatesTheInflatedSize() throws Exception {
        // the central directory says 1000 bytes; the stream inflates to 3 GB
        byte[] header = genuineHeaderJson();
        Path liar = dir.resolve("liar.orrery");
        new CraftedZip().stored("header.json", header).zeros("payload.bin", 3000, 1000)
                .stored("checksums.txt", ("header.json " + sha256(header) + "\npayload.bin 00\n").getBytes(StandardCharsets.UTF_8))
                .write(liar);
        Path out = dir.resolve("samples.csv");
        assertRefused(run("posterior=" + liar, "out=" + out), liar, out, "payload.bin");
    }

    @Test
    void posteriorThatCompressesLikeNoWeightsDo() throws Exception {
        // honest sizes, under the shape's limit, but 10 MiB of zeros in 10 KB: ratio ~1000
        byte[] header = genuineHeaderJson();
        Path zeros = dir.resolve("zeros.orrery");
        new CraftedZip().stored("header.json", header).zeros("payload.bin", 10, -1)
                .stored("checksums.txt", ("header.json " + sha256(header) + "\npayload.bin " + sha256OfZeros(10) + "\n")
                        .getBytes(StandardCharsets.UTF_8))
                .write(zeros);
        Path out = dir.resolve("samples.csv");
        assertRefused(run("posterior=" + zeros, "out=" + out), zeros, out, "ratio");
    }

    @Test
    void posteriorWithThousandsOfEntries() throws Exception {
        CraftedZip z = new CraftedZip();
        for (int i = 0; i < 5000; i++) {
            z.stored("e" + i, new byte[] {1});
        }
        Path many = dir.resolve("many.orrery");
        z.write(many);
        Path out = dir.resolve("samples.csv");
        assertRefused(run("posterior=" + many, "out=" + out), many, out, "5000 entries");
    }

    /** A FITS header of the given cards, padded to one 2880-byte block. */
    static byte[] fitsHeader(String... cards) {
        StringBuilder b = new StringBuilder();
        for (String c : cards) {
            b.append(String.format("%-80s", c));
        }
        b.append(String.format("%-80s", "END"));
        while (b.length() % 2880 != 0) {
            b.append(' ');
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void fitsObservationClaiming400MillionPixels() throws Exception {
        // the measured case: 5.7 KB on disk, a header claiming a 20000 x 20000 float image
        Path fits = dir.resolve("huge.fits");
        byte[] h = fitsHeader("SIMPLE  =                    T", "BITPIX  =                  -32", "NAXIS   =                    2",
                "NAXIS1  =                20000", "NAXIS2  =                20000");
        byte[] file = java.util.Arrays.copyOf(h, 2 * 2880);
        Files.write(fits, file);
        assertEquals(5760, Files.size(fits));
        Path out = dir.resolve("samples.csv");
        assertRefused(run("expect=2", "observation=" + fits, "out=" + out), fits, out, "1600000000 bytes of data");
        // and with no expected shape to compare against, the file length alone refuses it
        assertRefused(run("observation=" + fits, "out=" + out), fits, out, "only 2880 bytes follow its header");
    }

    @Test
    void fitsWhoseHeaderFitsTheFileButNotTheObservable() throws Exception {
        // a genuine 100 x 100 image offered for a 2-value observable: refused before its data is read
        Path fits = dir.resolve("big.fits");
        byte[] h = fitsHeader("SIMPLE  =                    T", "BITPIX  =                  -64", "NAXIS   =                    2",
                "NAXIS1  =                  100", "NAXIS2  =                  100");
        Files.write(fits, java.util.Arrays.copyOf(h, 2880 + 80_640));
        Path out = dir.resolve("samples.csv");
        assertRefused(run("expect=2", "observation=" + fits, "out=" + out), fits, out, "declares shape (100, 100)", "expected (2,)");
    }

    @Test
    void hdf5DatasetDeclaringBillionsOfValues() throws Exception {
        // h5py allocates contiguous storage lazily: a 2 KB file whose dataset declares 20000 x 20000 doubles
        Path h5 = dir.resolve("huge.h5");
        python("import h5py, sys\nwith h5py.File(sys.argv[1], 'w') as f:\n    f.create_dataset('x', shape=(20000, 20000), dtype='f8')\n",
                h5.toString());
        assertTrue(Files.size(h5) < 10_000, "tiny on disk: " + Files.size(h5));
        Path out = dir.resolve("samples.csv");
        assertRefused(run("expect=2", "observation=" + h5, "out=" + out), h5, out, "declares shape (20000, 20000)", "expected (2,)");
        assertRefused(run("observation=" + h5, "out=" + out), h5, out, "declares shape (20000, 20000)");
    }

    static final String PYTHON = "/usr/bin/python3";

    /** Runs a python script; aborts (prints SKIPPED) without h5py locally, fails without it in CI. */
    static void python(String script, String... args) throws Exception {
        String why = null;
        if (!Files.isExecutable(Path.of(PYTHON))) {
            why = PYTHON + " not found";
        } else {
            Process p = new ProcessBuilder(PYTHON, "-c", "import h5py").redirectErrorStream(true).start();
            String o = new String(p.getInputStream().readAllBytes());
            p.waitFor(60, TimeUnit.SECONDS);
            why = p.exitValue() == 0 ? null : o.strip();
        }
        if (why != null) {
            if (System.getenv("CI") != null) {
                org.junit.jupiter.api.Assertions.fail("python3-h5py is required in CI: " + why);
            }
            System.err.println("SKIPPED: python3-h5py not installed (" + why + ")");
            org.junit.jupiter.api.Assumptions.abort("SKIPPED: python3-h5py not installed");
        }
        List<String> cmd = new ArrayList<>(List.of(PYTHON, "-c", script));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String o = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            org.junit.jupiter.api.Assertions.fail("python failed: " + o);
        }
    }

    /** A sparse file: {@code bytes} long, nothing on disk. */
    static void sparse(Path p, long bytes, String start) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.write(start.getBytes(StandardCharsets.UTF_8));
            f.setLength(bytes);
        }
    }

    @Test
    void csvOfGigabytesWithoutANewline() throws Exception {
        Path csv = dir.resolve("huge.csv");
        sparse(csv, 2L << 30, "data_1,data_2\n1,");
        Path out = dir.resolve("samples.csv");
        assertRefused(run("expect=2", "observation=" + csv, "out=" + out), csv, out, "2147483648 bytes", "limit");
        assertRefused(run("observation=" + csv, "out=" + out), csv, out, "2147483648 bytes");
    }

    @Test
    void csvWithAShortRow() throws Exception {
        Path csv = dir.resolve("short.csv");
        Files.writeString(csv, "data_1,data_2,data_3\n0.5,1.5\n");
        Path out = dir.resolve("samples.csv");
        assertRefused(run("expect=3", "observation=" + csv, "out=" + out), csv, out, "3 header names but 2 values");
    }

    @Test
    void yamlBillionLaughs() throws Exception {
        StringBuilder y = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            y.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                y.append(i > 0 ? "," : "").append('*').append(p);
            }
            y.append("]\n");
        }
        Path yaml = dir.resolve("lol.yaml");
        Files.writeString(yaml, y);
        assertTrue(Files.size(yaml) < 1000);
        Path out = dir.resolve("samples.csv");
        assertRefused(run("yaml=" + yaml, "out=" + out), yaml, out, "aliases");
    }

    @Test
    void yamlOfGigabytes() throws Exception {
        Path yaml = dir.resolve("huge.yaml");
        sparse(yaml, 3L << 30, "key: ");
        Path out = dir.resolve("samples.csv");
        assertRefused(run("yaml=" + yaml, "out=" + out), yaml, out, "3221225472 bytes");
    }
}
