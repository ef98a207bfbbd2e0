package org.orrery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.bank.BankReader;

/**
 * Issue 7's end-to-end claim on real lpt banks: banks that differ only in σ8 are told apart by the
 * power spectrum, banks with the same parameters (other seeds) agree. --fix pins the parameters.
 */
class StatsOnSimulatedBanksTest {

    @TempDir static Path dir;
    static String plugins;

    @BeforeAll
    static void plugins() throws Exception {
        plugins = TestPlugins.folder(dir, "orrery-cosmology-simulators", "orrery-clustering-statistics").toString();
    }

    private static Path lpt(String name, double sigma8, long seed) {
        Path bank = dir.resolve(name);
        var r = MainTest.run("simulate", "--plugins", plugins, "--simulator", "lpt", "--num", "6", "--seed",
                Long.toString(seed), "--fix", "Omega_m=0.3", "--fix", "sigma_8=" + sigma8, "--out", bank.toString());
        assertEquals(0, r.status(), r.err());
        return bank;
    }

    @Test
    void sigma8IsSeenAndSameParametersAgree() {
        Path low = lpt("low-a.h5", 0.7, 1);
        Path lowAgain = lpt("low-b.h5", 0.7, 2);
        Path high = lpt("high.h5", 0.9, 3);

        var bank = BankReader.read(low);
        for (int i = 0; i < bank.size(); i++) {
            assertEquals(0.7, bank.theta(i)[1], 0.0, "sigma_8 pinned in every row");
            assertEquals(0.3, bank.theta(i)[0], 0.0);
        }
        assertTrue(bank.metadata().prior().contains("sigma_8=0.7 fixed"), bank.metadata().prior());

        var same = MainTest.run("stats", "--plugins", plugins, "--statistic", "power_spectrum", "--generated",
                low.toString(), "--reference", lowAgain.toString(), "--out", dir.resolve("same").toString());
        assertEquals(0, same.status(), same.err());
        assertTrue(same.out().contains("power_spectrum: generated and reference agree"), same.out());

        var differ = MainTest.run("stats", "--plugins", plugins, "--statistic", "power_spectrum", "--generated",
                high.toString(), "--reference", low.toString(), "--out", dir.resolve("differ").toString());
        assertEquals(0, differ.status(), differ.err());
        assertTrue(differ.out().contains("DIFFER in"), differ.out());
    }

    @Test
    void badFixesAreOneLineErrors() {
        var r = MainTest.run("simulate", "--plugins", plugins, "--simulator", "lpt", "--num", "2", "--seed", "1",
                "--fix", "sigma8=0.8", "--out", dir.resolve("never.h5").toString());
        assertEquals(2, r.status());
        assertEquals("orrery simulate: --fix: no parameter 'sigma8'; the parameters are Omega_m, sigma_8", r.err().strip());
        r = MainTest.run("simulate", "--plugins", plugins, "--simulator", "lpt", "--num", "2", "--seed", "1",
                "--fix", "sigma_8=1.5", "--out", dir.resolve("never.h5").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("outside the parameter's range [0.6, 1.0]"), r.err());
    }
}
