package org.orrery.workflow;

/**
 * A value the user gave (a setting, a prior, a pinned parameter) that the plugin or the workflow
 * refuses: a usage error, which a command line reports with exit status 2 like any other bad option.
 */
public class RefusedValueException extends WorkflowException {

    private static final long serialVersionUID = 1L;

    public RefusedValueException(String message, Throwable cause) {
        super(message, cause);
    }

    /** About one named input: {@code problem} is worded to follow the input's name. */
    public RefusedValueException(String input, String problem, Throwable cause) {
        super(input, problem, cause);
    }
}
