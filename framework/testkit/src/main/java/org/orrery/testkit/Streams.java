package org.orrery.testkit;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/** Seeded random streams for tests: the same seed always gives the same stream. */
public final class Streams {

    private Streams() {
    }

    /** A reproducible stream (XoShiRo256++, seed expanded by SplitMix64). */
    public static UniformRandomProvider seeded(long seed) {
        return RandomSource.XO_SHI_RO_256_PP.create(seed);
    }
}
