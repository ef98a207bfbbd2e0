package org.orrery.workflow;

import org.orrery.posterior.EpochReport;
import org.orrery.validation.ValidationResult;

/**
 * Progress of a use case, for a front end to show: plain lines of text, campaign counts, training
 * epochs and check results. Every method has a do-nothing default; {@link #stopRequested()} lets a
 * front end stop a training run (Ctrl-C) without killing the JVM mid-write.
 */
public interface WorkflowListener {

    /** A listener that shows nothing. */
    WorkflowListener NONE = new WorkflowListener() { };

    /** A line for the user (a stage started, a file was written, a warning). */
    default void message(String line) {
    }

    /** A campaign's progress: finished simulations, of which failed, of total, at this rate per second. */
    default void campaign(String simulator, long done, long failed, long total, double rate) {
    }

    /** One training epoch finished. */
    default void epoch(EpochReport report) {
    }

    /** A check finished. */
    default void check(ValidationResult result, double seconds) {
    }

    /** True when the user asked to stop; long steps poll it. */
    default boolean stopRequested() {
        return false;
    }
}
