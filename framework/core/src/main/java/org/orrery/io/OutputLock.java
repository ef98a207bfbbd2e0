package org.orrery.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive claim on an output ({@code bank.h5}, {@code report/}) held for the whole run: a
 * second writer gets "… is in use by another process (pid N)" at once instead of interleaving its
 * work with the first or mistaking it for an interrupted run. The claim is an OS file lock on
 * {@code .<name>.lock} beside the output, so it vanishes when the holder dies, even by kill -9.
 */
public final class OutputLock implements AutoCloseable {

    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(Path lockFile, FileChannel channel, FileLock lock) {
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file that guards {@code out}. */
    public static Path lockFileOf(Path out) {
        Path abs = out.toAbsolutePath().normalize();
        return AtomicFiles.parentOf(abs).resolve("." + abs.getFileName() + ".lock");
    }

    /** Claims {@code out} or fails with one line naming the holder's pid. */
    public static OutputLock acquire(Path out) {
        Path lf = lockFileOf(out);
        AtomicFiles.checkWritableDirectory(AtomicFiles.parentOf(lf), out);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(lf, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // held by this very process
            }
            if (l == null) {
                String pid = holder(ch);
                ch.close();
                throw new BadInputException(out + " is in use by another process (pid " + pid + "); wait for it to finish"
                        + " or choose another output");
            }
            byte[] me = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(me), 0);
            ch.force(false);
            return new OutputLock(lf, ch, l);
        } catch (IOException e) {
            try {
                if (ch != null) {
                    ch.close();
                }
            } catch (IOException ignored) {
                // already failing
            }
            throw new BadInputException("cannot lock " + out + ": " + AtomicFiles.describe(e));
        }
    }

    private static String holder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(32);
            ch.read(b, 0);
            String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
            return s.matches("\\d+") ? s : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(lockFile); // while still held, so no other writer sees a stale pid
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the OS drops the lock with the channel; a leftover lock file is harmless
        }
    }
}
