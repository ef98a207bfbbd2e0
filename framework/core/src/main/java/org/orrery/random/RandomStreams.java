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
