package org.orrery.posteriors.imaging.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.orrery.data.ArraySpec;
import org.orrery.data.SimulationSet;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;

/** The settings of {@code orrery train --estimator score_prior} and the image preparation (no training). */
class ScorePriorTrainingTest {

    @Test
    void defaultsAreTheShippedPriorsSettings() {
        var c = ScorePriorTraining.config(ScorePriorTraining.resolve(Map.of()), 101);
        assertArrayEquals(new int[] {8, 16, 32}, c.channels());
        assertEquals(24, c.maxEpochs());
        assertEquals(200, c.stepsPerEpoch());
        assertEquals(24, c.patience(), "patience 0 means no early stopping");
        assertEquals(16, c.batch());
        assertEquals(Math.min(0.999, 1 - 10.0 / 4800), c.emaDecay(), 0);
        assertEquals(2e-3, c.lr(), 0);
        assertEquals(101, c.seed());
        var given = ScorePriorTraining.config(ScorePriorTraining.resolve(Map.of("ema", 0.99, "patience", 3, "channels", "4-8")), 1);
        assertEquals(0.99, given.emaDecay(), 0);
        assertEquals(3, given.patience());
        assertEquals(0, ScorePriorTraining.config(ScorePriorTraining.resolve(Map.of("epochs", 1, "steps_per_epoch", 5)), 1).emaDecay(), 0,
                "a run under 10 steps keeps no average");
    }

    @Test
    void refusesUnknownAndBadSettingsInOneLine() {
        var e = assertThrows(IllegalArgumentException.class, () -> ScorePriorTraining.resolve(Map.of("epochz", 3)));
        assertTrue(e.getMessage().contains("epochz") && e.getMessage().indexOf('\n') < 0, e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ScorePriorTraining.config(ScorePriorTraining.resolve(Map.of("channels", "8-x")), 1));
        assertTrue(e.getMessage().contains("8-x"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ScorePriorTraining.config(ScorePriorTraining.resolve(Map.of("sigma_min", 5, "sigma_max", 1)), 1));
        assertTrue(e.getMessage().contains("sigma_max"), e.getMessage());
    }

    @Test
    void blockAveragesAndRescalesToTheFlux() {
        double[] img = new double[16];
        for (int p = 0; p < 16; p++) {
            img[p] = p + 1;
        }
        double[][] out = ScorePriorTraining.prepare(new double[][] {img}, 4, 2, 0.6);
        // 2x2 blocks of a 4x4 image (row-major): means 3.5, 5.5, 11.5, 13.5, total 34 -> scaled to 0.6
        double[] want = {3.5, 5.5, 11.5, 13.5};
        for (int p = 0; p < 4; p++) {
            assertEquals(want[p] * 0.6 / 34, out[0][p], 1e-15);
        }
        assertEquals(1.0, img[0], "the bank's image is not changed");
        var e = assertThrows(IllegalArgumentException.class, () -> ScorePriorTraining.prepare(new double[][] {img}, 4, 3, 0.6));
        assertTrue(e.getMessage().contains("must divide"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ScorePriorTraining.prepare(new double[][] {new double[16]}, 4, 0, 0.6));
        assertTrue(e.getMessage().contains("total flux 0.0"), e.getMessage());
    }

    @Test
    void refusesDataThatAreNotFiniteSquareImages() {
        var settings = ScorePriorTraining.resolve(Map.of());
        var e = assertThrows(IllegalArgumentException.class, () -> ScorePriorTraining.images(set(ArraySpec.vector("x", 5), 5), settings));
        assertTrue(e.getMessage().contains("trains on 2-D images") && e.getMessage().contains("[5]"), e.getMessage());
        var image = new ArraySpec("image", new int[] {4, 4}, "Jy/pixel", ArraySpec.Kind.IMAGE);
        e = assertThrows(IllegalArgumentException.class, () -> ScorePriorTraining.images(set(image, 16), settings));
        assertTrue(e.getMessage().contains("holds NaN at pixel 3"), e.getMessage());
    }

    /** Two simulations; the second holds a NaN at pixel 3. */
    private static SimulationSet set(ArraySpec obs, int n) {
        return new SimulationSet() {
            @Override
            public ParameterSpace parameters() {
                return ParameterSpace.of(new Parameter("a", "", "a", 0, 1));
            }

            @Override
            public ArraySpec observable() {
                return obs;
            }

            @Override
            public int size() {
                return 2;
            }

            @Override
            public double[] theta(int i) {
                return new double[] {0.5};
            }

            @Override
            public double[] x(int i) {
                double[] x = new double[n];
                java.util.Arrays.fill(x, 1);
                if (i == 1) {
                    x[3] = Double.NaN;
                }
                return x;
            }
        };
    }
}
