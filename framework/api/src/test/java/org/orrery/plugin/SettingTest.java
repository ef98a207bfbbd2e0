package org.orrery.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.orrery.plugin.Setting.Range;

class SettingTest {

    static final List<Setting> DECLARED = List.of(
            Setting.integer("grid", 32, Range.closed(4, 1024), "", "cells per side").multipleOf(2).changesShape(),
            Setting.number("box_length", 250, Range.positive(), "Mpc/h", "side of the box"),
            Setting.bool("wiggles", true, "BAO wiggles"),
            Setting.choice("mode", "fast", List.of("fast", "exact"), "which path"));

    @Test
    void defaultsFillWhatIsNotGiven() {
        SettingValues v = SettingValues.resolve("lpt", DECLARED, Map.of("grid", "64", "wiggles", "false"));
        assertEquals(64, v.integer("grid"));
        assertEquals(250.0, v.number("box_length"));
        assertEquals(false, v.bool("wiggles"));
        assertEquals("fast", v.text("mode"));
        assertEquals("grid=64 box_length=250.0 wiggles=false mode=fast", v.toString());
    }

    @Test
    void yamlScalarsOfTheRightTypeAreTaken() {
        SettingValues v = SettingValues.resolve("lpt", DECLARED, Map.of("grid", 16L, "box_length", 100, "mode", "exact"));
        assertEquals(16, v.integer("grid"));
        assertEquals(100.0, v.number("box_length"));
        assertEquals("exact", v.text("mode"));
    }

    @Test
    void outOfRangeNamesKeyValueAndAllowed() {
        var e = assertThrows(IllegalArgumentException.class, () -> SettingValues.resolve("lpt", DECLARED, Map.of("grid", "0")));
        assertEquals("lpt setting grid = 0 is not allowed; grid takes: even integer in [4, 1024]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SettingValues.resolve("lpt", DECLARED, Map.of("grid", "33")));
        assertTrue(e.getMessage().contains("grid = 33"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SettingValues.resolve("lpt", DECLARED, Map.of("grid", "8.5")));
        assertTrue(e.getMessage().contains("grid = 8.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SettingValues.resolve("lpt", DECLARED, Map.of("box_length", "0")));
        assertTrue(e.getMessage().endsWith("box_length takes: number in (0, inf)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SettingValues.resolve("lpt", DECLARED, Map.of("box_length", "NaN")));
        assertTrue(e.getMessage().contains("box_length = NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SettingValues.resolve("lpt", DECLARED, Map.of("wiggles", "yes")));
        assertTrue(e.getMessage().endsWith("wiggles takes: true or false"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SettingValues.resolve("lpt", DECLARED, Map.of("mode", "slow")));
        assertTrue(e.getMessage().endsWith("mode takes: one of: fast, exact"), e.getMessage());
    }

    @Test
    void unknownKeysAreRefusedByNameWithTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SettingValues.resolve("lpt", DECLARED, Map.of("nonsense", "1")));
        assertEquals("lpt has no setting nonsense; its settings are: grid, box_length, wiggles, mode", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SettingValues.resolve("sbc", List.of(), Map.of("x", 1)));
        assertEquals("sbc has no setting x; sbc has no settings", e.getMessage());
    }

    @Test
    void aDeclarationWhoseDefaultItRefusesIsABug() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Setting.integer("grid", 3, Range.closed(4, 8), "", "cells"));
        assertTrue(e.getMessage().contains("grid = 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Setting.integer("Grid", 4, null, "", ""));
        assertThrows(IllegalArgumentException.class, () -> Setting.bool("x", true, "two\nlines"));
        assertThrows(IllegalArgumentException.class, () -> Setting.choice("x", "a", List.of(), ""));
        assertThrows(IllegalArgumentException.class,
                () -> SettingValues.resolve("p", List.of(Setting.bool("x", true, ""), Setting.bool("x", false, "")), Map.of()));
    }

    @Test
    void rangesPrintAsIntervals() {
        assertEquals("[4, 1024]", Range.closed(4, 1024).toString());
        assertEquals("(0, inf)", Range.positive().toString());
        assertEquals("(0, 1)", Range.open(0, 1).toString());
        assertEquals("[0.5, inf)", Range.atLeast(0.5).toString());
        assertEquals("integer", Setting.integer("n", 1, null, "", "").allowed());
    }

    @Test
    void configurableDefaultsToNoSettingsAndItself() {
        Configurable<Object> plain = new Configurable<>() { };
        assertTrue(plain.settings().isEmpty());
        assertEquals(plain, plain.configure(SettingValues.none("p")));
    }
}
