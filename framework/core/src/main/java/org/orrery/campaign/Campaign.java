package org.orrery.campaign;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.bank.Bank;
import org.orrery.bank.BankMetadata;
import org.orrery.bank.BankReader;
import org.orrery.bank.BankWriter;
import org.orrery.bank.Column;
import org.orrery.bank.Failure;
import org.orrery.bank.OrreryVersion;
import org.orrery.data.ArraySpec;
import org.orrery.io.AtomicFiles;
import org.orrery.io.BadInputException;
import org.orrery.io.Hdf5Writer;
import org.orrery.random.RandomStreams;
import org.orrery.simulator.Simulator;

/**
 * Runs a simulation campaign and writes the bank.
 *
 * <p>Simulation i draws θ from the prior and then x from the simulator, both from the stream
 * {@link RandomStreams#forSimulation(long, long) (seed, i)}, so the bank does not depend on the
 * number of workers. Work is split into chunks of consecutive indices; each finished chunk becomes
 * a durable shard in {@code <out>.parts/}, and at the end the shards are merged into the bank
 * (temp file + atomic rename) and the parts are deleted. A kill at any moment leaves either no bank
 * or a complete one, plus shards that {@code resume} picks up.
 *
 * <p>Simulations run directly on worker ("lane") threads, so a fast simulator pays no hand-off per
 * call. The calling thread watches the lanes: one stuck in a simulation longer than the timeout is
 * abandoned (interrupted, its result discarded if it ever returns), the simulation is recorded as
 * failed and a fresh thread carries on with the lane's work.
 */
public final class Campaign {

    /** Chunks are also bounded in memory: about 32 MB of doubles each. */
    private static final int MAX_CHUNK_DOUBLES = 4_000_000;
    /** A shard file stays well under the 2 GiB a buffer can hold: 512 MB of doubles. */
    private static final long MAX_SHARD_DOUBLES = 64_000_000;
    /** Bound on the finished chunks queued for the shard writer: about 128 MB of doubles. */
    private static final long MAX_QUEUED_DOUBLES = 16_000_000;

    private final Simulator simulator;
    private final String simulatorVersion;
    private final CampaignSpec spec;
    private final CampaignListener listener;
    private final int thetaDim;
    private final ArraySpec observable;
    private final int xSize;
    /** The observable, then the latents: every output stored per simulation. */
    private final ArraySpec[] outputs;
    /** Values per simulation of each output; -1 for a point set of varying size. */
    private final int[] sizes;
    /** Values per point of each varying point set (its row width), else the output's size. */
    private final int[] widths;
    /** Whether to call simulateAll: only simulators with latents need it, the others keep the bare simulate. */
    private final boolean all;
    private final BankMetadata template;

    public Campaign(Simulator simulator, String simulatorVersion, CampaignSpec spec, CampaignListener listener) {
        this.simulator = simulator;
        this.simulatorVersion = simulatorVersion == null ? "" : simulatorVersion;
        this.spec = spec;
        this.listener = listener == null ? CampaignListener.NONE : listener;
        this.thetaDim = simulator.parameters().dimension();
        this.observable = simulator.observable();
        this.xSize = observable.size();
        List<ArraySpec> latents = simulator.latents() == null ? List.of() : simulator.latents();
        try {
            this.template = new BankMetadata(simulator.id(), this.simulatorVersion, simulator.parameters(), observable,
                    simulator.prior().describe(), spec.seed(), spec.num(), OrreryVersion.get(), null, latents,
                    simulator.box());
        } catch (IllegalArgumentException e) {
            throw new BadInputException("simulator " + simulator.id() + ": " + e.getMessage());
        }
        this.outputs = template.outputs().toArray(ArraySpec[]::new);
        this.all = outputs.length > 1;
        this.sizes = new int[outputs.length];
        this.widths = new int[outputs.length];
        for (int j = 0; j < outputs.length; j++) {
            sizes[j] = outputs[j].size();
            widths[j] = Column.rowWidth(outputs[j]);
        }
    }

