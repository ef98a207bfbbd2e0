package org.orrery.cli;

/**
 * A failure whose message is already a complete, user-facing sentence (bad input, missing file).
 * Main prints only the message, never a stack trace, and exits 1.
 */
public class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
