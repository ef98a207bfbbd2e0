package org.orrery.cli;

/**
 * Commands that are part of the public surface (DESIGN §6) but whose work arrives with a later
 * issue. They parse their documented options, so that {@code --help} is already truthful, then say
 * plainly that they are not built and exit 2.
 */
final class NotBuilt {

    /** Exit status of a command that exists in name only (same as picocli's usage error). */
    static final int EXIT = 2;

    private NotBuilt() {
    }

    /** Thrown so that Main's handler writes to the command line's own error stream. */
    static final class Exception extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Exception(String command, String arrivesWith) {
            super("orrery " + command + ": not built yet — " + arrivesWith);
        }
    }

    /**
     * Never returns normally; declared {@code int} so that a command's {@code call()} can write
     * {@code return NotBuilt.report(...)}.
     */
    static int report(String command, String arrivesWith) {
        throw new Exception(command, arrivesWith);
    }

    /** Marker for stub commands: a missing required option still gets the not-built message. */
    interface Stub {
        String commandName();

        String arrivesWith();
    }
}