    public CampaignResult run() {
        long t0 = System.nanoTime();
        Path out = spec.out();
        Path parts = spec.partsDir();
        AtomicFiles.checkWritableDirectory(AtomicFiles.parentOf(out), out);
        int chunkSize = (int) Math.max(1, Math.min(spec.chunkSize(), MAX_CHUNK_DOUBLES / rowDoubles()));
        ShardStore.Identity wanted = new ShardStore.Identity(simulator.id(), simulatorVersion, spec.seed(), spec.num(),
                chunkSize, thetaDim, xSize, describe(template.outputs()), sizes, simulator.prior().describe());
        ShardStore store;
        if (Files.isDirectory(parts)) {
            if (!spec.resume()) {
                throw new BadInputException(parts + " holds an interrupted campaign: pass --resume to continue it,"
                        + " or delete it to start over");
            }
            store = ShardStore.open(parts, wanted, out);
        } else {
            if (spec.resume() && Files.exists(out)) {
                return alreadyComplete(out, wanted, t0);
            }
            store = ShardStore.create(parts, wanted);
        }

        TreeMap<Integer, Chunk> done = store.loadValid();
        List<Integer> missing = new ArrayList<>();
        for (int c = 0; c < store.chunkCount(); c++) {
            if (!done.containsKey(c)) {
                missing.add(c);
            }
        }
        long recovered = 0;
        long recoveredFailed = 0;
        for (Chunk c : done.values()) {
            recovered += c.count;
            recoveredFailed += c.failures();
        }
        Runner runner = new Runner(store, missing, recovered, recoveredFailed);
        runner.runAll();
        done.putAll(runner.finished);
        runner.finished.clear();

        ChunkRows rows = new ChunkRows(done);
        BankWriter.write(out, rows);
        store.deleteAll();
        long simulatedNow = spec.num() - recovered;
        List<Failure> failures = rows.failures();
        List<Failure> first = failures.subList(0, Math.min(CampaignResult.SHOWN_FAILURES, failures.size()));
        return new CampaignResult(out, rows.indices().length, failures.size(), first, simulatedNow,
                Duration.ofNanos(System.nanoTime() - t0), false);
    }

    private CampaignResult alreadyComplete(Path out, ShardStore.Identity wanted, long t0) {
        BankMetadata m = BankReader.readMetadata(out);
        ShardStore.Identity found = new ShardStore.Identity(m.simulatorId(), m.simulatorVersion(), m.seed(),
                m.numRequested(), wanted.chunkSize(), m.parameters().dimension(), m.observable().size(),
                describe(m.outputs()), wanted.sizes(), m.prior());
        String mismatch = ShardStore.mismatch(found, wanted);
        if (mismatch != null) {
            throw new BadInputException("--resume: the bank " + out + " " + mismatch + "; choose another --out");
        }
        Bank bank = BankReader.read(out);
        List<Failure> first = bank.failures().subList(0, Math.min(CampaignResult.SHOWN_FAILURES, bank.failures().size()));
        listener.progress(spec.num(), bank.failures().size(), spec.num(), 0);
        return new CampaignResult(out, bank.size(), bank.failures().size(), first, 0,
                Duration.ofNanos(System.nanoTime() - t0), true);
    }

    /** Doubles per simulation; point sets of varying size are not known in advance. */
    private long rowDoubles() {
        long n = thetaDim;
        for (int s : sizes) {
            n += Math.max(0, s);
        }
        return n;
    }

    /** Outputs and their shapes as recorded in the parts manifest, e.g. {@code positions[-1, 3] velocities[-1, 3]}. */
    private static String describe(List<ArraySpec> specs) {
        StringBuilder b = new StringBuilder();
        for (ArraySpec a : specs) {
            b.append(b.length() > 0 ? " " : "").append(a.name()).append(Arrays.toString(a.shape()));
        }
        return b.toString();
    }

    /**
     * The finished chunks as the bank writer streams them, in index order: successful rows only,
     * each output copied once, straight from the chunk arrays into the file.
     */
    private final class ChunkRows implements BankWriter.Rows {
        private final Chunk[] chunks;
        private final long[] index;
        private final List<Failure> failures = new ArrayList<>();
        private final BankMetadata metadata;

        ChunkRows(TreeMap<Integer, Chunk> done) {
            this.chunks = done.values().toArray(Chunk[]::new);
            int ok = 0;
            for (Chunk c : chunks) {
                ok += c.count - c.failures();
            }
            index = new long[ok];
            int row = 0;
            for (Chunk c : chunks) {
                for (int k = 0; k < c.count; k++) {
                    if (c.reason[k] == null) {
                        index[row++] = c.start + k;
                    } else {
                        failures.add(new Failure(c.start + k,
                                Arrays.copyOfRange(c.theta, k * thetaDim, (k + 1) * thetaDim), c.reason[k]));
                    }
                }
            }
            metadata = new BankMetadata(simulator.id(), simulatorVersion, simulator.parameters(), observable,
                    template.prior(), spec.seed(), spec.num(), OrreryVersion.get(), Instant.now(), template.latents(),
                    template.box());
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
            for (Chunk c : chunks) {
                putOkRows(c, c.theta, thetaDim, out);
            }
        }

