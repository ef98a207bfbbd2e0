package org.orrery.cli;

/** A value given on the command line is wrong or refused: one line, exit status 2. */
public class UsageException extends CliException {

    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
