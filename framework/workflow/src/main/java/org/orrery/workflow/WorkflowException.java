package org.orrery.workflow;

/**
 * The one failure type of the workflow layer: a complete, user-facing sentence (bad input, a
 * missing file, an unknown plugin, a plugin that refused its settings). Front ends print the
 * message on one line and never a stack trace.
 *
 * <p>When the cause is one field of a request, {@link #input()} names it in the request's terms
 * ({@code out}, {@code workers}, {@code checks}, {@code settings}); a front end may put its own
 * name for that input in front (the command line's {@code --out}). The workflow never writes a
 * command-line flag into a message.
 */
public class WorkflowException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String input;
    private final String problem;

    public WorkflowException(String message) {
        this(null, message, null);
    }

    public WorkflowException(String message, Throwable cause) {
        this(null, message, cause);
    }

    /**
     * @param input   the request field at fault, or null
     * @param problem what is wrong with it, written to follow the field's name: {@code "must name an
     *                HDF5 bank (.h5 or .hdf5), got: x.txt"} or {@code ": no parameter 'sigma8'"}
     */
    public WorkflowException(String input, String problem, Throwable cause) {
        super(input == null ? problem : input + (problem.startsWith(":") ? "" : " ") + problem, cause);
        this.input = input;
        this.problem = problem;
    }

    /** The request field at fault, or null when the failure is not about one input. */
    public String input() {
        return input;
    }

    /** The message without the input's name (what a front end appends to its own name for it). */
    public String problem() {
        return problem;
    }
}
