package org.orrery.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

class RandomStreamsTest {

    @Test
    void sameSeedAndIndexGiveTheSameStream() {
        UniformRandomProvider a = RandomStreams.forSimulation(42, 1000);
        UniformRandomProvider b = RandomStreams.forSimulation(42, 1000);
        for (int k = 0; k < 100; k++) {
            assertEquals(a.nextLong(), b.nextLong());
        }
        assertNotEquals(RandomStreams.forSimulation(42, 1001).nextLong(), RandomStreams.forSimulation(42, 1000).nextLong());
        assertNotEquals(RandomStreams.forSimulation(43, 1000).nextLong(), RandomStreams.forSimulation(42, 1000).nextLong());
    }

    /**
     * First draws of neighbouring streams behave like independent U(0,1): mean 1/2 (sd 1/sqrt(12n))
     * and lag-1 correlation 0 (sd 1/sqrt(n)), both within 5 sd.
     */
    @Test
    void neighbouringStreamsLookIndependent() {
        int n = 200_000;
        double sum = 0;
        double cross = 0;
        double prev = RandomStreams.forSimulation(7, 0).nextDouble() - 0.5;
        for (int i = 1; i <= n; i++) {
            double u = RandomStreams.forSimulation(7, i).nextDouble() - 0.5;
            sum += u;
            cross += u * prev;
            prev = u;
        }
        double meanErr = Math.abs(sum / n);
        double corr = (cross / n) / (1.0 / 12);
        assertTrue(meanErr < 5 / Math.sqrt(12.0 * n), "mean offset " + meanErr);
        assertTrue(Math.abs(corr) < 5 / Math.sqrt(n), "lag-1 correlation " + corr);
    }

    @Test
    void negativeIndexIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> RandomStreams.stateFor(1, -3));
        assertEquals("simulation index must be >= 0, got: -3", e.getMessage());
    }

    /** The reserved streams keep the indices the commands used before they were gathered here. */
    @Test
    void reservedStreamsAreTheOnesCommandsUsedAndNeverOverlap() {
        assertEquals(Long.MAX_VALUE - 1, RandomStreams.Reserved.TRAINING.index(0));
        assertEquals(Long.MAX_VALUE - 2, RandomStreams.Reserved.INFERENCE.index(0));
        assertEquals(Long.MAX_VALUE - 3, RandomStreams.Reserved.CORNER.index(0));
        assertEquals(Long.MAX_VALUE - 4 - 7, RandomStreams.Reserved.PREDICTIVE_CHECK.index(7));
        assertEquals(Long.MAX_VALUE - 1_000_000 - 5, RandomStreams.Reserved.VALIDATOR.index(5));
        assertEquals(RandomStreams.forSimulation(9, Long.MAX_VALUE - 2).nextLong(),
                RandomStreams.reserved(9, RandomStreams.Reserved.INFERENCE).nextLong());
        var e = assertThrows(IllegalArgumentException.class, () -> RandomStreams.Reserved.VALIDATOR.index(1 << 20));
        assertEquals("VALIDATOR sub-stream must be in [0, 1048576), got: 1048576", e.getMessage());
        // the last predictive-check stream lies just above the first validator stream
        assertEquals(RandomStreams.Reserved.VALIDATOR.index(0) + 1, RandomStreams.Reserved.PREDICTIVE_CHECK.index(999_995));
        assertThrows(IllegalArgumentException.class, () -> RandomStreams.Reserved.TRAINING.index(1));
    }
}
