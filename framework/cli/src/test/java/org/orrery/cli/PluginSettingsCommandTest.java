package org.orrery.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.bank.Bank;
import org.orrery.bank.BankReader;

/** {@code --set}, {@code --config} and {@code plugins --describe} on the cosmology simulators and a validator. */
class PluginSettingsCommandTest {

    @TempDir Path dir;
    String plugins;

    @BeforeEach
    void plugins() throws Exception {
        plugins = TestPlugins.folder(dir, "orrery-cosmology-simulators", "orrery-calibration-validators").toString();
    }

    @Test
    void setGridAndDimsGiveA2dFieldAndTheBankRecordsThem() throws Exception {
        Path out = dir.resolve("g.h5");
        var r = MainTest.run("simulate", "--plugins", plugins, "--simulator", "grf", "--set", "grid=64", "--set", "dims=2",
                "--num", "3", "--seed", "1", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("settings: grid=64 box_length=250.0 dims=2"), r.out());
        Bank b = BankReader.read(out);
        assertArrayEquals(new int[] {64, 64}, b.metadata().observable().shape());
        assertEquals(64 * 64, b.x(0).length);
        assertTrue(b.metadata().simulatorVersion().endsWith("(dims=2)"), b.metadata().simulatorVersion());
        // every setting, defaults included, in the bank's settings attribute; resume compares it
        assertEquals("{\"box_length\":250.0,\"dims\":2,\"grid\":64,\"h\":0.6711,\"n_s\":0.9624,\"omega_b\":0.049,"
                + "\"redshift\":0.0,\"wiggles\":true}", b.metadata().settings());
        r = MainTest.run("simulate", "--plugins", plugins, "--simulator", "grf", "--set", "grid=64", "--set", "dims=3",
                "--num", "3", "--seed", "1", "--out", out.toString(), "--resume");
        assertEquals(1, r.status());
        assertEquals("orrery simulate: --resume: the bank " + out + " used grf settings dims=2, not dims=3; choose another --out",
                r.err().strip());

        // the same from a YAML file, a --set overriding it
        Files.writeString(dir.resolve("s.yaml"), "grid: 8\ndims: 3\nbox_length: 100\n");
        Path out3 = dir.resolve("c.h5");
        r = MainTest.run("simulate", "--plugins", plugins, "--simulator", "grf", "--config", dir.resolve("s.yaml").toString(),
                "--set", "grid=16", "--num", "2", "--seed", "1", "--out", out3.toString());
        assertEquals(0, r.status(), r.err());
        assertArrayEquals(new int[] {16, 16, 16}, BankReader.read(out3).metadata().observable().shape());
        assertEquals(100, BankReader.read(out3).metadata().box().orElseThrow().length());
    }

