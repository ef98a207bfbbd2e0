package org.orrery.mesh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Runs numbered tasks on a few plain threads with dynamic hand-out (cells vary a lot in cost). */
public final class Parallel {

    /** Work of one thread: {@code worker} is 0..threads-1, so each can own its own histogram. */
    public interface Task {
        void run(int worker, int task);
    }

    private Parallel() {
    }

    public static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    public static void run(int tasks, int threads, Task task) {
        int t = Math.max(1, Math.min(threads, tasks));
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> started = new ArrayList<>();
        for (int w = 1; w < t; w++) {
            int worker = w;
            Thread th = new Thread(() -> drain(next, tasks, worker, task, failure), "orrery-mesh-" + w);
            th.setDaemon(true);
            th.start();
            started.add(th);
        }
        drain(next, tasks, 0, task, failure);
        for (Thread th : started) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for workers", e);
            }
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException re) {
            throw re;
        } else if (f instanceof Error err) {
            throw err;
        } else if (f != null) {
            throw new IllegalStateException(f);
        }
    }

    private static void drain(AtomicInteger next, int tasks, int worker, Task task, AtomicReference<Throwable> failure) {
        try {
            for (int i = next.getAndIncrement(); i < tasks && failure.get() == null; i = next.getAndIncrement()) {
                task.run(worker, i);
            }
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
    }
}
