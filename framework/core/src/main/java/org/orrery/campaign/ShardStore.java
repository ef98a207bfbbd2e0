package org.orrery.campaign;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.orrery.io.AtomicFiles;
import org.orrery.io.BadInputException;

/**
 * The {@code bank.h5.parts/} directory of an unfinished campaign: a manifest naming the campaign and
 * shard files, each holding one or more finished chunks of consecutive indices. Any executor (the
 * local lanes, or later a Spark task writing into a shared directory) makes its chunks durable here,
 * and {@link BankAssembler} streams them into the bank.
 *
 * <p>A shard is written to a temporary name, fsynced and renamed, and ends with its payload length
 * and CRC-32C, so a kill at any moment leaves only complete shards plus, at worst, a stray temporary
 * file or (on a filesystem without atomic rename) a torn shard that fails its check and is redone.
 * Chunks that finish while a shard is being fsynced go into the next shard together (group
 * commit): a fast simulator is never held back by the disk's fsync rate, and each chunk is still
 * durable as soon as the disk allows. Shards are written and checked through a fixed buffer and
 * read back chunk by chunk, so neither side holds a shard in memory.
 *
 * <p><b>Shard format, version {@value #FORMAT_VERSION}</b> (file {@code chunk-NNNNNNNNN.shard}, named
 * after its first chunk; all numbers little-endian; {@code str} is a u32 byte count and UTF-8):
 * <pre>
 * payload:  u64 magic "ORRSHRD5" | str simulator id | u64 seed | u64 num | u32 chunks
 *   chunk:  u64 start | u32 count | u32 dθ | u32 outputs | i32 size[outputs] (-1: varying point set)
 *           | u8 bytes[outputs] (4: float32, 8: float64)
 *           | f64 θ[count × dθ]
 *           | per output: fixed: value[count × size] in its dtype (rows of failures are zeros)
 *                         varying: i32 values[count] (-1: failed) then value[Σ values] in its dtype
 *           | u32 failures | per failure: u32 k (row in chunk) | str reason
 * trailer:  u64 payload length | u64 CRC-32C of the payload
 * </pre>
 * Chunk {@code c} holds indices {@code c × chunk_size …}; the manifest {@code campaign.properties}
 * records format, simulator id and version, seed, num, chunk size, θ and x sizes, outputs, prior and settings,
 * and a shard of another campaign or format is never mixed in.
 */
public final class ShardStore {

    /** Version of the shard layout above; shards of another version are redone on resume. */
    public static final int FORMAT_VERSION = 5;
    private static final long MAGIC = 0x4F52525348524435L; // "ORRSHRD5"
    private static final int TRAILER = 16; // payload length, CRC-32C
    private static final String MANIFEST = "campaign.properties";
    private static final int IO_BUFFER = 1 << 20;

    /**
     * Identity of a campaign: shards of another campaign must never be mixed in. {@code outputs}
     * describes the named outputs (e.g. {@code delta[8, 8, 8] float32 delta_initial[8, 8, 8]}),
     * {@code sizes} gives their values per simulation, -1 for a point set of varying size, and
     * {@code bytes} their stored width (4 for float32, 8 for float64).
     */
    public record Identity(String simulatorId, String simulatorVersion, long seed, long num, int chunkSize,
            int thetaDim, int xSize, String outputs, int[] sizes, String prior, int[] bytes, String settings) {

        public Identity {
            if (bytes == null) {
                bytes = new int[sizes.length];
                java.util.Arrays.fill(bytes, 8);
            }
            settings = settings == null ? "" : settings;
        }

        /** Settings not known ({@code ""}: not compared). */
        public Identity(String simulatorId, String simulatorVersion, long seed, long num, int chunkSize, int thetaDim,
                int xSize, String outputs, int[] sizes, String prior, int[] bytes) {
            this(simulatorId, simulatorVersion, seed, num, chunkSize, thetaDim, xSize, outputs, sizes, prior, bytes, "");
        }

        /** Float64 outputs. */
        public Identity(String simulatorId, String simulatorVersion, long seed, long num, int chunkSize, int thetaDim,
                int xSize, String outputs, int[] sizes, String prior) {
            this(simulatorId, simulatorVersion, seed, num, chunkSize, thetaDim, xSize, outputs, sizes, prior, null);
        }

        /** A campaign whose only output is the observable, of {@code xSize} values. */
        public Identity(String simulatorId, String simulatorVersion, long seed, long num, int chunkSize, int thetaDim,
                int xSize) {
            this(simulatorId, simulatorVersion, seed, num, chunkSize, thetaDim, xSize, "", new int[] {xSize}, "", null);
        }
    }

