package org.orrery.campaign;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.orrery.text.Durations;

/**
 * The local executor: simulations run directly on worker ("lane") threads, so a fast simulator pays
 * no hand-off per call. The calling thread watches the lanes: one stuck in a simulation longer than
 * the timeout is abandoned (interrupted, its result discarded if it ever returns), the simulation is
 * recorded as failed and a fresh thread carries on with the lane's work. Finished chunks go to one
 * shard-writer thread (group commit, {@code checkpointEvery}) and are dropped once durable.
 *
 * <p>Memory is bounded by the heap: a chunk holds at most 1/32 of the maximum heap (and 32 MB), the
 * chunks queued for the writer and those waiting for a group commit 1/16 each (and 128 MB), so a
 * campaign of any size runs in a small heap.
 */
public final class LocalExecutor implements CampaignExecutor {

    private final int workers;
    private final Duration timeout;
    private final Duration checkpointEvery;

    /**
     * @param workers         lanes (threads) running simulations
     * @param timeout         a simulation running longer fails as a timeout; zero: no watchdog
     * @param checkpointEvery the longest a finished chunk waits in memory before it is written
     */
    public LocalExecutor(int workers, Duration timeout, Duration checkpointEvery) {
        this.workers = Math.max(1, workers);
        this.timeout = timeout == null ? Duration.ZERO : timeout;
        this.checkpointEvery = checkpointEvery;
    }

    /** Doubles one chunk may hold: 1/32 of the heap, at most 4 M (32 MB). */
    static long maxChunkDoubles() {
        return Math.max(1, Math.min(4_000_000L, Runtime.getRuntime().maxMemory() / 32 / 8));
    }

    /** Doubles of finished chunks queued for the writer: 1/16 of the heap, at most 16 M (128 MB). */
    static long maxQueuedDoubles() {
        return Math.max(1, Math.min(16_000_000L, Runtime.getRuntime().maxMemory() / 16 / 8));
    }

    /** Doubles of chunks that wait for one group commit before it is forced. */
    static long maxShardDoubles() {
        return maxQueuedDoubles();
    }

    /** Doubles per simulation; point sets of varying size are not known in advance. */
    static long rowDoubles(ShardStore.Identity id) {
        long n = id.thetaDim();
        for (int s : id.sizes()) {
            n += Math.max(0, s);
        }
        return n;
    }

    @Override
    public List<Chunk> execute(SimulationStep step, ShardStore store, List<Integer> chunks, Progress progress) {
        Runner r = new Runner(step, store, chunks, progress == null ? Progress.NONE : progress);
        r.runAll();
        return r.tail;
    }

    /**
     * A unit of work that survives its thread: the chunk in progress and the position in it. When a
     * simulation hangs, the watchdog hands the lane to a new thread.
     */
    private static final class Lane implements SimulationStep.Watch {
        /**
         * Index of the simulation in flight, or -1; only kept when there is a timeout. The lane
         * publishes it with a release store (no fence, no clock read per simulation) and both the lane
         * and the watchdog claim it back by CAS, so exactly one of them records the outcome.
         */
        final AtomicLong running = new AtomicLong(-1);
        /** Watchdog-private: the index it last saw in flight and when it first saw it. */
        long seenIndex = -1;
        long seenSince;
        volatile Thread thread;
        volatile boolean finished;
        /** Chunk in progress and next row; written by the lane thread before it publishes {@link #running}. */
        Chunk chunk;
        int pos;
        /** Simulations this lane finished (written only by the current lane thread). */
        final AtomicLong done = new AtomicLong();
        final AtomicLong failed = new AtomicLong();

        /** Records θ in the chunk (the watchdog reports it if the simulation hangs), then publishes the index. */
        @Override
        public void started(long index, double[] theta) {
            Chunk c = chunk;
            System.arraycopy(theta, 0, c.theta, (int) (index - c.start) * theta.length, theta.length);
            running.setRelease(index);
        }

        /** Claims the outcome back from the watchdog: false when it already declared a timeout. */
        @Override
        public boolean claim(long index) {
            return running.compareAndSet(index, -1);
        }
    }

    private final class Runner {
        final ShardStore store;
        final ArrayDeque<Integer> queue;
        final SimulationStep step;
        final Progress progress;
        /** Chunks finished but not written when the lanes were done (set by the writer as it ends). */
        volatile List<Chunk> tail = List.of();
        final AtomicReference<Throwable> fatal = new AtomicReference<>();
        final AtomicLong timedOut = new AtomicLong();
        /** Wakes the watching thread as soon as the last lane finishes, not at its next poll. */
        final Semaphore laneFinished = new Semaphore(0);
        final Lane[] lanes;
        /**
         * Filled chunks waiting for the shard writer, which takes all of them at once. Lanes wait only
         * when the disk's bandwidth, not its fsync rate, is slower than the simulator.
         */
        final BlockingQueue<Chunk> toWrite;
        final boolean watched = timeout.toNanos() > 0;
        volatile boolean stop;