        @Override
        public void output(int j, Hdf5Writer.DoubleRows out) {
            for (Chunk c : chunks) {
                if (sizes[j] >= 0) {
                    putOkRows(c, c.fixed[j], sizes[j], out);
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
            for (Chunk c : chunks) {
                for (int k = 0; k < c.count; k++) {
                    if (c.reason[k] == null) {
                        offsets[row + 1] = offsets[row] + c.varying[j][k].length / widths[j];
                        row++;
                    }
                }
            }
            return offsets;
        }

        /** Rows of a flat chunk block, runs of successful simulations in one copy each. */
        private void putOkRows(Chunk c, double[] block, int width, Hdf5Writer.DoubleRows out) {
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
                out.put(block, k * width, (end - k) * width);
                k = end;
            }
        }
    }

    /**
     * Simulation {@code c.start + k}: θ from the prior, x from the simulator, both from stream
     * (seed, index), written straight into row k of the chunk. Returns null on success, else the
     * failure reason; {@link #ABANDONED} when the watchdog took the simulation over.
     */
    private String simulateOne(Chunk c, int k, Lane lane) {
        long index = c.start + k;
        UniformRandomProvider rng = RandomStreams.forSimulation(spec.seed(), index);
        double[] theta;
        try {
            theta = simulator.prior().sample(rng);
        } catch (RuntimeException | StackOverflowError e) {
            Arrays.fill(c.theta, k * thetaDim, (k + 1) * thetaDim, Double.NaN);
            return "prior sample threw " + describe(e);
        }
        if (theta == null || theta.length != thetaDim) {
            Arrays.fill(c.theta, k * thetaDim, (k + 1) * thetaDim, Double.NaN);
            return "prior returned " + (theta == null ? "null" : theta.length + " values") + ", expected " + thetaDim;
        }
        // θ is recorded before the simulator runs: it may scribble on its argument, and the watchdog
        // reads this row if the simulation hangs
        System.arraycopy(theta, 0, c.theta, k * thetaDim, thetaDim);
        if (lane != null) {
            lane.running.setRelease(index);
        }
        double[] x = null;
        Map<String, double[]> named = null;
        String error = null;
        try {
            if (all) {
                named = simulator.simulateAll(theta, rng);
            } else {
                x = simulator.simulate(theta, rng);
            }
        } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
            error = "threw " + describe(e);
        }
        if (lane != null && !lane.running.compareAndSet(index, -1)) {
            return ABANDONED; // the watchdog recorded the timeout; this thread must not touch the chunk again
        }
        if (error != null) {
            return error;
        }
        if (!all) {
            if (x == null) {
                return "returned null";
            }
            String bad = check(0, x, "");
            if (bad != null) {
                return bad;
            }
            store(c, k, 0, x);
            return null;
        }
        if (named == null) {
            return "returned null";
        }
        double[][] values = new double[outputs.length][];
        for (int j = 0; j < outputs.length; j++) {
            values[j] = named.get(outputs[j].name());
            if (values[j] == null) {
                return "returned no output " + outputs[j].name();
            }
            String bad = check(j, values[j], " for " + outputs[j].name());
            if (bad != null) {
                return bad;
            }
        }
        if (named.size() != outputs.length) {
            for (String name : named.keySet()) {
                if (Arrays.stream(outputs).noneMatch(a -> a.name().equals(name))) {
                    return "returned an undeclared output " + name;
                }
            }
        }
        for (int j = 0; j < outputs.length; j++) {
            store(c, k, j, values[j]);
        }
        return null;
    }

