package org.orrery.campaign;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.orrery.bank.BankMetadata;
import org.orrery.bank.BankWriter;
import org.orrery.bank.Failure;
import org.orrery.io.Hdf5Writer;

/**
 * Streams the shards of a finished campaign into the bank (temp file + atomic rename, via
 * {@link BankWriter}) without holding the bank in memory: the indices, failures and point-set
 * offsets (a few numbers per row) are gathered from the shard headers, then each dataset is written
 * by reading its block of one chunk at a time. Peak memory is one chunk's block plus the finished
 * chunks an executor handed back unwritten (bounded by its budget), whatever the size of the bank.
 */
public final class BankAssembler {

    private BankAssembler() {
    }

    /** Failures and row counts of the assembled bank. */
    public record Assembled(long rows, List<Failure> failures) {
    }

    /**
     * Writes the bank {@code out} from every chunk of {@code store}, which must all be present and
     * valid.
     *
     * @throws IllegalStateException when a chunk is missing (the campaign did not finish)
     */
    public static Assembled assemble(ShardStore store, BankMetadata metadata, Path out) {
        return assemble(store, List.of(), metadata, out);
    }

    /** As {@link #assemble(ShardStore, BankMetadata, Path)}, with finished chunks still in memory. */
    public static Assembled assemble(ShardStore store, List<Chunk> inMemory, BankMetadata metadata, Path out) {
        TreeMap<Integer, Part> parts = new TreeMap<>();
        for (ShardStore.ChunkRef r : store.index().values()) {
            parts.put(r.number(), new Part(r, null));
        }
        for (Chunk c : inMemory) {
            parts.put(c.number, new Part(null, c));
        }
        if (parts.size() != store.chunkCount()) {
            List<Integer> missing = new ArrayList<>();
            for (int c = 0; c < store.chunkCount() && missing.size() < 5; c++) {
                if (!parts.containsKey(c)) {
                    missing.add(c);
                }
            }
            throw new IllegalStateException("campaign parts " + store.directory() + " lack chunks " + missing
                    + " of " + store.chunkCount());
        }
        Rows rows = new Rows(store, metadata, new ArrayList<>(parts.values()));
        BankWriter.write(out, rows);
        return new Assembled(rows.index.length, rows.failures);
    }

    /** A chunk in a shard ({@code ref}) or still in memory ({@code chunk}). */
    private record Part(ShardStore.ChunkRef ref, Chunk chunk) {
        long start() {
            return ref != null ? ref.start() : chunk.start;
        }

        int count() {
            return ref != null ? ref.count() : chunk.count;
        }

        String[] reason() {
            return ref != null ? ref.reason() : chunk.reason;
        }

        int failures() {
            return ref != null ? ref.failures() : chunk.failures();
        }

        /** Values of varying output j in row k (not yet divided into points). */
        int length(int j, int k) {
            return ref != null ? ref.lengths()[j][k] : chunk.varying[j][k].length;
        }

        /** The chunk with θ (when asked) and output {@code output} (-2: none) filled. */
        Chunk load(ShardStore store, boolean theta, int output) {
            return chunk != null ? chunk : store.read(ref, theta, output);
        }
    }

    /** The chunks as the bank writer streams them, in index order: successful rows only. */
    private static final class Rows implements BankWriter.Rows {
        private final ShardStore store;
        private final BankMetadata metadata;
        private final List<Part> refs;
        private final int thetaDim;
        private final int[] sizes;
        private final int[] widths;
        private final long[] index;
        private final List<Failure> failures = new ArrayList<>();

        Rows(ShardStore store, BankMetadata metadata, List<Part> refs) {
            this.store = store;
            this.metadata = metadata;
            this.refs = refs;
            ShardStore.Identity id = store.identity();
            this.thetaDim = id.thetaDim();
            this.sizes = id.sizes();
            this.widths = new int[sizes.length];
            for (int j = 0; j < sizes.length; j++) {
                widths[j] = org.orrery.bank.Column.rowWidth(metadata.outputs().get(j));
            }
            int ok = 0;
            for (Part c : refs) {
                ok += c.count() - c.failures();
            }
            index = new long[ok];
            int row = 0;
            for (Part c : refs) {
                Chunk withTheta = c.failures() > 0 ? c.load(store, true, -2) : null; // θ of the failures only
                for (int k = 0; k < c.count(); k++) {
                    if (c.reason()[k] == null) {
                        index[row++] = c.start() + k;
                    } else {
                        failures.add(new Failure(c.start() + k,
                                Arrays.copyOfRange(withTheta.theta, k * thetaDim, (k + 1) * thetaDim), c.reason()[k]));
                    }
                }
            }
        }

        @Override
        public BankMetadata metadata() {
            return metadata;
        }

        @Override
        public long[] indices() {
            return index;
        }

        @Override
        public List<Failure> failures() {
            return failures;
        }

        @Override
        public void theta(Hdf5Writer.DoubleRows out) {
            for (Part r : refs) {
                Chunk c = r.load(store, true, -2);
                putOkRows(c, c.theta, null, thetaDim, out);
            }
        }

        @Override
        public void output(int j, Hdf5Writer.DoubleRows out) {
            for (Part r : refs) {
                Chunk c = r.load(store, false, j);
                if (sizes[j] >= 0) {
                    putOkRows(c, c.fixed[j], c.fixed32[j], sizes[j], out);
                } else {
                    for (int k = 0; k < c.count; k++) {
                        if (c.reason[k] == null) {
                            out.put(c.varying[j][k]);
                        }
                    }
                }
            }
        }

        @Override
        public long[] offsets(int j) {
            if (sizes[j] >= 0) {
                return null;
            }
            long[] offsets = new long[index.length + 1];
            int row = 0;
            for (Part c : refs) {
                for (int k = 0; k < c.count(); k++) {
                    if (c.reason()[k] == null) {
                        offsets[row + 1] = offsets[row] + c.length(j, k) / widths[j];
                        row++;
                    }
                }
            }
            return offsets;
        }

        /** Rows of a flat chunk block (float64 or float32), runs of successful simulations in one copy each. */
        private static void putOkRows(Chunk c, double[] block, float[] block32, int width, Hdf5Writer.DoubleRows out) {
            int k = 0;
            while (k < c.count) {
                if (c.reason[k] != null) {
                    k++;
                    continue;
                }
                int end = k;
                while (end < c.count && c.reason[end] == null) {
                    end++;
                }
                if (block != null) {
                    out.put(block, k * width, (end - k) * width);
                } else {
                    out.put(block32, k * width, (end - k) * width);
                }
                k = end;
            }
        }
    }
}
