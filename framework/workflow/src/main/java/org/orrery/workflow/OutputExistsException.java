package org.orrery.workflow;

import java.nio.file.Path;

/**
 * A finished output (a bank, a report) is where a new one would go, and the request does not say to
 * replace it. Front ends add how to say so ({@code --overwrite}).
 */
public final class OutputExistsException extends WorkflowException {

    private static final long serialVersionUID = 1L;

    private final Path output;
    private final String what;

    OutputExistsException(Path output, String what) {
        super("out", output + " exists (a finished " + what + "); replace it explicitly or choose another output", null);
        this.output = output;
        this.what = what;
    }

    /** What the output is: "bank", "report". */
    public String what() {
        return what;
    }

    /** The existing output. */
    public Path output() {
        return output;
    }
}
