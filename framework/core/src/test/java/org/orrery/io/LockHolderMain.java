package org.orrery.io;

/** Holds {@link OutputLock} on args[0], says "locked", then sleeps until killed. */
public final class LockHolderMain {
    public static void main(String[] args) throws Exception {
        OutputLock lock = OutputLock.acquire(java.nio.file.Path.of(args[0]));
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(120_000);
        lock.close();
    }
}
