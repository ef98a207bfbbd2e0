package org.orrery.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The spark-submit entry point runs simulate on the Spark engine unless an engine is named. */
class SparkMainTest {

    @Test
    void simulateGetsTheSparkEngineUnlessOneIsNamed() {
        assertArrayEquals(new String[] {"simulate", "--engine", "spark", "--simulator", "two_moons"},
                SparkMain.withSparkEngine(new String[] {"simulate", "--simulator", "two_moons"}));
        assertArrayEquals(new String[] {"--verbose", "simulate", "--engine", "spark", "--num", "3"},
                SparkMain.withSparkEngine(new String[] {"--verbose", "simulate", "--num", "3"}));
        assertArrayEquals(new String[] {"simulate", "--engine=local", "--num", "3"},
                SparkMain.withSparkEngine(new String[] {"simulate", "--engine=local", "--num", "3"}));
        assertArrayEquals(new String[] {"stats", "--engine", "spark", "--statistic", "xi"},
                SparkMain.withSparkEngine(new String[] {"stats", "--statistic", "xi"}));
        assertArrayEquals(new String[] {"plugins", "--json"}, SparkMain.withSparkEngine(new String[] {"plugins", "--json"}));
    }
}
