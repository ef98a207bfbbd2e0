package org.orrery.simulators.cosmology.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.orrery.plugin.SettingValues;

/**
 * Running a simulator from a given initial field ({@code LatentForward}): lpt (2LPT, 2-D and 3-D,
 * with particles) and linear_field rerun from their own {@code delta_initial} reproduce the same
 * realisation's observable (and particles); a scaled initial field gives a different one; a wrong-size field is
 * refused in one line naming it.
 */
class LatentForwardTest {

    @Test
    void lptFromItsOwnInitialFieldReproducesTheRealisation() {
        for (int dims : new int[] {2, 3}) {
            LptSimulator lpt = new LptSimulator(Settings.lptDefaults().with(Map.of("grid", 16, "box_length", 250.0, "dims", dims,
                    "keep_particles", true)));
            double[] theta = {0.32, 0.85};
            Map<String, double[]> all = lpt.simulateAll(theta, RandomSource.XO_RO_SHI_RO_128_PP.create(7L));
            Map<String, double[]> again = lpt.simulateFrom(theta, Map.of("delta_initial", all.get("delta_initial")), null);
            double[] a = all.get("delta");
            double[] b = again.get("delta");
            double scale = rms(a);
            assertTrue(scale > 0.05, "an evolved field with structure: rms " + scale);
            assertEquals(0, maxAbsDiff(a, b) / scale, 1e-9, "dims " + dims + ": delta from its own initial field");
            assertEquals(0, maxAbsDiff(all.get("positions"), again.get("positions")), 1e-9);
            // another initial field gives another evolved field: the check can fail
            double[] scaled = all.get("delta_initial").clone();
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] *= 1.2;
            }
            double[] other = lpt.simulateFrom(theta, Map.of("delta_initial", scaled), null).get("delta");
            assertTrue(maxAbsDiff(a, other) / scale > 0.05, "a 1.2x initial field changes the evolved field");
        }
    }

    @Test
    void linearFieldFromItsOwnInitialFieldDiffersOnlyByTheNoise() {
        LinearField sim = new LinearField(SettingValues.resolve(LinearField.PLUGIN_ID, LinearField.declared(), Map.of("grid", 16)));
        Map<String, double[]> all = sim.simulateAll(new double[] {1.0}, RandomSource.XO_RO_SHI_RO_128_PP.create(3L));
        double[] signalPlusNoise = all.get("delta");
        double[] again = sim.simulateFrom(new double[] {1.0}, Map.of("delta_initial", all.get("delta_initial")),
                RandomSource.XO_RO_SHI_RO_128_PP.create(4L)).get("delta");
        double noise = sim.values().number("noise");
        double[] d = new double[again.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = again[i] - signalPlusNoise[i];
        }
        // the difference of two independent noise draws: rms √2·σ_n within 4 sd of its estimate (256 cells)
        assertEquals(Math.sqrt(2) * noise, rms(d), 4 * Math.sqrt(2) * noise / Math.sqrt(2 * d.length));
    }

    @Test
    void aMissingOrWrongSizeInitialFieldIsRefused() {
        LptSimulator lpt = new LptSimulator(Settings.lptDefaults().with(Map.of("grid", 8, "dims", 2)));
        var e = assertThrows(IllegalArgumentException.class,
                () -> lpt.simulateFrom(new double[] {0.3, 0.8}, Map.of("delta_initial", new double[10]), null));
        assertTrue(e.getMessage().contains("delta_initial") && e.getMessage().contains("64"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> lpt.simulateFrom(new double[] {0.3, 0.8}, Map.of(), null));
    }

    private static double rms(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return Math.sqrt(s / a.length);
    }

    private static double maxAbsDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