    private final Path dir;
    private final Identity id;
    /** Reused by the one writer thread: little-endian, direct, never grown. */
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(IO_BUFFER).order(ByteOrder.LITTLE_ENDIAN);

    private ShardStore(Path dir, Identity id) {
        this.dir = dir;
        this.id = id;
    }

    public Identity identity() {
        return id;
    }

    public Path directory() {
        return dir;
    }

    /** Creates the directory and manifest for a fresh campaign. */
    public static ShardStore create(Path dir, Identity id) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BadInputException("cannot create " + dir + ": " + AtomicFiles.describe(e));
        }
        Properties p = new Properties();
        p.setProperty("format", "orrery-campaign-parts " + FORMAT_VERSION);
        p.setProperty("simulator_id", id.simulatorId());
        p.setProperty("simulator_version", id.simulatorVersion());
        p.setProperty("seed", Long.toString(id.seed()));
        p.setProperty("num", Long.toString(id.num()));
        p.setProperty("chunk_size", Integer.toString(id.chunkSize()));
        p.setProperty("theta_dim", Integer.toString(id.thetaDim()));
        p.setProperty("x_size", Integer.toString(id.xSize()));
        p.setProperty("outputs", id.outputs());
        p.setProperty("prior", id.prior());
        p.setProperty("settings", id.settings());
        AtomicFiles.write(dir.resolve(MANIFEST), tmp -> {
            try (OutputStream o = Files.newOutputStream(tmp)) {
                p.store(o, "Orrery campaign in progress; resume the same campaign to continue it");
            }
        });
        return new ShardStore(dir, id);
    }

    /**
     * Opens the directory of an interrupted campaign, checking that it is the campaign asked for
     * (simulator, version, seed, num, shapes); the chunk size is taken from the manifest.
     */
    public static ShardStore open(Path dir, Identity wanted, Path bank) {
        Path manifest = dir.resolve(MANIFEST);
        Properties p = new Properties();
        try (var in = Files.newInputStream(manifest)) {
            p.load(in);
        } catch (IOException e) {
            // killed between mkdir and the manifest's rename: nothing was simulated yet
            return create(dir, wanted);
        }
        Identity found;
        try {
            found = new Identity(p.getProperty("simulator_id"), p.getProperty("simulator_version", ""),
                    Long.parseLong(p.getProperty("seed")), Long.parseLong(p.getProperty("num")),
                    Integer.parseInt(p.getProperty("chunk_size")), Integer.parseInt(p.getProperty("theta_dim")),
                    Integer.parseInt(p.getProperty("x_size")), p.getProperty("outputs", ""), wanted.sizes(),
                    p.getProperty("prior", ""), wanted.bytes(), p.getProperty("settings", ""));
        } catch (RuntimeException e) {
            throw new CampaignException(CampaignException.Kind.PARTS_UNREADABLE, bank, dir, manifest.toString());
        }
        String mismatch = mismatch(found, wanted);
        if (mismatch != null) {
            throw new CampaignException(CampaignException.Kind.PARTS_MISMATCH, bank, dir, mismatch);
        }
        return new ShardStore(dir, new Identity(wanted.simulatorId(), wanted.simulatorVersion(), wanted.seed(),
                wanted.num(), found.chunkSize(), wanted.thetaDim(), wanted.xSize(), wanted.outputs(), wanted.sizes(),
                wanted.prior(), wanted.bytes(), wanted.settings()));
    }

    /** Null when {@code found} is the campaign {@code wanted}, else what differs (one phrase). */
    static String mismatch(Identity found, Identity wanted) {
        if (!found.simulatorId().equals(wanted.simulatorId())) {
            return "used simulator " + found.simulatorId() + ", not " + wanted.simulatorId();
        }
        if (found.seed() != wanted.seed()) {
            return "used seed " + found.seed() + ", not " + wanted.seed();
        }
        if (found.num() != wanted.num()) {
            return "was for " + found.num() + " simulations, not " + wanted.num();
        }
        // settings before the version, which may carry the changed ones too: this names every one.
        // Empty on either side: not recorded (older parts or banks, or a caller that knows none)
        if (!found.settings().isEmpty() && !wanted.settings().isEmpty() && !found.settings().equals(wanted.settings())) {
            return "used " + found.simulatorId() + " settings " + settingsDifference(found.settings(), wanted.settings());
        }
        if (!found.simulatorVersion().equals(wanted.simulatorVersion())) {
            return "used " + found.simulatorId() + " version " + found.simulatorVersion() + ", not "
                    + wanted.simulatorVersion() + " (mixing versions would make the bank irreproducible)";
        }
        if (found.thetaDim() != wanted.thetaDim() || found.xSize() != wanted.xSize()) {
            return "has θ/x sizes " + found.thetaDim() + "/" + found.xSize() + ", not " + wanted.thetaDim() + "/"
                    + wanted.xSize();
        }
        // a manifest without outputs predates them; its shards have another format and are redone
        // an empty prior is a manifest written before priors were recorded
        if (!found.prior().isEmpty() && !found.prior().equals(wanted.prior())) {
            return "drew θ from prior " + found.prior() + ", not " + wanted.prior();
        }
        if (!found.outputs().isEmpty() && !found.outputs().equals(wanted.outputs())) {
            return "has outputs " + found.outputs() + ", not " + wanted.outputs();
        }
        return null;
    }

    /** The settings that differ, as {@code grid=8 dims=3, not grid=16 dims=2} (the full texts when unparsable). */
    static String settingsDifference(String found, String wanted) {
        try {
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            var a = mapper.readTree(found);
            var b = mapper.readTree(wanted);
            java.util.TreeSet<String> keys = new java.util.TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            StringBuilder was = new StringBuilder();
            StringBuilder now = new StringBuilder();
            for (String k : keys) {
                if (!java.util.Objects.equals(a.get(k), b.get(k))) {
                    was.append(was.length() > 0 ? " " : "").append(k).append('=').append(a.has(k) ? a.get(k) : "(none)");
                    now.append(now.length() > 0 ? " " : "").append(k).append('=').append(b.has(k) ? b.get(k) : "(none)");
                }
            }
            return was + ", not " + now;
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            return found + ", not " + wanted;
        }
    }

    /**
     * The most bytes one shard can have: every chunk of the campaign with θ, fixed-size outputs and a
     * failure reason (at most 1000 characters, 4 bytes each) per simulation; unbounded (a quarter of
     * the heap is no limit here, since shards are streamed) only with point sets of varying size.
     */
    long maxShardBytes() {
        long perSim = 8L * id.thetaDim() + 4 + 8 + 4 + 4 * 1001;
        int[] sizes = id.sizes();
        int[] bytes = id.bytes();
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 0) {
                return Long.MAX_VALUE;
            }
            perSim += (long) bytes[i] * sizes[i];
        }
        return 65_536 + (long) chunkCount() * (64 + 8L * sizes.length) + id.num() * perSim;
    }

    public int chunkCount() {
        return (int) ((id.num() + id.chunkSize() - 1) / id.chunkSize());
    }

    /** An empty chunk for an executor to fill. */
    public Chunk newChunk(int number) {
        long start = (long) number * id.chunkSize();
        int count = (int) Math.min(id.chunkSize(), id.num() - start);
        return new Chunk(number, start, count, id.thetaDim(), id.sizes());
    }

    private Path shardPath(int number) {
        return dir.resolve(String.format("chunk-%09d.shard", number));
    }

    /**
     * Where one chunk of a valid shard lies: the reasons of its failures (null for success), and for
     * each output the file position of its block (a varying point set also its per-row lengths).
     */
    record ChunkRef(int number, long start, int count, Path file, long thetaAt, long[] outputAt, int[][] lengths,
            String[] reason) {

        int failures() {
            int n = 0;
            for (String r : reason) {
                n += r == null ? 0 : 1;
            }
            return n;
        }
    }

    /**
     * The chunks of every valid shard, by chunk number; stray temporaries and torn or foreign shards
     * are deleted (their chunks are redone). Reads each shard once for its checksum and its headers,
     * never holding its values.
     */
    TreeMap<Integer, ChunkRef> index() {
        TreeMap<Integer, ChunkRef> out = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    AtomicFiles.deleteQuietly(p);
                    continue;
                }
                if (!name.startsWith("chunk-") || !name.endsWith(".shard")) {
                    continue;
                }
                int number;
                try {
                    number = Integer.parseInt(name.substring(6, name.length() - 6));
                } catch (NumberFormatException e) {
                    continue;
                }
                List<ChunkRef> cs = indexOrNull(p, number);
                if (cs == null) {
                    AtomicFiles.deleteQuietly(p); // torn or foreign: redo its chunks
                } else {
                    for (ChunkRef c : cs) {
                        out.put(c.number(), c);
                    }
                }
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read " + dir + ": " + AtomicFiles.describe(e));
        }
        return out;
    }

    /** Valid shards read back whole, by chunk number (for tests and small campaigns). */
    TreeMap<Integer, Chunk> loadValid() {
        TreeMap<Integer, Chunk> out = new TreeMap<>();
        for (ChunkRef r : index().values()) {
            out.put(r.number(), read(r, true, -1));
        }
        return out;
    }

    /** The chunks of shard {@code p}, whose first chunk is {@code first}; null when torn or not this campaign's. */
    private List<ChunkRef> indexOrNull(Path p, int first) {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            long size = ch.size();
            long limit = maxShardBytes();
            if (size > limit) { // checked before the checksum pass: a hostile or foreign file costs nothing
                throw new CampaignException(CampaignException.Kind.SHARD_TOO_LARGE, null, dir, p + " has " + size
                        + " bytes, more than the " + limit + " a shard of this campaign can hold; delete " + dir
                        + " to start over");
            }
            if (size < TRAILER) {
                return null;
            }
            long payload = size - TRAILER;
            ByteBuffer t = ByteBuffer.allocate(TRAILER).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, t, payload);
            if (t.getLong(0) != payload || t.getLong(8) != crc(ch, payload)) {
                return null;
            }
            Cursor b = new Cursor(ch, payload);
            if (b.getLong() != MAGIC || !b.getString().equals(id.simulatorId()) || b.getLong() != id.seed()
                    || b.getLong() != id.num()) {
                return null;
            }
            int n = b.getInt();
            if (n < 1 || n > chunkCount()) {
                return null;
            }
            List<ChunkRef> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ChunkRef c = indexChunk(b, p);
                if (c == null || (i == 0 && c.number() != first)) {
                    return null;
                }
                out.add(c);
            }
            return b.position() == payload ? out : null;
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            return null; // unreadable, short or malformed payload: redo the chunks
        }
    }

    private ChunkRef indexChunk(Cursor b, Path file) throws IOException {
        long start = b.getLong();
        if (start < 0 || start >= id.num() || start % id.chunkSize() != 0) {
            return null;
        }
        int number = (int) (start / id.chunkSize());
        int count = (int) Math.min(id.chunkSize(), id.num() - start);
        int[] sizes = id.sizes();
        int[] bytes = id.bytes();
        if (b.getInt() != count || b.getInt() != id.thetaDim() || b.getInt() != sizes.length) {
            return null;
        }
        for (int size : sizes) {
            if (b.getInt() != size) {
                return null;
            }
        }
        for (int w : bytes) {
            if (b.get() != w) {
                return null;
            }
        }
        long thetaAt = b.position();
        b.skip(8L * count * id.thetaDim());
        long[] at = new long[sizes.length];
        int[][] lengths = new int[sizes.length][];
        for (int j = 0; j < sizes.length; j++) {
            if (sizes[j] >= 0) {
                at[j] = b.position();
                b.skip((long) bytes[j] * count * sizes[j]);
            } else {
                lengths[j] = new int[count];
                long total = 0;
                for (int k = 0; k < count; k++) {
                    lengths[j][k] = b.getInt();
                    if (lengths[j][k] < -1) {
                        return null;
                    }
                    total += Math.max(0, lengths[j][k]);
                }
                at[j] = b.position();
                b.skip((long) bytes[j] * total);
            }
        }
        String[] reason = new String[count];
        int failed = b.getInt();
        if (failed < 0 || failed > count) {
            return null;
        }
        for (int f = 0; f < failed; f++) {
            int k = b.getInt();
            if (k < 0 || k >= count) {
                return null;
            }
            reason[k] = b.getString();
        }
        return new ChunkRef(number, start, count, file, thetaAt, at, lengths, reason);
    }

    /**
     * Reads a chunk back: θ when asked, and output {@code output} (all outputs when -1, none when
     * -2). Float32
     * blocks arrive as {@code fixed32} (fixed shape) or widened rows (varying point sets).
     */
    Chunk read(ChunkRef r, boolean theta, int output) {
        int[] sizes = id.sizes();
        int[] bytes = id.bytes();
        Chunk c = new Chunk(r.number(), r.start(), r.count(), sizes.length,
                theta ? new double[r.count() * id.thetaDim()] : null, r.reason());
        try (FileChannel ch = FileChannel.open(r.file(), StandardOpenOption.READ)) {
            if (theta) {
                readDoubles(ch, r.thetaAt(), c.theta, 0, c.theta.length);
            }
            for (int j = 0; j < sizes.length; j++) {
                if (output != -1 && j != output) {
                    continue;
                }
                if (sizes[j] >= 0) {
                    int n = Math.multiplyExact(r.count(), sizes[j]);
                    if (bytes[j] == 4) {
                        c.fixed32[j] = new float[n];
                        readFloats(ch, r.outputAt()[j], c.fixed32[j]);
                    } else {
                        c.fixed[j] = new double[n];
                        readDoubles(ch, r.outputAt()[j], c.fixed[j], 0, n);
                    }
                } else {
                    c.varying[j] = new double[r.count()][];
                    long at = r.outputAt()[j];
                    for (int k = 0; k < r.count(); k++) {
                        int len = r.lengths()[j][k];
                        if (len < 0) {
                            continue;
                        }
                        double[] row = new double[len];
                        if (bytes[j] == 4) {
                            float[] f = new float[len];
                            readFloats(ch, at, f);
                            for (int v = 0; v < len; v++) {
                                row[v] = f[v];
                            }
                        } else {
                            readDoubles(ch, at, row, 0, len);
                        }
                        c.varying[j][k] = row;
                        at += (long) bytes[j] * len;
                    }
                }
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read shard " + r.file() + ": " + AtomicFiles.describe(e));
        }
        return c;
    }

    /**
     * Writes finished chunks as one shard named after the first (temp, fsync, rename; see
     * {@link #syncDirectory()}). The payload streams through one fixed buffer and is checksummed as
     * it goes.
     */
    public void write(List<Chunk> chunks) {
        Path target = shardPath(chunks.get(0).number);
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                Sink out = new Sink(ch, buffer);
                out.putLong(MAGIC);
                out.putString(utf8(id.simulatorId()));
                out.putLong(id.seed());
                out.putLong(id.num());
                out.putInt(chunks.size());
                for (Chunk c : chunks) {
                    putChunk(out, c);
                }
                long payload = out.position();
                long crc = out.finishPayload();
                out.putLong(payload);
                out.putLong(crc);
                out.flush(false);
                ch.force(true);
            }
            AtomicFiles.move(tmp, target);
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw new BadInputException("cannot write shard " + target + ": " + AtomicFiles.describe(e));
        }
    }

    private void putChunk(Sink b, Chunk c) throws IOException {
        int[] sizes = id.sizes();
        int[] bytes = id.bytes();
        b.putLong(c.start);
        b.putInt(c.count);
        b.putInt(id.thetaDim());
        b.putInt(sizes.length);
        for (int s : sizes) {
            b.putInt(s);
        }
        for (int w : bytes) {
            b.put((byte) w);
        }
        b.putDoubles(c.theta, 0, c.theta.length, false);
        for (int j = 0; j < sizes.length; j++) {
            boolean f32 = bytes[j] == 4;
            if (c.fixed[j] != null) {
                b.putDoubles(c.fixed[j], 0, c.fixed[j].length, f32); // rows of failed simulations are zeros and ignored
            } else {
                for (double[] row : c.varying[j]) {
                    b.putInt(row == null ? -1 : row.length);
                }
                for (double[] row : c.varying[j]) {
                    if (row != null) {
                        b.putDoubles(row, 0, row.length, f32);
                    }
                }
            }
        }
        b.putInt(c.failures());
        for (int k = 0; k < c.count; k++) {
            if (c.reason[k] != null) {
                b.putInt(k);
                b.putString(utf8(truncate(c.reason[k])));
            }
        }
    }

    /**
     * Makes the renames of the shards written so far durable. Batched by the caller: a shard whose
     * rename is lost in a power cut is simply redone, and its content was fsynced before the rename,
     * so no torn shard can appear under a final name either way.
     */
    public void syncDirectory() {
        AtomicFiles.fsyncDirectory(dir);
    }

    /** Removes the parts directory once the bank is in place. */
    void deleteAll() {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
        } catch (IOException ignored) {
            // leftover parts are harmless: the bank is complete and a new run refuses them clearly
        }
    }

    // ---- streaming I/O

    private static long crc(FileChannel ch, long length) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer b = ByteBuffer.allocateDirect(IO_BUFFER);
        long pos = 0;
        while (pos < length) {
            b.clear().limit((int) Math.min(IO_BUFFER, length - pos));
            readFully(ch, b, pos);
            b.flip();
            pos += b.remaining();
            crc.update(b);
        }
        return crc.getValue();
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long pos = at;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                throw new java.io.EOFException("shard ends at " + pos);
            }
            pos += n;
        }
    }

    /** Takes {@code n} values of a block from a buffer, the first being value {@code off} of the block. */
    private interface Block {
        void take(ByteBuffer b, int off, int n);
    }

    /** Reads {@code len} values of {@code width} bytes at {@code at} through a buffer of at most 1 MiB. */
    private static void readBlock(FileChannel ch, long at, int len, int width, Block block) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(IO_BUFFER, (long) width * Math.max(1, len)))
                .order(ByteOrder.LITTLE_ENDIAN);
        int off = 0;
        while (off < len) {
            int n = Math.min(len - off, b.capacity() / width);
            b.clear().limit(width * n);
            readFully(ch, b, at);
            b.flip();
            block.take(b, off, n);
            at += (long) width * n;
            off += n;
        }
    }

    private static void readDoubles(FileChannel ch, long at, double[] out, int from, int len) throws IOException {
        readBlock(ch, at, len, 8, (b, off, n) -> b.asDoubleBuffer().get(out, from + off, n));
    }

    private static void readFloats(FileChannel ch, long at, float[] out) throws IOException {
        readBlock(ch, at, out.length, 4, (b, off, n) -> b.asFloatBuffer().get(out, off, n));
    }

    /** Sequential little-endian reads of a shard's payload through a small buffer, with skips. */
    private static final class Cursor {
        private final FileChannel ch;
        private final long end;
        private final ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        /** File position of b's first byte. */
        private long bufAt;

        Cursor(FileChannel ch, long end) {
            this.ch = ch;
            this.end = end;
            b.limit(0);
        }

        long position() {
            return bufAt + b.position();
        }

        private void need(int n) throws IOException {
            if (b.remaining() >= n) {
                return;
            }
            long pos = position();
            if (pos + n > end) {
                throw new IllegalArgumentException("payload ends at " + end + ", needed " + n + " bytes at " + pos);
            }
            if (n > b.capacity()) {
                throw new IllegalArgumentException("field of " + n + " bytes");
            }
            b.clear().limit((int) Math.min(b.capacity(), end - pos));
            readFully(ch, b, pos);
            b.flip();
            bufAt = pos;
        }

        byte get() throws IOException {
            need(1);
            return b.get();
        }

        int getInt() throws IOException {
            need(4);
            return b.getInt();
        }

        long getLong() throws IOException {
            need(8);
            return b.getLong();
        }

        String getString() throws IOException {
            int n = getInt();
            if (n < 0 || n > 1 << 15) {
                throw new IllegalArgumentException("bad string length " + n);
            }
            need(n);
            byte[] s = new byte[n];
            b.get(s);
            return new String(s, StandardCharsets.UTF_8);
        }

        void skip(long n) {
            long pos = position() + n;
            if (n < 0 || pos > end) {
                throw new IllegalArgumentException("block runs past the payload");
            }
            if (pos <= bufAt + b.limit()) {
                b.position((int) (pos - bufAt));
            } else {
                bufAt = pos;
                b.limit(0);
            }
        }
    }

    /** Sequential little-endian writes through the store's buffer, checksumming the payload as it goes. */
    private static final class Sink {
        private final FileChannel ch;
        private final ByteBuffer b;
        private final CRC32C crc = new CRC32C();
        private boolean payload = true;
        private long flushed;

        Sink(FileChannel ch, ByteBuffer b) {
            this.ch = ch;
            this.b = b.clear();
        }

        long position() {
            return flushed + b.position();
        }

        void flush(boolean more) throws IOException {
            b.flip();
            if (payload) {
                crc.update(b.duplicate());
            }
            flushed += b.remaining();
            while (b.hasRemaining()) {
                ch.write(b);
            }
            b.clear();
        }

        /** Ends the checksummed payload; what follows is the trailer. */
        long finishPayload() throws IOException {
            flush(true);
            payload = false;
            return crc.getValue();
        }

        private void room(int n) throws IOException {
            if (b.remaining() < n) {
                flush(true);
            }
        }

        void put(byte v) throws IOException {
            room(1);
            b.put(v);
        }

        void putInt(int v) throws IOException {
            room(4);
            b.putInt(v);
        }

        void putLong(long v) throws IOException {
            room(8);
            b.putLong(v);
        }

        void putString(byte[] utf8) throws IOException {
            putInt(utf8.length);
            int off = 0;
            while (off < utf8.length) {
                room(1);
                int n = Math.min(b.remaining(), utf8.length - off);
                b.put(utf8, off, n);
                off += n;
            }
        }

        /** Values as float64, or rounded to float32 when {@code f32}. */
        void putDoubles(double[] v, int off, int len, boolean f32) throws IOException {
            int width = f32 ? 4 : 8;
            int end = off + len;
            while (off < end) {
                room(width);
                int n = Math.min(end - off, b.remaining() / width);
                if (f32) {
                    for (int i = 0; i < n; i++) {
                        b.putFloat((float) v[off + i]);
                    }
                } else {
                    b.asDoubleBuffer().put(v, off, n);
                    b.position(b.position() + 8 * n);
                }
                off += n;
            }
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String truncate(String s) {
        return s.length() > 1000 ? s.substring(0, 1000) + "…" : s;
    }
}
