package org.orrery.external.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Process plumbing shared by both modes: killing a process with its children, bounded output, scratch folders. */
final class Processes {

    /** Bytes of a failed program's output kept in its failure record. */
    static final int TAIL_BYTES = 600;

    private Processes() {
    }

    /**
     * Kills a process and every descendant it has, forcibly. Descendants are listed before the
     * parent dies (an orphan is re-parented and no longer found), twice, to catch children forked
     * while we looked.
     */
    static void killTree(ProcessHandle p) {
        for (int round = 0; round < 2; round++) {
            List<ProcessHandle> children = new ArrayList<>();
            try {
                p.descendants().forEach(children::add);
            } catch (RuntimeException ignored) {
                // the process is gone already
            }
            p.destroyForcibly();
            for (ProcessHandle c : children) {
                c.destroyForcibly();
            }
            long deadline = System.nanoTime() + 100_000_000L;
            for (ProcessHandle c : children) {
                try {
                    c.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (Exception ignored) {
                    // SIGKILL cannot be refused; a zombie left is init's to reap
                }
            }
        }
        try {
            p.onExit().get(2, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // destroyForcibly is SIGKILL; it goes
        }
    }

    /** Environment for a program: the inherited one, the manifest's, then Orrery's own variables. */
    static void environment(Map<String, String> env, Manifest m) {
        env.putAll(m.environment());
        String home = System.getProperty("orrery.home");
        if (home != null && !home.isBlank()) {
            // orrery_sim.py ships in <dist>/python: importable without copying it next to the simulator,
            // after whatever PYTHONPATH the user or the manifest set
            String py = Path.of(home, "python").toString();
            String old = env.get("PYTHONPATH");
            env.put("PYTHONPATH", old == null || old.isEmpty() ? py : old + java.io.File.pathSeparator + py);
        }
        env.put("ORRERY_SIMULATOR_ID", m.id());
        env.put("ORRERY_MANIFEST_DIR", m.directory().toString());
    }

    /** The last {@code max} bytes of a file as text, or "" if it is missing. */
    static String tail(Path file, int max) {
        try {
            long size = Files.size(file);
            byte[] b;
            try (var ch = java.nio.channels.FileChannel.open(file)) {
                long from = Math.max(0, size - max);
                var buf = java.nio.ByteBuffer.allocate((int) (size - from));
                while (buf.hasRemaining() && ch.read(buf, from + buf.position()) > 0) {
                    // read on
                }
                b = buf.array();
            }
            String s = new String(b, StandardCharsets.UTF_8);
            return size > max ? "…" + s : s;
        } catch (IOException e) {
            return "";
        }
    }

    /** Deletes a folder and everything in it; quietly, as cleanup after a simulation. */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** The root of this JVM's scratch folders: {@code $TMPDIR/orrery-external-<pid>}. */
    static Path scratchRoot() throws IOException {
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "orrery-external-" + ProcessHandle.current().pid());
        Files.createDirectories(root);
        return root;
    }

    /**
     * Drains a stream into a ring of the last {@code capacity} bytes on a daemon thread, so a chatty
     * program can never block on a full pipe and memory stays bounded.
     */
    static final class Tail implements Runnable {
        private final InputStream in;
        private final byte[] ring;
        private long written;

        Tail(InputStream in, int capacity, String threadName) {
            this.in = in;
            this.ring = new byte[capacity];
            Thread t = new Thread(this, threadName);
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void run() {
            byte[] buf = new byte[4096];
            try {
                int r;
                while ((r = in.read(buf)) >= 0) {
                    synchronized (this) {
                        for (int k = 0; k < r; k++) {
                            ring[(int) (written++ % ring.length)] = buf[k];
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process closed its end
            }
        }

        /** The bytes kept so far, oldest first; forgets them so the next failure shows only its own output. */
        synchronized String takeText() {
            int n = (int) Math.min(written, ring.length);
            byte[] out = new byte[n];
            long start = written - n;
            for (int k = 0; k < n; k++) {
                out[k] = ring[(int) ((start + k) % ring.length)];
            }
            boolean cut = written > ring.length;
            written = 0;
            String s = new String(out, StandardCharsets.UTF_8);
            return cut ? "…" + s : s;
        }
    }
}
