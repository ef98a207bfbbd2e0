package org.orrery.posterior;

import org.osgi.annotation.versioning.ProviderType;

/** The host's side of training: shows progress and asks the estimator to stop (Ctrl-C). */
@ProviderType
public interface TrainingListener {

    void epoch(EpochReport report);

    /** Polled between steps; when true the estimator stops and returns nothing half-trained. */
    default boolean stopRequested() {
        return false;
    }

    /** Where to save training state between epochs and what to resume from; none unless the host gives one. */
    default TrainingCheckpoint checkpoint() {
        return TrainingCheckpoint.NONE;
    }

    TrainingListener SILENT = report -> { };
}
