package org.orrery.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.bank.Bank;
import org.orrery.bank.BankReader;

/** {@code orrery simulate} through picocli: exit codes, one-line causes on stderr, no partial output. */
class SimulateCommandTest {

    @TempDir
    Path dir;

    static MainTest.Run run(String... args) {
        return MainTest.run(args);
    }

    @Test
    void badArgumentsFailFastWithOneLineAndNoOutput() {
        Path out = dir.resolve("bank.txt");
        var r = run("simulate", "--simulator", "two_moons", "--num", "10", "--seed", "1", "--out", out.toString());
        assertEquals(2, r.status(), "a value the request refuses is a usage error");
        assertEquals("orrery simulate: --out must name an HDF5 bank (.h5 or .hdf5), got: " + out, r.err().strip());

        Path nowhere = dir.resolve("no/such/bank.h5");
        r = run("simulate", "--simulator", "two_moons", "--num", "10", "--seed", "1", "--out", nowhere.toString());
        assertEquals(1, r.status());
        assertEquals("orrery simulate: cannot write " + nowhere + ": directory " + nowhere.getParent()
                + " does not exist", r.err().strip());

        r = run("simulate", "--simulator", "two_moons", "--num", "0", "--seed", "1", "--out", dir.resolve("b.h5").toString());
        assertEquals(2, r.status(), "a range error is a usage error");
        assertTrue(r.err().strip().startsWith("orrery simulate: --num must be between 1 and"), r.err());

        r = run("simulate", "--simulator", "two_moons", "--num", "5", "--seed", "1", "--workers", "0", "--out",
                dir.resolve("b.h5").toString());
        assertEquals(2, r.status(), "a range error is a usage error");
        assertEquals("orrery simulate: --workers must be >= 1, got: 0", r.err().strip());

        r = run("simulate", "--simulator", "two_moons", "--num", "5", "--seed", "1", "--timeout", "soon", "--out",
                dir.resolve("b.h5").toString());
        assertEquals(2, r.status(), "usage error");
        assertTrue(r.err().contains("Invalid value for option '--timeout': seconds (e.g. 30 or 0.5) or an ISO-8601 duration"
                + " (PT2M) expected, got: soon"), r.err());

        r = run("simulate", "--simulator", "two_moons", "--num", "5", "--seed", "1", "--checkpoint-every", "-1", "--out",
                dir.resolve("b.h5").toString());
        assertEquals(2, r.status(), "usage error");
        assertTrue(r.err().contains("Invalid value for option '--checkpoint-every': must be >= 0 seconds, got: -1"), r.err());
        assertEquals(0, dir.toFile().list().length, "nothing written");
    }

    @Test
    void timeoutAcceptsSecondsAndIsoDurations() {
        var c = new SimulateCommand.TimeoutConverter();
        assertEquals(java.time.Duration.ofMillis(500), c.convert("0.5"));
        assertEquals(java.time.Duration.ofSeconds(30), c.convert("30s"));
        assertEquals(java.time.Duration.ofMinutes(2), c.convert("PT2M"));
    }

    private Path pluginsDir() throws Exception {
        return TestPlugins.folder(dir, "orrery-benchmark-simulators");
    }

    @Test
    void runsTwoMoonsIdenticallyForOneAndTwoWorkersAndRefusesForeignResume() throws Exception {
        String plugins = pluginsDir().toString();
        Path w1 = dir.resolve("w1.h5");
        Path w2 = dir.resolve("w2.h5");
        var r = run("simulate", "--plugins", plugins, "--simulator", "no_such_sim", "--num", "10", "--seed", "1",
                "--out", w1.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().strip().startsWith("orrery simulate: unknown simulator 'no_such_sim'; available: "), r.err());
        assertTrue(r.err().contains("two_moons"), r.err());
        assertFalse(Files.exists(w1));

        r = run("simulate", "--plugins", plugins, "--simulator", "two_moons", "--num", "3000", "--seed", "9",
                "--workers", "1", "--out", w1.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("wrote " + w1 + ": 3000 ok, 0 failed of 3000 in "), r.out());
        r = run("simulate", "--plugins", plugins, "--simulator", "two_moons", "--num", "3000", "--seed", "9",
                "--workers", "2", "--out", w2.toString());
        assertEquals(0, r.status(), r.err());
        Bank a = BankReader.read(w1);
        Bank b = BankReader.read(w2);
        assertEquals(3000, a.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.theta(i), b.theta(i), 0.0);
            assertArrayEquals(a.x(i), b.x(i), 0.0);
        }
        assertEquals("two_moons", a.metadata().simulatorId());

        r = run("simulate", "--plugins", plugins, "--simulator", "two_moons", "--num", "3000", "--seed", "10",
                "--resume", "--out", w1.toString());
        assertEquals(1, r.status());
        assertEquals("orrery simulate: --resume: the bank " + w1 + " used seed 9, not 10; choose another --out",
                r.err().strip());
    }
}