    @Test
    void lptGridAndDimsGive2dFieldsAndTracersRefuse2d() {
        Path out = dir.resolve("l.h5");
        var r = MainTest.run("simulate", "--plugins", plugins, "--simulator", "lpt", "--set", "grid=64", "--set", "dims=2",
                "--num", "2", "--seed", "1", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Bank b = BankReader.read(out);
        assertArrayEquals(new int[] {64, 64}, b.metadata().observable().shape());
        assertEquals(64 * 64, b.x(0).length);
        assertArrayEquals(new int[] {64, 64}, b.metadata().latents().get(0).shape(), "delta_initial");
        assertEquals(2, b.metadata().box().orElseThrow().dims());
        r = MainTest.run("simulate", "--plugins", plugins, "--simulator", "lpt", "--set", "grid=8",
                "--num", "2", "--seed", "1", "--out", dir.resolve("l3.h5").toString());
        assertEquals(0, r.status(), r.err());
        assertArrayEquals(new int[] {8, 8, 8}, BankReader.read(dir.resolve("l3.h5")).metadata().observable().shape());
        r = MainTest.run("simulate", "--plugins", plugins, "--simulator", "tracers", "--set", "dims=2",
                "--num", "2", "--seed", "1", "--out", dir.resolve("t.h5").toString());
        assertEquals(2, r.status(), "a refused setting is a usage error");
        assertEquals("orrery simulate: tracers setting dims = 2 is not allowed; dims takes: integer in [3, 3]", r.err().strip());
    }

    @Test
    void badValuesAndUnknownKeysAreOneLineErrorsNamingKeyAndAllowedValues() {
        Path out = dir.resolve("bad.h5");
        var r = MainTest.run("simulate", "--plugins", plugins, "--simulator", "lpt", "--set", "grid=0",
                "--num", "2", "--seed", "1", "--out", out.toString());
        assertEquals(2, r.status(), "a value out of range is a usage error");
        assertEquals("orrery simulate: lpt setting grid = 0 is not allowed; grid takes: even integer in [4, 2048]",
                r.err().strip());
        r = MainTest.run("simulate", "--plugins", plugins, "--simulator", "lpt", "--set", "nonsense=1",
                "--num", "2", "--seed", "1", "--out", out.toString());
        assertEquals(2, r.status(), "an unknown key is a usage error");
        assertEquals("orrery simulate: lpt has no setting nonsense; its settings are: grid, box_length, dims, redshift, h,"
                + " omega_b, n_s, wiggles, lpt_order, keep_particles", r.err().strip());
        r = MainTest.run("simulate", "--plugins", plugins, "--simulator", "lpt", "--set", "grid",
                "--num", "2", "--seed", "1", "--out", out.toString());
        assertEquals("orrery simulate: --set wants KEY=VALUE, got: grid", r.err().strip());
        assertFalse(Files.exists(out));
        assertEquals(1, r.err().strip().lines().count());
    }

    @Test
    void resumeRefusesOtherSettings() throws Exception {
        Path out = dir.resolve("r.h5");
        var r = MainTest.run("simulate", "--plugins", plugins, "--simulator", "grf", "--set", "grid=8",
                "--num", "2", "--seed", "1", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        r = MainTest.run("simulate", "--plugins", plugins, "--simulator", "grf", "--set", "grid=16", "--resume",
                "--num", "2", "--seed", "1", "--out", out.toString());
        assertEquals(1, r.status(), r.out());
        assertTrue(r.err().contains("grid=8") && r.err().contains("grid=16"), r.err());
        r = MainTest.run("simulate", "--plugins", plugins, "--simulator", "grf", "--set", "grid=8", "--set", "redshift=1",
                "--resume", "--num", "2", "--seed", "1", "--out", out.toString());
        assertEquals(1, r.status(), "a non-shape setting is part of the identity too: " + r.out());
        r = MainTest.run("simulate", "--plugins", plugins, "--simulator", "grf", "--set", "grid=8", "--resume",
                "--num", "2", "--seed", "1", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("already complete"), r.out());
    }

    @Test
    void describeListsEverySettingWithItsDefault() {
        var r = MainTest.run("plugins", "--plugins", plugins, "--describe", "lpt");
        assertEquals(0, r.status(), r.err());
        for (String line : List.of("grid", "default 32", "cells", "even integer in [4, 2048]", "box_length", "default 250.0",
                "Mpc/h", "dims", "default 3", "redshift", "default 0.5", "h ", "default 0.6711", "omega_b", "default 0.049",
                "n_s", "default 0.9624", "wiggles", "default true", "lpt_order", "default 2", "keep_particles",
                "default false", "(changes the output shape)")) {
            assertTrue(r.out().contains(line), line + " in\n" + r.out());
        }
        assertEquals(10, r.out().lines().filter(l -> l.contains(" default ")).count(), r.out());
        assertFalse(r.out().contains("number_density"), "tracers' settings are not lpt's: " + r.out());
        r = MainTest.run("plugins", "--plugins", plugins, "--describe", "sbc", "--json");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("\"name\" : \"pairs\"") && r.out().contains("\"default\" : 200"), r.out());
        r = MainTest.run("plugins", "--plugins", plugins, "--describe", "nope");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("no plugin 'nope'; installed: ") && r.err().contains("lpt"), r.err());
    }
}
