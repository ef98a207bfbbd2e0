package org.orrery.random;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.core.source64.XoShiRo256PlusPlus;

/**
 * Derives the random stream of simulation {@code index} of a campaign with master {@code seed}.
 *
 * <p>The four 64-bit words of a xoshiro256++ state ({@code RandomSource.XO_SHI_RO_256_PP}) are SplitMix64 outputs of a counter
 * started at a mix of (seed, index). Nearby (seed, index) pairs therefore give unrelated states, and
 * the stream of simulation i is the same whichever worker runs it and whenever.
 */
public final class RandomStreams {

    /** Golden-ratio increment of SplitMix64. */
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    private RandomStreams() {
    }

    /**
     * Streams reserved for the work around a campaign, so that training, inference, figures and
     * checks never share a stream with a simulation or with each other. They sit at the top of the
     * index range, far above any campaign's indices: stream {@code Long.MAX_VALUE - offset - sub}.
     * This is the one place that hands them out.
     */
    public enum Reserved {
        /** Estimator training (initialisation, validation split, batches). */
        TRAINING(1, 1),
        /** Posterior samples of {@code infer}. */
        INFERENCE(2, 1),
        /** The corner-plot draws of a validation report. */
        CORNER(3, 1),
        /** Posterior predictive checks; {@code sub} is the draw (fewer than 999 996). */
        PREDICTIVE_CHECK(4, 999_996),
        /** Validator plugins; {@code sub} tells the validators apart (fewer than 2²⁰). */
        VALIDATOR(1_000_000, 1 << 20);

        private final long offset;
        private final long subs;

        Reserved(long offset, long subs) {
            this.offset = offset;
            this.subs = subs;
        }

        /** The simulation index of sub-stream {@code sub} of this purpose; the purposes never overlap. */
        public long index(long sub) {
            if (sub < 0 || sub >= subs) {
                throw new IllegalArgumentException(name() + " sub-stream must be in [0, " + subs + "), got: " + sub);
            }
            return Long.MAX_VALUE - offset - sub;
        }
    }

    /** The reserved stream {@code purpose} of master {@code seed}. */
    public static UniformRandomProvider reserved(long seed, Reserved purpose) {
        return forSimulation(seed, purpose.index(0));
    }

    /** Sub-stream {@code sub} of the reserved stream {@code purpose} of master {@code seed}. */
    public static UniformRandomProvider reserved(long seed, Reserved purpose, long sub) {
        return forSimulation(seed, purpose.index(sub));
    }

    /** The stream of simulation {@code index} (>= 0) of the campaign with master {@code seed}. */
    public static UniformRandomProvider forSimulation(long seed, long index) {
        // direct construction: RandomSource.create's seed conversion costs more than a fast simulation
        return new XoShiRo256PlusPlus(stateFor(seed, index));
    }

    /** The 256-bit generator state of simulation {@code index}; never all zero. */
    public static long[] stateFor(long seed, long index) {
        if (index < 0) {
            throw new IllegalArgumentException("simulation index must be >= 0, got: " + index);
        }
        // Mix the seed first so that (seed, index) and (seed + 1, index - GAMMA) don't collide trivially.
        long counter = mix64(seed) ^ mix64(index * GAMMA + 0x632BE59BD9B4E019L);
        long[] state = new long[4];
        for (int k = 0; k < 4; k++) {
            counter += GAMMA;
            state[k] = mix64(counter);
        }
        if ((state[0] | state[1] | state[2] | state[3]) == 0) {
            state[0] = GAMMA; // all-zero is the one invalid xoshiro state
        }
        return state;
    }

    /** Stafford's variant 13 finaliser, as used by SplitMix64. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
