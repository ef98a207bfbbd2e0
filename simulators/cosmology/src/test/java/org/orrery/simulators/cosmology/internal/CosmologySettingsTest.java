package org.orrery.simulators.cosmology.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.orrery.plugin.Configurable;
import org.orrery.plugin.Setting;
import org.orrery.plugin.SettingValues;
import org.orrery.simulator.Simulator;

/** The cosmology simulators' settings go through the one settings mechanism of the API. */
class CosmologySettingsTest {

    private static final List<String> KEYS = List.of("grid", "box_length", "dims", "redshift", "h", "omega_b", "n_s",
            "wiggles", "lpt_order", "keep_particles", "bias", "number_density", "redshift_space");

    @SuppressWarnings("unchecked")
    private static Simulator configure(Simulator s, Map<String, ?> given) {
        var c = (Configurable<Simulator>) s;
        return c.configure(SettingValues.resolve(s.id(), c.settings(), given));
    }

    @Test
    void everySimulatorDeclaresEverySettingWithItsDefault() {
        var expected = Map.of("grf", KEYS.subList(0, 8), "lpt", KEYS.subList(0, 10), "tracers", KEYS);
        for (Simulator s : List.of(new Grf(), new LptSimulator(), new Tracers())) {
            List<Setting> declared = ((Configurable<?>) s).settings();
            assertEquals(expected.get(s.id()), declared.stream().map(Setting::name).toList(), s.id());
            Settings current = ((CosmologySimulator) s).current();
            assertEquals(current.with(SettingValues.resolve(s.id(), declared, Map.of())), current, s.id());
            for (Setting d : declared) {
                assertTrue(!d.help().isEmpty(), d.name());
            }
        }
        assertEquals(64, ((Configurable<?>) new Grf()).settings().get(0).defaultValue());
        assertEquals(32, ((Configurable<?>) new LptSimulator()).settings().get(0).defaultValue());
        assertEquals("Mpc/h", ((Configurable<?>) new Grf()).settings().get(1).unit());
        assertTrue(((Configurable<?>) new Grf()).settings().get(0).shapeChanging());
    }

    @Test
    void grfGridAndDimsGiveA2dField() {
        Simulator g = configure(new Grf(), Map.of("grid", "16", "dims", "2", "box_length", "100"));
        assertArrayEquals(new int[] {16, 16}, g.observable().shape());
        double[] x = g.simulate(new double[] {0.3, 0.8}, RandomSource.XO_RO_SHI_RO_128_PP.create(1L));
        assertEquals(256, x.length);
        assertEquals(100, g.box().orElseThrow().length());
        // the registered instance keeps its defaults: configuring makes a new one
        assertArrayEquals(new int[] {64, 64, 64}, new Grf().observable().shape());
    }

    @Test
    void lptGridAndDimsGiveA2dField() {
        Simulator l = configure(new LptSimulator(), Map.of("grid", "16", "dims", "2", "keep_particles", "true"));
        assertArrayEquals(new int[] {16, 16}, l.observable().shape());
        Map<String, double[]> out = l.simulateAll(new double[] {0.3, 0.8}, RandomSource.XO_RO_SHI_RO_128_PP.create(2L));
        assertEquals(256, out.get("delta").length);
        assertEquals(256, out.get("delta_initial").length);
        assertEquals(2 * 256, out.get("positions").length);
        assertArrayEquals(new int[] {256, 2}, l.latents().get(1).shape());
        double mean = java.util.Arrays.stream(out.get("delta")).average().orElseThrow();
        assertEquals(0, mean, 1e-12, "CIC of N² unit particles on N² cells conserves mass");
    }

    @Test
    void lptGridChangesTheCube() {
        Simulator l = configure(new LptSimulator(), Map.of("grid", 8));
        assertArrayEquals(new int[] {8, 8, 8}, l.observable().shape());
    }

    @Test
    void badValuesAndUnknownKeysAreRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> configure(new LptSimulator(), Map.of("grid", "0")));
        assertEquals("lpt setting grid = 0 is not allowed; grid takes: even integer in [4, 2048]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> configure(new LptSimulator(), Map.of("nonsense", "1")));
        assertEquals("lpt has no setting nonsense; its settings are: grid, box_length, dims, redshift, h, omega_b, n_s,"
                + " wiggles, lpt_order, keep_particles", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> configure(new Grf(), Map.of("bias", "2")));
        assertTrue(e.getMessage().startsWith("grf has no setting bias"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> configure(new Tracers(), Map.of("dims", "2")));
        assertEquals("tracers setting dims = 2 is not allowed; dims takes: integer in [3, 3]", e.getMessage());
        // DS properties of the framework (dotted keys) are not settings
        assertEquals(16, new Grf(Map.of("component.name", "x", "orrery.id", "grf", "grid", 16)).current().grid());
    }
}
