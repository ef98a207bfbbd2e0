package org.orrery.training;

import org.apache.commons.rng.RestorableUniformRandomProvider;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.core.RandomProviderDefaultState;

/** The position of a random stream as bytes, for training checkpoints (Commons RNG's saveState/restoreState). */
public final class RandomState {

    private RandomState() {
    }

    /** The generator's full state; refused for a generator that cannot be restored. */
    public static byte[] save(UniformRandomProvider rng) {
        if (!(rng instanceof RestorableUniformRandomProvider r)) {
            throw new IllegalArgumentException("cannot checkpoint the random stream " + rng.getClass().getSimpleName()
                    + ": it cannot save its state");
        }
        if (!(r.saveState() instanceof RandomProviderDefaultState s)) {
            throw new IllegalArgumentException("cannot checkpoint the random stream " + rng.getClass().getSimpleName());
        }
        return s.getState();
    }

    /** Puts the generator back at the position {@link #save} recorded. */
    public static void restore(UniformRandomProvider rng, byte[] state) {
        if (!(rng instanceof RestorableUniformRandomProvider r)) {
            throw new IllegalArgumentException("cannot resume the random stream " + rng.getClass().getSimpleName()
                    + ": it cannot restore its state");
        }
        try {
            r.restoreState(new RandomProviderDefaultState(state));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the checkpoint's random-stream state does not fit "
                    + rng.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
