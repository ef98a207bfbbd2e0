package org.orrery.campaign;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What to run.
 *
 * @param num       simulations to run (indices 0 … num-1)
 * @param seed      master seed; simulation i uses the stream (seed, i)
 * @param out       bank file to write
 * @param workers   worker threads (>= 1)
 * @param timeout   per-simulation limit; {@link Duration#ZERO} for none
 * @param resume    continue from the shards of an interrupted run of the same campaign
 * @param chunkSize simulations per durable shard; 0 picks a default from {@code num}
 * @param checkpointEvery how long finished simulations may wait in memory before they are written
 *                  to a durable shard: a kill loses at most this much finished work (resume redoes
 *                  it), and a campaign shorter than this writes no shards at all;
 *                  {@link Duration#ZERO} writes every chunk as soon as it finishes
 */
public record CampaignSpec(long num, long seed, Path out, int workers, Duration timeout, boolean resume, int chunkSize,
        Duration checkpointEvery) {

    /**
     * Checkpoints cost a second write of the data plus an fsync; for a campaign of a few seconds
     * rerunning is cheaper than that, and for a long one two seconds of lost work is negligible.
     */
    public static final Duration DEFAULT_CHECKPOINT_EVERY = Duration.ofSeconds(2);

    /** Largest bank a campaign writes: rows are held in memory while the bank is assembled. */
    public static final long MAX_NUM = Integer.MAX_VALUE - 8;

    public CampaignSpec {
        if (num < 1 || num > MAX_NUM) {
            throw new InvalidField("num", "must be between 1 and " + MAX_NUM + ", got: " + num);
        }
        if (out == null) {
            throw new IllegalArgumentException("an output bank path is required");
        }
        if (workers < 1) {
            throw new InvalidField("workers", "must be >= 1, got: " + workers);
        }
        timeout = timeout == null ? Duration.ZERO : timeout;
        if (timeout.isNegative()) {
            throw new InvalidField("timeout", "must be >= 0, got: " + timeout);
        }
        checkpointEvery = checkpointEvery == null ? DEFAULT_CHECKPOINT_EVERY : checkpointEvery;
        if (checkpointEvery.isNegative()) {
            throw new InvalidField("checkpoint_every", "must be >= 0, got: " + checkpointEvery);
        }
        if (chunkSize < 0) {
            throw new InvalidField("chunk_size", "must be >= 0, got: " + chunkSize);
        }
        if (chunkSize == 0) {
            // ~200 shards: a kill loses at most half a percent of the work, and fsyncs stay rare
            chunkSize = (int) Math.max(1, Math.min(10_000, (num + 199) / 200));
        }
    }

    /**
     * A spec value out of range, named by its field ({@code num}, {@code workers}, {@code timeout},
     * {@code checkpoint_every}, {@code chunk_size}) so that a front end can name its own option for it.
     */
    public static final class InvalidField extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String field;
        private final String problem;

        public InvalidField(String field, String problem) {
            super(field + " " + problem);
            this.field = field;
            this.problem = problem;
        }

        /** The spec field at fault, in request terms. */
        public String field() {
            return field;
        }

        /** What is wrong with it, to follow the field's name ({@code "must be >= 1, got: 0"}). */
        public String problem() {
            return problem;
        }
    }

    /** The default checkpoint interval. */
    public CampaignSpec(long num, long seed, Path out, int workers, Duration timeout, boolean resume, int chunkSize) {
        this(num, seed, out, workers, timeout, resume, chunkSize, DEFAULT_CHECKPOINT_EVERY);
    }

    /** All cores, no timeout, default chunking, fresh start. */
    public static CampaignSpec of(long num, long seed, Path out) {
        return new CampaignSpec(num, seed, out, Runtime.getRuntime().availableProcessors(), Duration.ZERO, false, 0);
    }

    public CampaignSpec withWorkers(int w) {
        return new CampaignSpec(num, seed, out, w, timeout, resume, chunkSize, checkpointEvery);
    }

    public CampaignSpec withTimeout(Duration t) {
        return new CampaignSpec(num, seed, out, workers, t, resume, chunkSize, checkpointEvery);
    }

    public CampaignSpec withResume(boolean r) {
        return new CampaignSpec(num, seed, out, workers, timeout, r, chunkSize, checkpointEvery);
    }

    public CampaignSpec withChunkSize(int c) {
        return new CampaignSpec(num, seed, out, workers, timeout, resume, c, checkpointEvery);
    }

    public CampaignSpec withCheckpointEvery(Duration every) {
        return new CampaignSpec(num, seed, out, workers, timeout, resume, chunkSize, every);
    }

    /** Directory of durable shards beside the bank: {@code bank.h5.parts}. */
    public Path partsDir() {
        Path abs = out.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + ".parts");
    }
}
