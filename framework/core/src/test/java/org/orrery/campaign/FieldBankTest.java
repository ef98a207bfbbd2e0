package org.orrery.campaign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.bank.Bank;
import org.orrery.bank.Failure;
import org.orrery.data.ArraySpec;
import org.orrery.data.Box;
import org.orrery.io.BadInputException;
import org.orrery.random.RandomStreams;
import org.orrery.simulator.Simulator;

/** Banks of simulators with named outputs: fields with a latent initial field, and point sets of varying size. */
class FieldBankTest {

    @TempDir
    Path dir;

    @Test
    void fieldAndLatentFieldAreStoredUnderTheirNamesWithShapesAndBox() throws Exception {
        var sim = new TestSimulators.Field(4);
        Bank one = CampaignTest.run(sim, new CampaignSpec(37, 5, dir.resolve("f1.h5"), 1, Duration.ZERO, false, 8));
        Bank two = CampaignTest.run(sim, new CampaignSpec(37, 5, dir.resolve("f2.h5"), 2, Duration.ZERO, false, 5));
        assertEquals(37, one.size());
        CampaignTest.assertSameBank(one, two);
        assertEquals(List.of(sim.observable(), sim.latents().get(0)), one.outputs());
        assertEquals(new Box(100, 4, 3, 0.5), one.box().orElseThrow());
        // row i is simulateAll on stream (seed, i), nothing else
        for (int i : new int[] {0, 7, 8, 36}) {
            UniformRandomProvider rng = RandomStreams.forSimulation(5, i);
            double[] theta = sim.prior().sample(rng);
            Map<String, double[]> all = sim.simulateAll(theta, rng);
            assertArrayEquals(theta, one.theta(i), 0.0);
            assertArrayEquals(all.get("delta"), one.x(i), 0.0);
            assertArrayEquals(all.get("delta"), one.values("delta", i), 0.0);
            assertArrayEquals(all.get("delta_initial"), one.values("delta_initial", i), 0.0);
        }
        try (HdfFile h = new HdfFile(dir.resolve("f1.h5"))) {
            assertArrayEquals(new int[] {37, 4, 4, 4}, h.getDatasetByPath("delta").getDimensions());
            assertArrayEquals(new int[] {37, 4, 4, 4}, h.getDatasetByPath("delta_initial").getDimensions());
            assertFalse(h.getChildren().containsKey("x"), "the observable is stored under its own name only");
            assertEquals("delta", h.getAttribute("observable").getData());
            assertEquals("GRID", h.getDatasetByPath("delta_initial").getAttribute("kind").getData());
            assertEquals("", h.getDatasetByPath("delta_initial").getAttribute("unit").getData());
            assertEquals(100.0, h.getAttribute("box_length").getData());
            assertEquals(4, ((Number) h.getAttribute("box_grid").getData()).intValue());
            assertEquals(3, ((Number) h.getAttribute("box_dims").getData()).intValue());
            assertEquals(0.5, h.getAttribute("redshift").getData());
            // C order: element [i, z, y, x] of the dataset is value z·16 + y·4 + x of row i
            double[][][][] d = (double[][][][]) h.getDatasetByPath("delta").getData();
            assertEquals(one.values("delta", 9)[2 * 16 + 3 * 4 + 1], d[9][2][3][1], 0.0);
        }
    }

    @Test
    void aFieldLargerThanOneHdf5ChunkRoundTripsExactly() {
        // a 64³ row is 2 MB, twice the writer's chunk: it is split inside the row
        var sim = new TestSimulators.Field(64);
        Bank b = CampaignTest.run(sim, new CampaignSpec(3, 9, dir.resolve("big.h5"), 2, Duration.ZERO, false, 0));
        for (int i = 0; i < 3; i++) {
            UniformRandomProvider rng = RandomStreams.forSimulation(9, i);
            Map<String, double[]> all = sim.simulateAll(sim.prior().sample(rng), rng);
            assertArrayEquals(all.get("delta"), b.x(i), 0.0);
            assertArrayEquals(all.get("delta_initial"), b.values("delta_initial", i), 0.0);
        }
    }

