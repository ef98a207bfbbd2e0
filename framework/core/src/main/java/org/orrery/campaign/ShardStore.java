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
 * shard files, each holding one or more finished chunks of consecutive indices.
 *
 * <p>A shard is written to a temporary name, fsynced and renamed, and ends with its payload length
 * and CRC-32C, so a kill at any moment leaves only complete shards plus, at worst, a stray temporary
 * file or (on a filesystem without atomic rename) a torn shard that fails its check and is redone.
 * Chunks that finish while a shard is being fsynced go into the next shard together (group
 * commit): a fast simulator is never held back by the disk's fsync rate, and each chunk is still
 * durable as soon as the disk allows.
 */
final class ShardStore {

    private static final long MAGIC = 0x4F52525348524434L; // "ORRSHRD4": little-endian, CRC-32C; chunks, each θ block then one block per output
    private static final int TRAILER = 16; // payload length, CRC-32C
    private static final String MANIFEST = "campaign.properties";

    /**
     * Identity of a campaign: shards of another campaign must never be mixed in. {@code outputs}
     * describes the named outputs (e.g. {@code delta[8, 8, 8] delta_initial[8, 8, 8]}) and
     * {@code sizes} gives their values per simulation, -1 for a point set of varying size.
     */
    record Identity(String simulatorId, String simulatorVersion, long seed, long num, int chunkSize, int thetaDim,
            int xSize, String outputs, int[] sizes, String prior) {

        /** A campaign whose only output is the observable, of {@code xSize} values. */
        Identity(String simulatorId, String simulatorVersion, long seed, long num, int chunkSize, int thetaDim,
                int xSize) {
            this(simulatorId, simulatorVersion, seed, num, chunkSize, thetaDim, xSize, "", new int[] {xSize}, "");
        }
    }

    private final Path dir;
    private final Identity id;
    /**
     * Reused by the one writer thread: little-endian, so doubles copy without byte swapping; direct,
     * so the channel writes it without another copy; not reallocated (and zeroed) for every shard.
     */
    private ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

    private ShardStore(Path dir, Identity id) {
        this.dir = dir;
        this.id = id;
    }

    Identity identity() {
        return id;
    }

