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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.bank.Bank;
import org.orrery.bank.BankMetadata;
import org.orrery.bank.BankReader;
import org.orrery.bank.BankWriter;
import org.orrery.bank.Failure;
import org.orrery.bank.OrreryVersion;
import org.orrery.data.ArraySpec;
import org.orrery.io.AtomicFiles;
import org.orrery.io.BadInputException;
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

    private final Simulator simulator;
    private final String simulatorVersion;
    private final CampaignSpec spec;
    private final CampaignListener listener;
    private final int thetaDim;
    private final ArraySpec observable;
    private final int xSize;

    public Campaign(Simulator simulator, String simulatorVersion, CampaignSpec spec, CampaignListener listener) {
        this.simulator = simulator;
        this.simulatorVersion = simulatorVersion == null ? "" : simulatorVersion;
        this.spec = spec;
        this.listener = listener == null ? CampaignListener.NONE : listener;
        this.thetaDim = simulator.parameters().dimension();
        this.observable = simulator.observable();
        this.xSize = observable.size();
        if (xSize < 1) {
            throw new BadInputException("simulator " + simulator.id() + " has an observable of varying size ("
                    + observable + "); campaigns need a fixed shape");
        }
    }

    public CampaignResult run() {
        long t0 = System.nanoTime();
        Path out = spec.out();
        Path parts = spec.partsDir();
        AtomicFiles.checkWritableDirectory(AtomicFiles.parentOf(out), out);
        int chunkSize = (int) Math.max(1, Math.min(spec.chunkSize(), MAX_CHUNK_DOUBLES / (long) (xSize + thetaDim)));
        ShardStore.Identity wanted = new ShardStore.Identity(simulator.id(), simulatorVersion, spec.seed(), spec.num(),
                chunkSize, thetaDim, xSize);
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

        Bank bank = merge(done);
        BankWriter.write(out, bank);
        store.deleteAll();
        long simulatedNow = spec.num() - recovered;
        List<Failure> first = bank.failures().subList(0, Math.min(CampaignResult.SHOWN_FAILURES, bank.failures().size()));
        return new CampaignResult(out, bank.size(), bank.failures().size(), first, simulatedNow,
                Duration.ofNanos(System.nanoTime() - t0), false);
    }

    private CampaignResult alreadyComplete(Path out, ShardStore.Identity wanted, long t0) {
        BankMetadata m = BankReader.readMetadata(out);
        ShardStore.Identity found = new ShardStore.Identity(m.simulatorId(), m.simulatorVersion(), m.seed(),
                m.numRequested(), wanted.chunkSize(), m.parameters().dimension(), m.observable().size());
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

    private Bank merge(Map<Integer, Chunk> chunks) {
        int ok = 0;
        int failed = 0;
        for (Chunk c : chunks.values()) {
            int f = c.failures();
            failed += f;
            ok += c.count - f;
        }
        long[] index = new long[ok];
        double[][] theta = new double[ok][];
        double[][] x = new double[ok][];
        List<Failure> failures = new ArrayList<>(failed);
        int row = 0;
        for (Chunk c : chunks.values()) { // TreeMap: chunk order = index order
            for (int k = 0; k < c.count; k++) {
                double[] th = Arrays.copyOfRange(c.theta, k * thetaDim, (k + 1) * thetaDim);
                if (c.reason[k] == null) {
                    index[row] = c.start + k;
                    theta[row] = th;
                    x[row] = Arrays.copyOfRange(c.x, k * xSize, (k + 1) * xSize);
                    row++;
                } else {
                    failures.add(new Failure(c.start + k, th, c.reason[k]));
                }
            }
        }
        BankMetadata m = new BankMetadata(simulator.id(), simulatorVersion, simulator.parameters(), observable,
                simulator.prior().describe(), spec.seed(), spec.num(), OrreryVersion.get(), Instant.now());
        return new Bank(m, index, theta, x, failures);
    }

    /** One simulation: θ from the prior, x from the simulator, both from stream (seed, index). */
    private String simulateOne(long index, double[] thetaOut, double[] xOut, Lane lane) {
        UniformRandomProvider rng = RandomStreams.forSimulation(spec.seed(), index);
        double[] theta;
        try {
            theta = simulator.prior().sample(rng);
        } catch (RuntimeException | StackOverflowError e) {
            Arrays.fill(thetaOut, Double.NaN);
            return "prior sample threw " + describe(e);
        }
        if (theta == null || theta.length != thetaDim) {
            Arrays.fill(thetaOut, Double.NaN);
            return "prior returned " + (theta == null ? "null" : theta.length + " values") + ", expected " + thetaDim;
        }
        System.arraycopy(theta, 0, thetaOut, 0, thetaDim);
        if (lane != null) {
            lane.arm(index, thetaOut);
        }
        double[] x;
        String error = null;
        try {
            x = simulator.simulate(theta, rng); // θ was copied: the simulator may scribble on its argument
        } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
            x = null;
            error = "threw " + describe(e);
        }
        if (lane != null && !lane.disarm(index)) {
            return null; // abandoned by the watchdog, which recorded the timeout
        }
        if (error != null) {
            return error;
        }
        if (x == null) {
            return "returned null";
        }
        if (x.length != xSize) {
            return "returned " + x.length + " values, expected " + xSize + " " + Arrays.toString(observable.shape());
        }
        for (int j = 0; j < xSize; j++) {
            if (!Double.isFinite(x[j])) {
                return "returned " + x[j] + " at x[" + j + "]";
            }
        }
        System.arraycopy(x, 0, xOut, 0, xSize);
        return "";
    }

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
        /** Index of the simulation in flight, or -1. Claimed by CAS by either the lane or the watchdog. */
        final AtomicLong running = new AtomicLong(-1);
        volatile long startedNanos;
        volatile double[] thetaInFlight;
        volatile Thread thread;
        volatile boolean finished;
        Chunk chunk;
        int pos;
        /** Simulations this lane finished (written only by the current lane thread). */
        final AtomicLong done = new AtomicLong();
        final AtomicLong failed = new AtomicLong();

        void arm(long index, double[] theta) {
            thetaInFlight = theta;
            startedNanos = System.nanoTime();
            running.set(index);
        }

        boolean disarm(long index) {
            return running.compareAndSet(index, -1);
        }
    }

    private final class Runner {
        final ShardStore store;
        final ArrayDeque<Integer> queue;
        final Map<Integer, Chunk> finished = new TreeMap<>();
        final long recovered;
        final long recoveredFailed;
        final AtomicReference<Throwable> fatal = new AtomicReference<>();
        final AtomicLong timedOut = new AtomicLong();
        final Lane[] lanes;
        volatile boolean stop;

        Runner(ShardStore store, List<Integer> missing, long recovered, long recoveredFailed) {
            this.store = store;
            this.queue = new ArrayDeque<>(missing);
            this.recovered = recovered;
            this.recoveredFailed = recoveredFailed;
            this.lanes = new Lane[Math.max(1, Math.min(spec.workers(), missing.size()))];
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
            for (int w = 0; w < lanes.length; w++) {
                lanes[w] = new Lane();
                startThread(lanes[w], w);
            }
            long timeoutNanos = spec.timeout().toNanos();
            long pollMillis = timeoutNanos > 0 ? Math.max(5, Math.min(200, timeoutNanos / 20_000_000)) : 200;
            long lastReport = 0;
            while (true) {
                boolean all = true;
                for (Lane l : lanes) {
                    all &= l.finished;
                }
                if (all || fatal.get() != null) {
                    break;
                }
                try {
                    Thread.sleep(pollMillis);
                } catch (InterruptedException e) {
                    stop = true;
                    Thread.currentThread().interrupt();
                    throw new BadInputException("campaign interrupted; resume it with --resume");
                }
                if (timeoutNanos > 0) {
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

        private void checkTimeout(Lane lane, int w, long timeoutNanos) {
            long idx = lane.running.get();
            if (idx < 0 || System.nanoTime() - lane.startedNanos < timeoutNanos) {
                return;
            }
            if (!lane.running.compareAndSet(idx, -1)) {
                return; // it finished just now
            }
            // the lane thread no longer touches the lane after its CAS fails: the watchdog owns it
            Thread stuck = lane.thread;
            Chunk c = lane.chunk;
            int k = lane.pos;
            System.arraycopy(lane.thetaInFlight, 0, c.theta, k * thetaDim, thetaDim);
            c.reason[k] = "timeout after " + formatSeconds(spec.timeout());
            lane.pos = k + 1;
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

        private void laneLoop(Lane lane) {
            try {
                double[] xBuf = new double[xSize];
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
                    double[] th = new double[thetaDim];
                    while (lane.pos < c.count && !stop) {
                        int k = lane.pos;
                        String r = simulateOne(c.start + k, th, xBuf, lane);
                        if (r == null) {
                            return; // abandoned: a replacement thread owns the lane now
                        }
                        System.arraycopy(th, 0, c.theta, k * thetaDim, thetaDim);
                        if (r.isEmpty()) {
                            System.arraycopy(xBuf, 0, c.x, k * xSize, xSize);
                        } else {
                            c.reason[k] = r;
                            lane.failed.lazySet(lane.failed.get() + 1);
                        }
                        lane.pos = k + 1;
                        lane.done.lazySet(lane.done.get() + 1);
                        th = new double[thetaDim]; // the watchdog may hold the previous one
                    }
                    if (stop) {
                        break;
                    }
                    store.write(c);
                    chunkDone(c);
                    lane.chunk = null;
                }
                lane.finished = true;
            } catch (Throwable t) {
                fatal.compareAndSet(null, t);
                stop = true;
                lane.finished = true;
            }
        }
    }

    static String formatSeconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : (ms / 1000.0) + " s";
    }
}