    @Test
    void pointSetsOfVaryingSizeAreConcatenatedWithOffsetsAndRowsComeBackExactly() throws Exception {
        var sim = new TestSimulators.Points(0);
        int num = 300;
        long seed = 3;
        Bank one = CampaignTest.run(sim, new CampaignSpec(num, seed, dir.resolve("p1.h5"), 1, Duration.ZERO, false, 16));
        Bank two = CampaignTest.run(sim, new CampaignSpec(num, seed, dir.resolve("p2.h5"), 2, Duration.ZERO, false, 7));
        CampaignTest.assertSameBank(one, two);

        int row = 0;
        long total = 0;
        boolean sawEmpty = false;
        int nan = 0;
        int ragged = 0;
        long[] offsets;
        double[][] positions;
        try (HdfFile h = new HdfFile(dir.resolve("p1.h5"))) {
            offsets = (long[]) h.getDatasetByPath("positions_offsets").getData();
            positions = (double[][]) h.getDatasetByPath("positions").getData();
            assertArrayEquals(offsets, (long[]) h.getDatasetByPath("velocities_offsets").getData());
            Dataset v = h.getDatasetByPath("velocities");
            assertEquals("km/s", v.getAttribute("unit").getData());
            assertEquals("POINTS", v.getAttribute("kind").getData());
            assertEquals("positions", h.getAttribute("observable").getData());
            assertEquals(50.0, h.getAttribute("box_length").getData());
        }
        assertEquals(one.size() + 1, offsets.length);
        for (long i = 0; i < num; i++) {
            UniformRandomProvider rng = RandomStreams.forSimulation(seed, i);
            double[] theta = sim.prior().sample(rng);
            Map<String, double[]> all = sim.simulateAll(theta, rng);
            if (theta[0] > 0.95 && all.get("positions").length > 0) {
                nan++;
                continue;
            }
            if (theta[0] < -0.95) {
                ragged++;
                continue;
            }
            assertEquals(i, one.index(row));
            double[] pos = all.get("positions");
            assertEquals(pos.length / 3, offsets[row + 1] - offsets[row], "points of row " + row);
            assertEquals(total, offsets[row]);
            assertArrayEquals(pos, one.x(row), 0.0);
            assertArrayEquals(all.get("velocities"), one.values("velocities", row), 0.0);
            for (int p = 0; p < pos.length / 3; p++) {
                assertArrayEquals(new double[] {pos[3 * p], pos[3 * p + 1], pos[3 * p + 2]},
                        positions[(int) offsets[row] + p], 0.0);
            }
            sawEmpty |= pos.length == 0;
            total += pos.length / 3;
            row++;
        }
        assertEquals(row, one.size());
        assertEquals(total, positions.length);
        assertTrue(sawEmpty && nan > 0 && ragged > 0, "seed 3 exercises empty sets and both failures");
        assertEquals(nan + ragged, one.failures().size());
        for (Failure f : one.failures()) {
            String expect = f.theta()[0] > 0.95 ? "returned NaN at velocities[0]"
                    : "returned 4 values for positions, not a multiple of 3 [-1, 3]";
            assertEquals(expect, f.reason());
        }
    }

    @Test
    void simulateAllMustReturnEveryDeclaredOutputAndNothingElse() {
        var missing = new TestSimulators.Field(2) {
            @Override
            public Map<String, double[]> simulateAll(double[] theta, UniformRandomProvider rng) {
                return Map.of("delta", new double[8]);
            }
        };
        Bank b = CampaignTest.run(missing, new CampaignSpec(3, 1, dir.resolve("m.h5"), 1, Duration.ZERO, false, 0));
        assertEquals(0, b.size());
        assertEquals("returned no output delta_initial", b.failures().get(0).reason());
        var extra = new TestSimulators.Field(2) {
            @Override
            public Map<String, double[]> simulateAll(double[] theta, UniformRandomProvider rng) {
                return Map.of("delta", new double[8], "delta_initial", new double[8], "noise", new double[1]);
            }
        };
        b = CampaignTest.run(extra, new CampaignSpec(3, 1, dir.resolve("e.h5"), 1, Duration.ZERO, false, 0));
        assertEquals("returned an undeclared output noise", b.failures().get(0).reason());
        var wrong = new TestSimulators.Field(2) {
            @Override
            public Map<String, double[]> simulateAll(double[] theta, UniformRandomProvider rng) {
                return Map.of("delta", new double[8], "delta_initial", new double[7]);
            }
        };
        b = CampaignTest.run(wrong, new CampaignSpec(3, 1, dir.resolve("w.h5"), 1, Duration.ZERO, false, 0));
        assertEquals("returned 7 values for delta_initial, expected 8 [2, 2, 2]", b.failures().get(0).reason());
        assertTrue(b.box().isPresent(), "a bank of failures still records the box");
    }

    @Test
    void clashingOutputNamesAreRefused() {
        Simulator clash = new TestSimulators.Field(2) {
            @Override
            public List<ArraySpec> latents() {
                return List.of(new ArraySpec("theta", new int[] {1}, "", ArraySpec.Kind.VECTOR));
            }
        };
        var e = assertThrows(BadInputException.class, () -> new Campaign(clash, "1", CampaignSpec.of(1, 1,
                dir.resolve("c.h5")), CampaignListener.NONE));
        assertEquals("simulator test_field: output name theta is reserved by the bank layout (theta, index, failures)",
                e.getMessage());
    }
}
