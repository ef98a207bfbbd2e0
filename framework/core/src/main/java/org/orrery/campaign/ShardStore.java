package org.orrery.campaign;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import org.orrery.io.AtomicFiles;
import org.orrery.io.BadInputException;

/**
 * The {@code bank.h5.parts/} directory of an unfinished campaign: a manifest naming the campaign and
 * one shard file per finished chunk of consecutive indices.
 *
 * <p>A shard is written to a temporary name, fsynced and renamed, and ends with its payload length
 * and CRC-32, so a kill at any moment leaves only complete shards plus, at worst, a stray temporary
 * file or (on a filesystem without atomic rename) a torn shard that fails its check and is redone.
 */
final class ShardStore {

    private static final long MAGIC = 0x4F52525348524431L; // "ORRSHRD1"
    private static final String MANIFEST = "campaign.properties";

    /** Identity of a campaign: shards of another campaign must never be mixed in. */
    record Identity(String simulatorId, String simulatorVersion, long seed, long num, int chunkSize, int thetaDim,
            int xSize) {
    }

    private final Path dir;
    private final Identity id;

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
                    Integer.parseInt(p.getProperty("x_size")));
        } catch (RuntimeException e) {
            throw new BadInputException("--resume: " + manifest + " is unreadable; delete " + dir + " to start over");
        }
        String mismatch = mismatch(found, wanted);
        if (mismatch != null) {
            throw new BadInputException("--resume: the interrupted campaign for " + bank + " " + mismatch
                    + "; delete " + dir + " or change --out");
        }
        return new ShardStore(dir, new Identity(wanted.simulatorId(), wanted.simulatorVersion(), wanted.seed(),
                wanted.num(), found.chunkSize(), wanted.thetaDim(), wanted.xSize()));
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
        return null;
    }

    int chunkCount() {
        return (int) ((id.num() + id.chunkSize() - 1) / id.chunkSize());
    }

    Chunk newChunk(int number) {
        long start = (long) number * id.chunkSize();
        int count = (int) Math.min(id.chunkSize(), id.num() - start);
        return new Chunk(number, start, count, id.thetaDim(), id.xSize());
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
                Chunk c = readOrNull(p, number);
                if (c == null) {
                    AtomicFiles.deleteQuietly(p); // torn: redo it
                } else {
                    out.put(number, c);
                }
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read " + dir + ": " + AtomicFiles.describe(e));
        }
        return out;
    }

    private Chunk readOrNull(Path p, int number) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(p);
        } catch (IOException e) {
            return null;
        }
        if (bytes.length < 16) {
            return null;
        }
        int payload = bytes.length - 16;
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, payload);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            in.skipNBytes(payload);
            if (in.readLong() != payload || in.readLong() != crc.getValue()) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, payload))) {
            if (in.readLong() != MAGIC || !in.readUTF().equals(id.simulatorId()) || in.readLong() != id.seed()
                    || in.readLong() != id.num()) {
                return null;
            }
            Chunk expected = newChunk(number);
            if (in.readLong() != expected.start || in.readInt() != expected.count || in.readInt() != id.thetaDim()
                    || in.readInt() != id.xSize()) {
                return null;
            }
            Chunk c = expected;
            for (int k = 0; k < c.count; k++) {
                boolean ok = in.readBoolean();
                for (int j = 0; j < id.thetaDim(); j++) {
                    c.theta[k * id.thetaDim() + j] = in.readDouble();
                }
                if (ok) {
                    for (int j = 0; j < id.xSize(); j++) {
                        c.x[k * id.xSize() + j] = in.readDouble();
                    }
                } else {
                    c.reason[k] = in.readUTF();
                }
            }
            return c;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Writes a finished chunk durably (temp, fsync, rename, fsync dir). */
    void write(Chunk c) {
        Path target = shardPath(c.number);
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp");
        try {
            CRC32 crc = new CRC32();
            long payload;
            try (OutputStream raw = Files.newOutputStream(tmp);
                    CountingStream counting = new CountingStream(raw);
                    CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(counting, 1 << 16), crc);
                    DataOutputStream out = new DataOutputStream(checked)) {
                out.writeLong(MAGIC);
                out.writeUTF(id.simulatorId());
                out.writeLong(id.seed());
                out.writeLong(id.num());
                out.writeLong(c.start);
                out.writeInt(c.count);
                out.writeInt(id.thetaDim());
                out.writeInt(id.xSize());
                for (int k = 0; k < c.count; k++) {
                    boolean ok = c.reason[k] == null;
                    out.writeBoolean(ok);
                    for (int j = 0; j < id.thetaDim(); j++) {
                        out.writeDouble(c.theta[k * id.thetaDim() + j]);
                    }
                    if (ok) {
                        for (int j = 0; j < id.xSize(); j++) {
                            out.writeDouble(c.x[k * id.xSize() + j]);
                        }
                    } else {
                        out.writeUTF(truncate(c.reason[k]));
                    }
                }
                out.flush();
                payload = counting.count; // DataOutputStream.size() saturates at 2 GiB
                // trailer is outside the checksum
                DataOutputStream trailer = new DataOutputStream(counting);
                trailer.writeLong(payload);
                trailer.writeLong(crc.getValue());
                trailer.flush();
            }
            AtomicFiles.fsync(tmp);
            AtomicFiles.move(tmp, target);
            AtomicFiles.fsyncDirectory(dir);
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw new BadInputException("cannot write shard " + target + ": " + AtomicFiles.describe(e));
        }
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

    /** Counts bytes that reach the file, so the trailer can state the payload length. */
    private static final class CountingStream extends OutputStream {
        private final OutputStream out;
        long count;

        CountingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
