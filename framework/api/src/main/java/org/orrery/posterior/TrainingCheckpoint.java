package org.orrery.posterior;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Where an estimator keeps the state of a training run, so that a run killed at any moment can be
 * resumed to the same result as an uninterrupted one. The host provides it through
 * {@link TrainingListener#checkpoint()} and stores the bytes atomically (a crash leaves the previous
 * checkpoint intact); the estimator decides what its state is (weights, optimiser state, epoch,
 * random-stream position, in its own format: no Java serialisation) and saves only between epochs.
 */
@ProviderType
public interface TrainingCheckpoint {

    /** Whether to save after completing {@code epoch} (1-based): the host's interval has passed. */
    boolean due(int epoch);

    /** Stores the state after {@code epoch} completed epochs, replacing the previous checkpoint atomically. */
    void save(int epoch, byte[] state);

    /** The state an earlier, interrupted run of the same training saved, when resuming; else empty. */
    Optional<byte[]> resume();

    /** No checkpoints: never due, nothing to resume. */
    TrainingCheckpoint NONE = new TrainingCheckpoint() {
        @Override
        public boolean due(int epoch) {
            return false;
        }

        @Override
        public void save(int epoch, byte[] state) {
        }

        @Override
        public Optional<byte[]> resume() {
            return Optional.empty();
        }
    };
}
