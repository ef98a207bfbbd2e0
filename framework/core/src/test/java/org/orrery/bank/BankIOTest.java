package org.orrery.bank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.data.ArraySpec;
import org.orrery.io.BadInputException;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;

class BankIOTest {

    @TempDir
    Path dir;

    static Bank sample(List<Failure> failures) {
        ParameterSpace ps = ParameterSpace.of(new Parameter("omega_m", "", "\\Omega_m", 0.1, 0.5),
                Parameter.bounded("sigma_8", 0.6, 1.0));
        ArraySpec img = new ArraySpec("x", new int[] {2, 3}, "K", ArraySpec.Kind.IMAGE);
        BankMetadata m = new BankMetadata("toy", "1.2.3", ps, img, "Uniform", 99, 3, "0.1.0",
                Instant.parse("2025-01-02T03:04:05Z"));
        return new Bank(m, new long[] {0, 2}, new double[][] {{0.2, 0.7}, {0.3, 0.9}},
                new double[][] {{1, 2, 3, 4, 5, 6}, {7, 8, 9, 10, 11, 12}}, failures);
    }

    @Test
    void roundTripWithImageObservableAndFailures() {
        Path p = dir.resolve("bank.h5");
        BankWriter.write(p, sample(List.of(new Failure(1, new double[] {0.4, 0.65}, "timeout after 5 s"))));
        Bank b = BankReader.read(p);
        assertEquals(2, b.size());
        assertArrayEquals(new double[] {7, 8, 9, 10, 11, 12}, b.x(1), 0.0);
        assertArrayEquals(new double[] {0.3, 0.9}, b.theta(1), 0.0);
        assertEquals(2, b.index(1));
        assertEquals(List.of("omega_m", "sigma_8"), b.parameters().names());
        assertEquals("\\Omega_m", b.parameters().get(0).latex());
        assertEquals(0.5, b.parameters().get(0).upper());
        assertArrayEquals(new int[] {2, 3}, b.observable().shape());
        assertEquals("K", b.observable().unit());
        BankMetadata m = b.metadata();
        assertEquals("toy", m.simulatorId());
        assertEquals("1.2.3", m.simulatorVersion());
        assertEquals(99, m.seed());
        assertEquals(Instant.parse("2025-01-02T03:04:05Z"), m.created());
        assertEquals(1, b.failures().size());
        assertEquals("timeout after 5 s", b.failures().get(0).reason());
        assertArrayEquals(new double[] {0.4, 0.65}, b.failures().get(0).theta(), 0.0);
        try (HdfFile h = new HdfFile(p)) {
            assertArrayEquals(new int[] {2, 2, 3}, h.getDatasetByPath("x").getDimensions(), "x is [N, ny, nx]");
        }
        // no failures: jhdf cannot write empty datasets, the count says 0
        Path q = dir.resolve("nofail.h5");
        BankWriter.write(q, sample(List.of()));
        assertEquals(0, BankReader.read(q).failures().size());
    }

    @Test
    void notABankTruncatedOrMissing() throws Exception {
        var e = assertThrows(BadInputException.class, () -> BankReader.read(dir.resolve("none.h5")));
        assertEquals("file not found: " + dir.resolve("none.h5"), e.getMessage());

        Path text = dir.resolve("text.h5");
        Files.writeString(text, "hello");
        e = assertThrows(BadInputException.class, () -> BankReader.read(text));
        assertEquals("not an HDF5 file: " + text + " (5 bytes)", e.getMessage());

        Path good = dir.resolve("good.h5");
        BankWriter.write(good, sample(List.of()));
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.h5");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        e = assertThrows(BadInputException.class, () -> BankReader.read(cut));
        assertTrue(e.getMessage().startsWith("bank " + cut + " is truncated or corrupt")
                || e.getMessage().startsWith("HDF5 file " + cut + " is truncated or corrupt"), e.getMessage());

        Path other = dir.resolve("other.h5");
        try (WritableHdfFile h = HdfFile.write(other)) {
            h.putDataset("samples", new double[][] {{1}});
        }
        e = assertThrows(BadInputException.class, () -> BankReader.read(other));
        assertEquals("HDF5 file " + other + " is not an Orrery bank (no format=\"orrery-bank\" attribute)", e.getMessage());

        // attributes say 2 rows but /x is missing
        Path noX = dir.resolve("nox.h5");
        try (WritableHdfFile h = HdfFile.write(noX); HdfFile src = new HdfFile(good)) {
            src.getAttributes().forEach((k, a) -> h.putAttribute(k, a.getData()));
            h.putDataset("theta", new double[][] {{0.2, 0.7}, {0.3, 0.9}});
        }
        e = assertThrows(BadInputException.class, () -> BankReader.read(noX));
        assertEquals("bank " + noX + " has no dataset /x", e.getMessage());
    }
}
