package org.orrery.campaign;

import java.util.List;

/**
 * Runs the simulations of a campaign's missing chunks and makes every finished chunk durable as a
 * shard. {@link LocalExecutor} runs them on lanes in this JVM with a watchdog; a cluster engine
 * (Spark) implements the same contract by running {@link SimulationStep} on its executors and
 * writing shards into a shared {@code parts} directory with {@link ShardStore#write}. Because each
 * row depends only on (seed, index), the bank is the same whichever executor made it.
 */
public interface CampaignExecutor {

    /** Progress of this run: simulations finished and failed so far, and their rate per second. */
    interface Progress {
        Progress NONE = (done, failed, perSecond) -> { };

        void update(long done, long failed, double perSecond);
    }

    /**
     * Runs every simulation of the chunks numbered {@code chunks} ({@link ShardStore#newChunk}) with
     * {@code step} and writes finished chunks to {@code store}. May hand back the chunks that finished
     * last without writing them (bounded by its memory budget): the caller streams them into the bank
     * directly, and a kill before the bank is complete redoes them on resume. A remote executor
     * writes everything and returns an empty list.
     *
     * @return finished chunks not written as shards
     * @throws org.orrery.io.BadInputException when interrupted (the shards written so far are kept
     *         for a resume)
     */
    List<Chunk> execute(SimulationStep step, ShardStore store, List<Integer> chunks, Progress progress);
}