    /** Null when {@code v} fits output j (size, or whole points, and finite), else why not. */
    private String check(int j, double[] v, String what) {
        if (sizes[j] >= 0 ? v.length != sizes[j] : v.length % widths[j] != 0) {
            return sizes[j] >= 0
                    ? "returned " + v.length + " values" + what + ", expected " + sizes[j] + " "
                            + Arrays.toString(outputs[j].shape())
                    : "returned " + v.length + " values" + what + ", not a multiple of " + widths[j] + " "
                            + Arrays.toString(outputs[j].shape());
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                return "returned " + v[i] + " at " + outputs[j].name() + "[" + i + "]";
            }
        }
        return null;
    }

    /** Row k of output j; a varying point set is copied, since the simulator may reuse its array. */
    private void store(Chunk c, int k, int j, double[] v) {
        if (sizes[j] >= 0) {
            System.arraycopy(v, 0, c.fixed[j], k * sizes[j], sizes[j]);
        } else {
            c.varying[j][k] = v.clone();
        }
    }

    /** Marker result: the simulation was abandoned by the watchdog (compared by identity). */
    private static final String ABANDONED = new String("abandoned");

    private static String describe(Throwable e) {
        String m = e.getMessage();
        String first = m == null ? "" : m.lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first);
    }

    /**
     * A unit of work that survives its thread: the chunk in progress and the position in it. When a
     * simulation hangs, the watchdog hands the lane to a new thread.
     */
    private static final class Lane {
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
    }

    private final class Runner {
        final ShardStore store;
        final ArrayDeque<Integer> queue;
        final Map<Integer, Chunk> finished = new TreeMap<>();
        final long recovered;
        final long recoveredFailed;
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
        final boolean watched = spec.timeout().toNanos() > 0;
        volatile boolean stop;

        Runner(ShardStore store, List<Integer> missing, long recovered, long recoveredFailed) {
            this.store = store;
            this.queue = new ArrayDeque<>(missing);
            this.recovered = recovered;
            this.recoveredFailed = recoveredFailed;
            this.lanes = new Lane[Math.max(1, Math.min(spec.workers(), missing.size()))];
            // room for the chunks that finish during one fsync, within about 128 MB
            long chunkDoubles = Math.max(1, (long) store.identity().chunkSize() * rowDoubles());
            int room = (int) Math.max(lanes.length + 1, Math.min(64, MAX_QUEUED_DOUBLES / chunkDoubles));
            this.toWrite = new ArrayBlockingQueue<>(room);
        }

        synchronized Chunk nextChunk() {
            Integer n = stop ? null : queue.poll();
            return n == null ? null : store.newChunk(n);
        }

        synchronized void chunkDone(Chunk c) {
            finished.put(c.number, c);
        }

        void runAll() {
            long start = System.nanoTime();
            if (queue.isEmpty()) {
                listener.progress(spec.num(), recoveredFailed, spec.num(), 0);
                return;
            }
            Thread writer = new Thread(this::writerLoop, "orrery-shard-writer");
            writer.setDaemon(true);
            writer.start();
            for (int w = 0; w < lanes.length; w++) {
                lanes[w] = new Lane();
                startThread(lanes[w], w);
            }
            long timeoutNanos = spec.timeout().toNanos();
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
                    throw new BadInputException("campaign interrupted; resume it with --resume");
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
         * {@link CampaignSpec#checkpointEvery()}, then it and everything else waiting go into one shard: group commit, so a fast simulator is never held to the
         * disk's fsync rate. Chunks still waiting when the lanes are done go straight into the bank,
         * which is written and fsynced next (a kill before it is complete redoes them on resume).
         * Waiting costs no memory: every chunk stays in memory until the bank is written anyway.
         */
        private void writerLoop() {
            long every = spec.checkpointEvery().toNanos();
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
                    if (!end && !waiting.isEmpty()
                            && (System.nanoTime() - oldest >= every || waitingDoubles >= MAX_SHARD_DOUBLES)) {
                        store.write(waiting);
                        store.syncDirectory();
                    } else if (!end) {
                        continue;
                    }
                    for (Chunk w : waiting) {
                        chunkDone(w);
                    }
                    waiting.clear();
                    waitingDoubles = 0;
                    if (end) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                stop = true; // the campaign is failing: nothing more to persist
            } catch (Throwable t) {
                fatal.compareAndSet(null, t);
                stop = true;
            }
        }

        private void report(long start, long now) {
            long d = recovered + timedOut.get();
            long f = recoveredFailed + timedOut.get();
            for (Lane l : lanes) {
                d += l.done.get();
                f += l.failed.get();
            }
            double secs = (now - start) / 1e9;
            listener.progress(d, f, spec.num(), secs > 0 ? (d - recovered) / secs : 0);
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
            c.reason[k] = "timeout after " + formatSeconds(spec.timeout());
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
            Lane watch = watched ? lane : null;
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
                        String r = simulateOne(c, k, watch);
                        if (r == ABANDONED) {
                            return; // a replacement thread owns the lane now
                        }
                        if (r != null) {
                            c.reason[k] = r;
                            failedHere++;
                        }
                        k++;
                        doneHere++;
                        // Lanes sit side by side in memory: publishing after every simulation would
                        // bounce a shared cache line between cores. A watched lane publishes every
                        // time, since the watchdog may hand it to a new thread mid-chunk.
                        if (watch != null || (doneHere & 1023) == 0) {
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

    static String formatSeconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : (ms / 1000.0) + " s";
    }
}
