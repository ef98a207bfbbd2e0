package org.orrery.host;

/** The host itself could not start (a broken plugin jar never causes this). */
public class HostStartException extends Exception {
    private static final long serialVersionUID = 1L;

    public HostStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
