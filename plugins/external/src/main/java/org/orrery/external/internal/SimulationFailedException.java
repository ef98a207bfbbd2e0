package org.orrery.external.internal;

/**
 * One external simulation produced no usable output. The message is a single line (the campaign
 * keeps the first line of a failure reason): the cause, then a bounded tail of the program's
 * stderr/stdout with line breaks shown as {@code ⏎}.
 */
public final class SimulationFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SimulationFailedException(String message) {
        super(message, null, false, false);
    }

    /** The cause plus the captured output of the program, on one line. */
    public static SimulationFailedException of(String cause, String output) {
        String tail = output == null ? "" : output.strip();
        if (tail.isEmpty()) {
            return new SimulationFailedException(cause);
        }
        tail = tail.replace("\r", "").replace("\n", " ⏎ ");
        return new SimulationFailedException(cause + "; output: " + tail);
    }
}
