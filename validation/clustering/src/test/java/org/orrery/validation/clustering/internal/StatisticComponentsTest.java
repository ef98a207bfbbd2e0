package org.orrery.validation.clustering.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.orrery.data.ArraySpec;
import org.orrery.data.Box;
import org.orrery.validation.Series;
import org.orrery.validation.Statistic;

class StatisticComponentsTest {

    private static final Box BOX = new Box(200, 0, 3, 0);
    private static final ArraySpec POINTS = new ArraySpec("tracers", new int[] {-1, 3}, "Mpc/h", ArraySpec.Kind.POINTS);

    @Test
    void idsAndAcceptedKindsMatchTheIssue() {
        List<Statistic> all = List.of(new PowerSpectrumStatistic(), new XiStatistic(), new PairCountStatistic(),
                new KnnCdfStatistic(), new PairwiseVelocityStatistic());
        assertEquals(List.of("power_spectrum", "xi", "pair_counts", "knn_cdf", "pairwise_velocity"),
                all.stream().map(Statistic::id).collect(Collectors.toList()));
        ArraySpec grid = new ArraySpec("delta", new int[] {16, 16, 16}, "", ArraySpec.Kind.GRID);
        assertTrue(all.get(0).accepts(grid));
        assertTrue(all.get(0).accepts(POINTS));
        assertFalse(all.get(1).accepts(grid));
        assertFalse(all.get(0).accepts(new ArraySpec("odd", new int[] {15, 15, 15}, "", ArraySpec.Kind.GRID)));
    }

    /** Every statistic runs on Poisson points and gives the values its own estimator gives. */
    @Test
    void statisticsComputeOnAPointSet() {
        double[] pos = KnnCdf.randomQueries(20_000, BOX.length(), RandomSource.XO_RO_SHI_RO_128_PP.create(41L));
        double[] vel = KnnCdf.randomQueries(20_000, 1, RandomSource.XO_RO_SHI_RO_128_PP.create(42L));
        List<Series> pk = new PowerSpectrumStatistic().compute(pos, POINTS, null, BOX);
        assertEquals(List.of("P0", "P2", "P4", "shot_noise"), pk.stream().map(Series::name).toList());
        assertEquals(200.0 * 200 * 200 / 20_000, pk.get(3).y()[0], 1e-9);
        List<Series> dd = new PairCountStatistic().compute(pos, POINTS, null, BOX);
        double[] edges = Inputs.defaultSeparationEdges(BOX.length());
        assertEquals(PairCounter.auto(pos, edges, BOX.length(), 1).counts()[5], (long) dd.get(0).y()[5]);
        assertEquals(20, new XiStatistic().compute(pos, POINTS, null, BOX).get(0).y().length);
        List<Series> knn = new KnnCdfStatistic().compute(pos, POINTS, null, BOX);
        assertEquals(8, knn.size());
        assertEquals(knn.get(0).y()[10], new KnnCdfStatistic().compute(pos, POINTS, null, BOX).get(0).y()[10], 0, "deterministic queries");
        assertEquals(20, new PairwiseVelocityStatistic().compute(pos, POINTS, vel, BOX).get(0).y().length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PairwiseVelocityStatistic().compute(pos, POINTS, null, BOX));
        assertTrue(e.getMessage().contains("velocities"), e.getMessage());
    }

    @Test
    void powerSpectrumOfAGridField() {
        int n = 16;
        double[] d = new double[n * n * n];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.cos(2 * Math.PI * 2 * (i % n) / n);
        }
        List<Series> s = new PowerSpectrumStatistic().compute(d, new ArraySpec("delta", new int[] {n, n, n}, "", ArraySpec.Kind.GRID), null, new Box(100, n, 3, 0));
        assertEquals(3, s.size(), "fields have no shot noise series");
    }
}