        Runner(SimulationStep step, ShardStore store, List<Integer> missing, Progress progress) {
            this.step = step;
            this.store = store;
            this.progress = progress;
            this.queue = new ArrayDeque<>(missing);
            this.lanes = new Lane[Math.max(1, Math.min(workers, missing.size()))];
            // room for the chunks that finish during one fsync, within the memory budget
            long chunkDoubles = Math.max(1, (long) store.identity().chunkSize() * rowDoubles(store.identity()));
            int room = (int) Math.max(lanes.length + 1, Math.min(64, maxQueuedDoubles() / chunkDoubles));
            this.toWrite = new ArrayBlockingQueue<>(room);
        }

        synchronized Chunk nextChunk() {
            Integer n = stop ? null : queue.poll();
            return n == null ? null : store.newChunk(n);
        }

        void runAll() {
            long start = System.nanoTime();
            if (queue.isEmpty()) {
                return;
            }
            Thread writer = new Thread(this::writerLoop, "orrery-shard-writer");
            writer.setDaemon(true);
            writer.start();
            for (int w = 0; w < lanes.length; w++) {
                lanes[w] = new Lane();
                startThread(lanes[w], w);
            }
            long timeoutNanos = timeout.toNanos();
            long pollMillis = timeoutNanos > 0 ? Math.max(5, Math.min(200, timeoutNanos / 20_000_000)) : 200;
            long lastReport = 0;
            boolean lanesDone = false;
            while (true) {
                if (!lanesDone) {
                    boolean all = true;
                    for (Lane l : lanes) {
                        all &= l.finished;
                    }
                    if (all) {
                        lanesDone = true;
                        handOff(END); // every chunk is queued: let the writer finish
                    }
                }
                if ((lanesDone && !writer.isAlive()) || fatal.get() != null) {
                    break;
                }
                try {
                    if (lanesDone) {
                        writer.join(pollMillis);
                    } else {
                        if (laneFinished.tryAcquire(pollMillis, TimeUnit.MILLISECONDS)) {
                            laneFinished.drainPermits(); // loop re-checks every lane's flag
                        }
                    }
                } catch (InterruptedException e) {
                    stop = true;
                    Thread.currentThread().interrupt();
                    throw new CampaignException(CampaignException.Kind.INTERRUPTED, null, store.directory(), null);
                }
                if (watched && !lanesDone) {
                    for (int w = 0; w < lanes.length; w++) {
                        checkTimeout(lanes[w], w, timeoutNanos);
                    }
                }
                long now = System.nanoTime();
                if (now - lastReport >= 200_000_000L) {
                    report(start, now);
                    lastReport = now;
                }
            }
            Throwable f = fatal.get();
            if (f != null) {
                stop = true;
                writer.interrupt();
                if (f instanceof RuntimeException r) {
                    throw r;
                }
                if (f instanceof Error e) {
                    throw e;
                }
                throw new IllegalStateException(f);
            }
            report(start, System.nanoTime());
        }

