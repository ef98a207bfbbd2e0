package org.orrery.io;

/**
 * A user-facing error whose message is one line naming the cause (the file, what was expected and
 * what was found). The command line prints the message alone and exits non-zero.
 */
public class BadInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
