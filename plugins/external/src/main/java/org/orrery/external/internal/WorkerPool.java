package org.orrery.external.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One worker process per campaign lane. A campaign runs each lane on its own thread, so workers
 * are keyed by thread: a lane reuses its worker for every simulation without any hand-off, and
 * workers never share state across threads. A worker whose thread has ended (the campaign is over,
 * or it abandoned a stuck lane) is closed by the watchdog within a fraction of a second, and all
 * are closed with the pool (when the adapter bundle stops). A daemon watchdog kills a worker whose call overruns
 * the manifest's timeout.
 */
final class WorkerPool implements AutoCloseable {

    private static final long WATCH_PERIOD_MILLIS = 20;

    private final Manifest m;
    private final Path scratchRoot;
    private final Map<Thread, Worker> byThread = new ConcurrentHashMap<>();
    private final List<Worker> watched = new CopyOnWriteArrayList<>();
    private final Thread watchdog;
    private volatile boolean closed;
    private volatile boolean retired;

    WorkerPool(Manifest m, Path scratchRoot) {
        this.m = m;
        this.scratchRoot = scratchRoot;
        this.watchdog = new Thread(this::watch, "orrery-external-watchdog-" + m.id());
        watchdog.setDaemon(true);
        watchdog.start();
    }

    Map<String, double[]> simulate(double[] theta, long seed, long index) {
        if (closed) {
            throw new SimulationFailedException("simulator " + m.id() + " was withdrawn (its manifest was removed or replaced)");
        }
        Thread t = Thread.currentThread();
        Worker w = byThread.get(t);
        if (w == null) {
            reapFinishedLanes();
            w = Worker.start(m, scratchRoot, this);
            byThread.put(t, w);
            if (closed) {
                close();
            }
        }
        try {
            return w.simulate(theta, seed, index);
        } finally {
            if (w.broken()) {
                byThread.remove(t, w);
                watched.remove(w);
            }
        }
    }

    void watch(Worker w) {
        watched.add(w);
    }

    private void reapFinishedLanes() {
        for (Map.Entry<Thread, Worker> e : byThread.entrySet()) {
            if (!e.getKey().isAlive() && byThread.remove(e.getKey(), e.getValue())) {
                watched.remove(e.getValue());
                e.getValue().close();
            }
        }
    }

    /** Live worker processes (for tests and diagnostics). */
    List<Long> pids() {
        List<Long> out = new ArrayList<>();
        for (Worker w : byThread.values()) {
            if (w.alive()) {
                out.add(w.pid());
            }
        }
        return out;
    }

    private void watch() {
        int tick = 0;
        while (!closed) {
            if (++tick % 10 == 0) {
                reapFinishedLanes();
                if (retired && byThread.isEmpty()) {
                    close();
                    return;
                }
            }
            long now = System.nanoTime();
            for (Worker w : watched) {
                long d = w.deadline;
                if (d != 0 && now - d > 0) {
                    w.timedOut = true;
                    w.deadline = 0;
                    Processes.killTree(w.processHandle());
                }
            }
            try {
                Thread.sleep(WATCH_PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * The simulator was withdrawn: work holding it goes on with its workers, which are closed as
     * their lanes end; then the pool closes itself.
     */
    void retire() {
        retired = true;
    }

    @Override
    public void close() {
        closed = true;
        watchdog.interrupt();
        for (Worker w : byThread.values()) {
            w.close();
        }
        byThread.clear();
        for (Worker w : watched) {
            if (w.alive()) {
                w.kill();
            }
        }
        watched.clear();
    }
}
