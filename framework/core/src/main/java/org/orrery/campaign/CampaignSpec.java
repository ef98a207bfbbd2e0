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
 */
public record CampaignSpec(long num, long seed, Path out, int workers, Duration timeout, boolean resume, int chunkSize) {

    /** Largest bank a campaign writes: rows are held in memory while the bank is assembled. */
    public static final long MAX_NUM = Integer.MAX_VALUE - 8;

    public CampaignSpec {
        if (num < 1 || num > MAX_NUM) {
            throw new IllegalArgumentException("--num must be between 1 and " + MAX_NUM + ", got: " + num);
        }
        if (out == null) {
            throw new IllegalArgumentException("an output bank path is required");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be >= 1, got: " + workers);
        }
        timeout = timeout == null ? Duration.ZERO : timeout;
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("--timeout must be >= 0, got: " + timeout);
        }
        if (chunkSize < 0) {
            throw new IllegalArgumentException("chunk size must be >= 0, got: " + chunkSize);
        }
        if (chunkSize == 0) {
            // ~200 shards: a kill loses at most half a percent of the work, and fsyncs stay rare
            chunkSize = (int) Math.max(1, Math.min(10_000, (num + 199) / 200));
        }
    }

    /** All cores, no timeout, default chunking, fresh start. */
    public static CampaignSpec of(long num, long seed, Path out) {
        return new CampaignSpec(num, seed, out, Runtime.getRuntime().availableProcessors(), Duration.ZERO, false, 0);
    }

    public CampaignSpec withWorkers(int w) {
        return new CampaignSpec(num, seed, out, w, timeout, resume, chunkSize);
    }

    public CampaignSpec withTimeout(Duration t) {
        return new CampaignSpec(num, seed, out, workers, t, resume, chunkSize);
    }

    public CampaignSpec withResume(boolean r) {
        return new CampaignSpec(num, seed, out, workers, timeout, r, chunkSize);
    }

    public CampaignSpec withChunkSize(int c) {
        return new CampaignSpec(num, seed, out, workers, timeout, resume, c);
    }

    /** Directory of durable shards beside the bank: {@code bank.h5.parts}. */
    public Path partsDir() {
        Path abs = out.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + ".parts");
    }
}
