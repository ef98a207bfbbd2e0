package org.orrery.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jhdf.HdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleWriterTest {

    @TempDir
    Path dir;

    static final List<String> NAMES = List.of("omega_m", "sigma_8");
    static final double[][] SAMPLES = {{0.3, 0.8}, {0.31, 0.79}, {Math.PI / 10, Math.E / 3}};

    @Test
    void hdf5FitsAndCsvRoundTripExactly() throws Exception {
        Path h5 = dir.resolve("s.h5");
        SampleWriter.write(h5, NAMES, SAMPLES);
        try (HdfFile h = new HdfFile(h5)) {
            assertArrayEquals(SAMPLES, (double[][]) h.getDatasetByPath("samples").getData());
            assertArrayEquals(NAMES.toArray(), (String[]) h.getAttribute("parameter_names").getData());
        }
        Path fits = dir.resolve("s.fits");
        SampleWriter.write(fits, NAMES, SAMPLES);
        try (Fits f = new Fits(fits.toFile())) {
            BinaryTableHDU t = (BinaryTableHDU) f.getHDU(1);
            assertEquals("omega_m", t.getColumnName(0));
            assertEquals("sigma_8", t.getColumnName(1));
            assertArrayEquals(new double[] {0.8, 0.79, Math.E / 3}, (double[]) t.getColumn(1), 0.0);
        }
        Path csv = dir.resolve("s.csv");
        SampleWriter.write(csv, NAMES, SAMPLES);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("omega_m,sigma_8", lines.get(0));
        assertEquals(Math.PI / 10, Double.parseDouble(lines.get(3).split(",")[0]), 0.0);
    }

    @Test
    void badTargetsAreRefusedWithoutLeavingFiles() throws Exception {
        var e = assertThrows(BadInputException.class, () -> SampleWriter.write(dir.resolve("s.npy"), NAMES, SAMPLES));
        assertEquals("unknown samples format: " + dir.resolve("s.npy") + " (expected .h5, .hdf5, .fits or .csv)",
                e.getMessage());
        Path nowhere = dir.resolve("no/such/dir/s.h5");
        e = assertThrows(BadInputException.class, () -> SampleWriter.write(nowhere, NAMES, SAMPLES));
        assertEquals("cannot write " + nowhere + ": directory " + nowhere.getParent() + " does not exist", e.getMessage());
        var iae = assertThrows(IllegalArgumentException.class,
                () -> SampleWriter.write(dir.resolve("s.csv"), NAMES, new double[][] {{1, 2, 3}}));
        assertEquals("sample 0 has 3 values, expected 2 ([omega_m, sigma_8])", iae.getMessage());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count(), "nothing written");
        }
    }
}
