package org.orrery.imaging.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.orrery.data.ArraySpec;
import org.orrery.imaging.ImageGrid;
import org.orrery.imaging.ImagePrior;
import org.orrery.imaging.model.Dft;
import org.orrery.imaging.model.Likelihood;
import org.orrery.imaging.model.Terms;

/** The chain starts from the refined start of lowest posterior energy; non-finite starts are passed over. */
class HmcStartTest {

    static final ImageGrid GRID = ImageGrid.square(4, 40);

    /** Independent N(0.1, 0.05²) pixels. */
    static final class White implements ImagePrior {
        @Override
        public ImagePrior on(ImageGrid g, double totalFluxJy) {
            return this;
        }

        @Override
        public String id() {
            return "white";
        }

        @Override
        public ArraySpec field() {
            return new ArraySpec("image", new int[] {4, 4}, "Jy/pixel", ArraySpec.Kind.IMAGE);
        }

        @Override
        public double[] sample(UniformRandomProvider rng) {
            return start(0.1);
        }

        @Override
        public double logDensity(double[] f) {
            double s = 0;
            for (double v : f) {
                s -= 0.5 * (v - 0.1) * (v - 0.1) / 0.0025;
            }
            return s;
        }

        @Override
        public double[] score(double[] f, double sigma) {
            return Arrays.stream(f).map(v -> -(v - 0.1) / (0.0025 + sigma * sigma)).toArray();
        }
    }

    static double[] start(double v) {
        double[] x = new double[GRID.size()];
        Arrays.fill(x, v);
        return x;
    }

    static Likelihood flux() {
        Likelihood lik = new Likelihood(new Dft(GRID, new double[0], new double[0]));
        lik.add(Terms.totalFlux(1.6, 0.1));
        return lik;
    }

    @Test
    void theLowerEnergyStartIsChosen() {
        HmcSampler hmc = new HmcSampler(new HmcSampler.Config(20, 5, 1, 4, 0.75, 0));
        var s = hmc.sample(new White(), flux(), GRID, List.of(start(2.0), start(0.1), start(Double.NaN)), RandomSource.SPLIT_MIX_64.create(1L), null);
        double[] e = hmc.startEnergies();
        assertEquals(3, e.length);
        assertTrue(e[0] > e[1] + 100, Arrays.toString(e));
        assertTrue(Double.isNaN(e[2]), "a non-finite start reads NaN: " + e[2]);
        assertEquals(1, hmc.chosenStart());
        assertEquals(5, s.count());
        // the first start alone is taken when it is the only one
        hmc.sample(new White(), flux(), GRID, start(2.0), RandomSource.SPLIT_MIX_64.create(1L), null);
        assertEquals(0, hmc.chosenStart());
    }

    @Test
    void noFiniteStartIsAOneLineError() {
        HmcSampler hmc = new HmcSampler(new HmcSampler.Config(20, 5, 1, 4, 0.75, 0));
        var e = assertThrows(IllegalStateException.class, () -> hmc.sample(new White(), flux(), GRID, List.of(start(Double.NaN)),
                RandomSource.SPLIT_MIX_64.create(1L), null));
        assertEquals("the posterior energy is not finite at any starting image", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> hmc.sample(new White(), flux(), GRID, List.<double[]>of(), RandomSource.SPLIT_MIX_64.create(1L), null));
    }
}
