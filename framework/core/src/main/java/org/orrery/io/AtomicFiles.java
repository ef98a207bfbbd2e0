package org.orrery.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Write-then-rename: a reader (or a crash) sees either no file, the old file, or the complete new
 * one, never a partial file.
 */
public final class AtomicFiles {

    /** Writes a complete file at the given (temporary) path. */
    @FunctionalInterface
    public interface Writer {
        void write(Path tmp) throws Exception;
    }

    private AtomicFiles() {
    }

    /**
     * Runs {@code writer} on a temporary file in {@code target}'s directory, fsyncs it and moves it
     * atomically onto {@code target}. On failure the temporary file is removed and nothing is left.
     */
    public static void write(Path target, Writer writer) {
        Path dir = parentOf(target);
        checkWritableDirectory(dir, target);
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        } catch (IOException e) {
            throw new BadInputException("cannot write " + target + ": " + describe(e));
        }
        try {
            writer.write(tmp);
            fsync(tmp);
            followUmask(tmp, dir);
            move(tmp, target);
            fsyncDirectory(dir);
        } catch (BadInputException | UncheckedIOException e) {
            deleteQuietly(tmp);
            throw e;
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        } catch (Exception e) {
            deleteQuietly(tmp);
            throw new BadInputException("cannot write " + target + ": " + describe(e), e);
        }
    }

    /** Fails with a one-line cause unless {@code dir} is an existing, writable directory. */
    public static void checkWritableDirectory(Path dir, Path target) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("cannot write " + target + ": directory " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new BadInputException("cannot write " + target + ": directory " + dir + " is not writable");
        }
    }

    public static Path parentOf(Path target) {
        Path abs = target.toAbsolutePath();
        return abs.getParent() == null ? abs.getRoot() : abs.getParent();
    }

    public static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Makes a rename durable; a no-op where directories cannot be opened (not on Linux). */
    public static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // best effort: some platforms refuse to open a directory
        }
    }

    public static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * The one atomic directory swap: puts the finished folder {@code staged} at {@code target}. A
     * target that exists is renamed aside first (rename(2) cannot replace a non-empty directory),
     * then the new folder is renamed into place and the old one deleted; if the second rename fails
     * the old folder is put back. Readers see the old folder or the new one, never a mix. Both must
     * be on one file system (stage the folder as a sibling of the target).
     */
    public static void replaceDirectory(Path staged, Path target) throws IOException {
        if (!Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            renameDirectory(staged, target);
            return;
        }
        Path old = target.resolveSibling("." + target.getFileName() + ".old-" + Long.toHexString(System.nanoTime()));
        renameDirectory(target, old);
        try {
            renameDirectory(staged, target);
        } catch (IOException e) {
            renameDirectory(old, target);
            throw e;
        }
        deleteTree(old);
    }

    private static void renameDirectory(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + from + " to " + to + " atomically (different file systems?)", e);
        }
    }

    /** Deletes a folder and everything in it, best effort (what is left is a hidden sibling). */
    public static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
        } catch (IOException | java.io.UncheckedIOException e) {
            // best effort
        }
    }

    public static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover hidden .tmp file is harmless
        }
    }

    /** One line for an I/O failure, without a stack trace or an exception class name. */
    public static String describe(Throwable e) {
        if (e instanceof NoSuchFileException n) {
            return "no such file: " + n.getFile();
        }
        if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException f) {
            return "already exists: " + f.getFile();
        }
        if (e instanceof java.nio.file.NotDirectoryException d) {
            return "not a directory: " + d.getFile();
        }
        if (e instanceof java.nio.file.DirectoryNotEmptyException d) {
            return "directory not empty: " + d.getFile();
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            if (e.getCause() != null && e.getCause() != e) {
                return describe(e.getCause());
            }
            return e instanceof java.io.EOFException ? "unexpected end of file"
                    : e instanceof OutOfMemoryError ? "not enough memory" : "failed without a reason";
        }
        String line = m.lines().findFirst().orElse("").trim();
        // "java.io.IOException: disk full" → "disk full": class names mean nothing to the user
        return line.replaceAll("^(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error): ?", "");
    }

    // ------------------------------------------------------------------ permissions, guards

    private static volatile java.util.Set<java.nio.file.attribute.PosixFilePermission> umaskModes;

    /**
     * The permissions a new file gets in {@code dir} under this process's umask (0644 under umask
     * 022), found once by creating a probe file: Java cannot read the umask, and temporary files are
     * created 0600 whatever it is.
     */
    public static java.util.Set<java.nio.file.attribute.PosixFilePermission> umaskFileModes(Path dir) throws IOException {
        var cached = umaskModes;
        if (cached != null) {
            return cached;
        }
        Path probe = dir.resolve(".orrery-umask-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            Files.createFile(probe);
            cached = Files.getPosixFilePermissions(probe);
        } finally {
            deleteQuietly(probe);
        }
        umaskModes = cached;
        return cached;
    }

    /** Gives a finished temporary file the modes a newly created file would have (no-op off POSIX). */
    public static void followUmask(Path tmp, Path dir) throws IOException {
        if (!Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
            return;
        }
        Files.setPosixFilePermissions(tmp, umaskFileModes(dir));
    }

    /**
     * Refuses to replace an existing output unless {@code overwrite}: {@code what} names it in the
     * message ("bank", "report"), e.g. "bank.h5 exists (a finished bank); overwrite it, or choose another output"
     * (no command-line flags: a front end words its own options).
     */
    public static void refuseExisting(Path out, boolean overwrite, String what) {
        if (overwrite || !Files.exists(out)) {
            return;
        }
        if (Files.isDirectory(out)) {
            try (var s = Files.list(out)) {
                if (s.findAny().isEmpty()) {
                    return; // an empty folder holds nothing to lose
                }
            } catch (IOException e) {
                throw new BadInputException("cannot read " + out + ": " + describe(e));
            }
        }
        throw new BadInputException(out + " exists (a finished " + what + "); overwrite it, or choose another output");
    }
}
