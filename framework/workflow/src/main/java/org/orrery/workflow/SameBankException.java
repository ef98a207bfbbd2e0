package org.orrery.workflow;

/**
 * The held-out bank repeats the simulations the posterior was trained on (the same file, a copy, or
 * the same simulator and seed): calibration checks on it measure memory, not calibration, so
 * validation refuses unless the request allows it explicitly. Front ends add how to allow it.
 */
public final class SameBankException extends WorkflowException {

    private static final long serialVersionUID = 1L;

    SameBankException(String reason) {
        super("bank", ": " + reason + "; checks on it measure memory, not calibration", null);
    }
}