    /** Creates the directory and manifest for a fresh campaign. */
    static ShardStore create(Path dir, Identity id) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BadInputException("cannot create " + dir + ": " + AtomicFiles.describe(e));
        }
        Properties p = new Properties();
        p.setProperty("format", "orrery-campaign-parts 1");
        p.setProperty("simulator_id", id.simulatorId());
        p.setProperty("simulator_version", id.simulatorVersion());
        p.setProperty("seed", Long.toString(id.seed()));
        p.setProperty("num", Long.toString(id.num()));
        p.setProperty("chunk_size", Integer.toString(id.chunkSize()));
        p.setProperty("theta_dim", Integer.toString(id.thetaDim()));
        p.setProperty("x_size", Integer.toString(id.xSize()));
        p.setProperty("outputs", id.outputs());
        p.setProperty("prior", id.prior());
        AtomicFiles.write(dir.resolve(MANIFEST), tmp -> {
            try (OutputStream o = Files.newOutputStream(tmp)) {
                p.store(o, "Orrery campaign in progress; resume with --resume");
            }
        });
        return new ShardStore(dir, id);
    }

    /**
     * Opens the directory of an interrupted campaign, checking that it is the campaign asked for
     * (simulator, version, seed, num, shapes); the chunk size is taken from the manifest.
     */
    static ShardStore open(Path dir, Identity wanted, Path bank) {
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
                    p.getProperty("prior", ""));
        } catch (RuntimeException e) {
            throw new BadInputException("--resume: " + manifest + " is unreadable; delete " + dir + " to start over");
        }
        String mismatch = mismatch(found, wanted);
        if (mismatch != null) {
            throw new BadInputException("--resume: the interrupted campaign for " + bank + " " + mismatch
                    + "; delete " + dir + " or change --out");
        }
        return new ShardStore(dir, new Identity(wanted.simulatorId(), wanted.simulatorVersion(), wanted.seed(),
                wanted.num(), found.chunkSize(), wanted.thetaDim(), wanted.xSize(), wanted.outputs(), wanted.sizes(),
                wanted.prior()));
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
            return "was for --num " + found.num() + ", not " + wanted.num();
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

    /**
     * The most bytes one shard can have: every chunk of the campaign with θ, fixed-size outputs and a
     * failure reason (at most 1000 characters, 4 bytes each) per simulation; with point sets of
     * varying size, what a quarter of the heap holds.
     */
    long maxShardBytes() {
        long perSim = 8L * id.thetaDim() + 4 + 8 + 4 + 4 * 1001;
        for (int s : id.sizes()) {
            if (s < 0) {
                return Runtime.getRuntime().maxMemory() / 4;
            }
            perSim += 8L * s;
        }
        long bound = 65_536 + (long) chunkCount() * (64 + 4L * id.sizes().length) + id.num() * perSim;
        return Math.min(bound, Math.min(Integer.MAX_VALUE - 8, Runtime.getRuntime().maxMemory() / 4));
    }

    int chunkCount() {
        return (int) ((id.num() + id.chunkSize() - 1) / id.chunkSize());
    }

    Chunk newChunk(int number) {
        long start = (long) number * id.chunkSize();
        int count = (int) Math.min(id.chunkSize(), id.num() - start);
        return new Chunk(number, start, count, id.thetaDim(), id.sizes());
    }

    private Path shardPath(int number) {
        return dir.resolve(String.format("chunk-%09d.shard", number));
    }

    /** Valid shards by chunk number; stray temporaries and torn or foreign shards are deleted. */
    TreeMap<Integer, Chunk> loadValid() {
        TreeMap<Integer, Chunk> out = new TreeMap<>();
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
                List<Chunk> cs = readOrNull(p, number);
                if (cs == null) {
                    AtomicFiles.deleteQuietly(p); // torn or foreign: redo its chunks
                } else {
                    for (Chunk c : cs) {
                        out.put(c.number, c);
                    }
                }
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read " + dir + ": " + AtomicFiles.describe(e));
        }
        return out;
    }

    /** The chunks of shard {@code p}, whose first chunk is {@code first}; null when torn or not this campaign's. */
    private List<Chunk> readOrNull(Path p, int first) {
        byte[] bytes;
        try {
            long size = Files.size(p);
            long limit = maxShardBytes();
            if (size > limit) { // checked before reading: a hostile or foreign file must not cost the heap
                throw new BadInputException("--resume: " + p + " has " + size + " bytes, more than the " + limit
                        + " a shard of this campaign can hold; delete " + dir + " to start over");
            }
            bytes = Files.readAllBytes(p);
        } catch (IOException e) {
            return null;
        }
        if (bytes.length < TRAILER) {
            return null;
        }
        int payload = bytes.length - TRAILER;
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, payload);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN); // as written
        if (b.getLong(payload) != payload || b.getLong(payload + 8) != crc.getValue()) {
            return null;
        }
        b.limit(payload);
        try {
            if (b.getLong() != MAGIC || !readString(b).equals(id.simulatorId()) || b.getLong() != id.seed()
                    || b.getLong() != id.num()) {
                return null;
            }
            int n = b.getInt();
            if (n < 1 || n > chunkCount()) {
                return null;
            }
            List<Chunk> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Chunk c = readChunk(b);
                if (c == null || (i == 0 && c.number != first)) {
                    return null;
                }
                out.add(c);
            }
            return b.hasRemaining() ? null : out;
        } catch (RuntimeException e) {
            return null; // short or malformed payload: redo the chunks
        }
    }

    private Chunk readChunk(ByteBuffer b) {
        long start = b.getLong();
        if (start < 0 || start >= id.num() || start % id.chunkSize() != 0) {
            return null;
        }
        Chunk c = newChunk((int) (start / id.chunkSize()));
        int[] sizes = id.sizes();
        if (b.getInt() != c.count || b.getInt() != id.thetaDim() || b.getInt() != sizes.length) {
            return null;
        }
        for (int size : sizes) {
            if (b.getInt() != size) {
                return null;
            }
        }
        getDoubles(b, c.theta);
        for (int j = 0; j < sizes.length; j++) {
            if (c.fixed[j] != null) {
                getDoubles(b, c.fixed[j]);
            } else {
                int[] lengths = new int[c.count];
                b.asIntBuffer().get(lengths);
                b.position(b.position() + 4 * c.count);
                for (int k = 0; k < c.count; k++) {
                    if (lengths[k] > b.remaining() / 8) {
                        return null;
                    }
                    if (lengths[k] >= 0) { // -1: a failed simulation
                        c.varying[j][k] = new double[lengths[k]];
                        getDoubles(b, c.varying[j][k]);
                    }
                }
            }
        }
        int failed = b.getInt();
        for (int f = 0; f < failed; f++) {
            int k = b.getInt();
            c.reason[k] = readString(b);
        }
        return c;
    }

    /**
     * Writes finished chunks as one shard named after the first (temp, fsync, rename; see
     * {@link #syncDirectory()}). The payload is built in one buffer, checksummed in bulk and written
     * with one call.
     */
    void write(List<Chunk> chunks) {
        Path target = shardPath(chunks.get(0).number);
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp");
        byte[] sim = utf8(id.simulatorId());
        int[] sizes = id.sizes();
        long size = 8 + 4 + sim.length + 8 + 8 + 4;
        byte[][][] reasons = new byte[chunks.size()][][];
        for (int i = 0; i < chunks.size(); i++) {
            Chunk c = chunks.get(i);
            size += 8 + 4 + 4 + 4 + 4L * sizes.length + 8L * c.theta.length + 4;
            for (int j = 0; j < sizes.length; j++) {
                if (c.fixed[j] != null) {
                    size += 8L * c.fixed[j].length;
                } else {
                    size += 4L * c.count;
                    for (double[] row : c.varying[j]) {
                        size += row == null ? 0 : 8L * row.length;
                    }
                }
            }
            reasons[i] = new byte[c.count][];
            for (int k = 0; k < c.count; k++) {
                if (c.reason[k] != null) {
                    reasons[i][k] = utf8(truncate(c.reason[k]));
                    size += 4 + 4 + reasons[i][k].length;
                }
            }
        }
        if (size + TRAILER > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("shard of chunk " + chunks.get(0).number + " would exceed 2 GiB");
        }
        if (buffer.capacity() < size + TRAILER) {
            buffer = ByteBuffer.allocateDirect((int) Math.min(Integer.MAX_VALUE - 8, Math.max(size + TRAILER, 2L * buffer.capacity())))
                    .order(ByteOrder.LITTLE_ENDIAN);
        }
        ByteBuffer b = buffer.clear();
        b.putLong(MAGIC);
        putString(b, sim);
        b.putLong(id.seed()).putLong(id.num()).putInt(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            putChunk(b, chunks.get(i), reasons[i]);
        }
        int payload = b.position();
        CRC32C crc = new CRC32C();
        crc.update(b.duplicate().flip());
        b.putLong(payload).putLong(crc.getValue()); // trailer: outside the checksum
        b.flip();
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            AtomicFiles.move(tmp, target);
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw new BadInputException("cannot write shard " + target + ": " + AtomicFiles.describe(e));
        }
    }

    private void putChunk(ByteBuffer b, Chunk c, byte[][] reasons) {
        int[] sizes = id.sizes();
        b.putLong(c.start).putInt(c.count).putInt(id.thetaDim()).putInt(sizes.length);
        for (int s : sizes) {
            b.putInt(s);
        }
        putDoubles(b, c.theta);
        for (int j = 0; j < sizes.length; j++) {
            if (c.fixed[j] != null) {
                putDoubles(b, c.fixed[j]); // rows of failed simulations are zeros and ignored
            } else {
                for (double[] row : c.varying[j]) {
                    b.putInt(row == null ? -1 : row.length);
                }
                for (double[] row : c.varying[j]) {
                    if (row != null) {
                        putDoubles(b, row);
                    }
                }
            }
        }
        int failed = 0;
        for (byte[] r : reasons) {
            failed += r == null ? 0 : 1;
        }
        b.putInt(failed);
        for (int k = 0; k < c.count; k++) {
            if (reasons[k] != null) {
                b.putInt(k);
                putString(b, reasons[k]);
            }
        }
    }

    /**
     * Makes the renames of the shards written so far durable. Batched by the caller: a shard whose
     * rename is lost in a power cut is simply redone, and its content was fsynced before the rename,
     * so no torn shard can appear under a final name either way.
     */
    void syncDirectory() {
        AtomicFiles.fsyncDirectory(dir);
    }

    private static void putDoubles(ByteBuffer b, double[] v) {
        b.asDoubleBuffer().put(v);
        b.position(b.position() + 8 * v.length);
    }

    private static void getDoubles(ByteBuffer b, double[] v) {
        b.asDoubleBuffer().get(v);
        b.position(b.position() + 8 * v.length);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void putString(ByteBuffer b, byte[] utf8) {
        b.putInt(utf8.length).put(utf8);
    }

    private static String readString(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new IllegalArgumentException("bad string length " + n);
        }
        String s = new String(b.array(), b.arrayOffset() + b.position(), n, StandardCharsets.UTF_8);
        b.position(b.position() + n);
        return s;
    }

    private static String truncate(String s) {
        return s.length() > 1000 ? s.substring(0, 1000) + "…" : s;
    }

    /** Removes the parts directory once the bank is in place. */
    void deleteAll() {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
        } catch (IOException ignored) {
            // leftover parts are harmless: the bank is complete and a new run refuses them clearly
        }
    }
}