        /** Queues a chunk for the writer, giving up if the campaign is stopping (the writer may be dead). */
        private void handOff(Chunk c) {
            try {
                while (!stop) {
                    if (toWrite.offer(c, 50, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop = true;
            }
        }

        /**
         * Writes finished chunks to durable shards. A chunk waits in memory for at most
         * {@code checkpointEvery} (or until the waiting chunks reach the memory budget), then it and
         * everything else waiting go into one shard: group commit, so a fast simulator is never held
         * to the disk's fsync rate. Chunks still waiting when the lanes are done (at most the memory
         * budget) are handed back unwritten: they go straight into the bank, which is written and
         * fsynced next (a kill before it is complete redoes them on resume), so a short campaign pays
         * for no shard at all. A written chunk is dropped from memory: the bank is assembled from
         * the shards, so a campaign's memory does not grow with its size.
         */
        private void writerLoop() {
            long every = checkpointEvery.toNanos();
            List<Chunk> waiting = new ArrayList<>();
            long oldest = 0;
            long waitingDoubles = 0;
            try {
                while (true) {
                    Chunk c = waiting.isEmpty() ? toWrite.take()
                            : toWrite.poll(Math.max(0, oldest + every - System.nanoTime()), TimeUnit.NANOSECONDS);
                    boolean end = false;
                    List<Chunk> got = new ArrayList<>();
                    if (c != null) {
                        got.add(c);
                        toWrite.drainTo(got);
                        end = got.remove(END); // always the last one queued
                    }
                    for (Chunk g : got) {
                        if (waiting.isEmpty()) {
                            oldest = System.nanoTime();
                        }
                        waiting.add(g);
                        waitingDoubles += g.doubles();
                    }
                    if (end) {
                        tail = List.copyOf(waiting);
                        return;
                    }
                    boolean due = !waiting.isEmpty()
                            && (System.nanoTime() - oldest >= every || waitingDoubles >= maxShardDoubles());
                    if (!due) {
                        continue;
                    }
                    store.write(waiting);
                    store.syncDirectory();
                    waiting.clear();
                    waitingDoubles = 0;
                }
            } catch (InterruptedException e) {
                stop = true; // the campaign is failing: nothing more to persist
            } catch (Throwable t) {
                fatal.compareAndSet(null, t);
                stop = true;
            }
        }

        private void report(long start, long now) {
            long d = timedOut.get();
            long f = timedOut.get();
            for (Lane l : lanes) {
                d += l.done.get();
                f += l.failed.get();
            }
            double secs = (now - start) / 1e9;
            progress.update(d, f, secs > 0 ? d / secs : 0);
        }

        /**
         * Declares the lane's simulation timed out once the watchdog has seen the same index in flight
         * for the whole timeout (so a timeout fires between 1 and 1 + 1/20 of its nominal length).
         */
        private void checkTimeout(Lane lane, int w, long timeoutNanos) {
            long idx = lane.running.getAcquire();
            long now = System.nanoTime();
            if (idx < 0) {
                lane.seenIndex = -1;
                return;
            }
            if (idx != lane.seenIndex) {
                lane.seenIndex = idx;
                lane.seenSince = now;
                return;
            }
            if (now - lane.seenSince < timeoutNanos || !lane.running.compareAndSet(idx, -1)) {
                return; // still within its time, or it finished just now
            }
            // the lane thread no longer touches the lane after its CAS fails: the watchdog owns it
            Thread stuck = lane.thread;
            Chunk c = lane.chunk;
            int k = (int) (idx - c.start); // θ of row k was recorded before the simulation started
            c.reason[k] = "timeout after " + Durations.limit(timeout);
            lane.pos = k + 1;
            lane.seenIndex = -1;
            timedOut.incrementAndGet();
            stuck.interrupt();
            startThread(lane, w);
        }

        private void startThread(Lane lane, int w) {
            Thread t = new Thread(() -> laneLoop(lane), "orrery-sim-" + w);
            t.setDaemon(true); // an abandoned, hung simulation must not keep the JVM alive
            lane.thread = t;
            t.start();
        }

        private static void publish(Lane lane, int pos, long done, long failed) {
            lane.pos = pos;
            lane.failed.lazySet(failed);
            lane.done.lazySet(done);
        }

        private void laneLoop(Lane lane) {
            SimulationStep.Watch watch = watched ? lane : SimulationStep.Watch.NONE;
            try {
                while (!stop) {
                    if (lane.chunk == null) {
                        Chunk next = nextChunk();
                        if (next == null) {
                            break;
                        }
                        lane.chunk = next;
                        lane.pos = 0;
                    }
                    Chunk c = lane.chunk;
                    long doneHere = lane.done.get();
                    long failedHere = lane.failed.get();
                    int k = lane.pos;
                    while (k < c.count && !stop) {
                        SimulationStep.Row r = step.run(c.start + k, watch);
                        if (r == SimulationStep.ABANDONED) {
                            return; // a replacement thread owns the lane now
                        }
                        c.put(k, r);
                        if (r.failure() != null) {
                            failedHere++;
                        }
                        k++;
                        doneHere++;
                        // Lanes sit side by side in memory: publishing after every simulation would
                        // bounce a shared cache line between cores. A watched lane publishes every
                        // time, since the watchdog may hand it to a new thread mid-chunk.
                        if (watched || (doneHere & 1023) == 0) {
                            publish(lane, k, doneHere, failedHere);
                        }
                    }
                    publish(lane, k, doneHere, failedHere);
                    if (stop) {
                        break;
                    }
                    lane.chunk = null;
                    handOff(c);
                }
                lane.finished = true;
                laneFinished.release();
            } catch (Throwable t) {
                fatal.compareAndSet(null, t);
                stop = true;
                lane.finished = true;
                laneFinished.release();
            }
        }
    }

    /** End-of-work marker for the shard writer. */
    private static final Chunk END = new Chunk(-1, 0, 0, 0, new int[0]);
}
