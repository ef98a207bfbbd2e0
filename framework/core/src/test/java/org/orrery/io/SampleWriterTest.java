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

    @Test
    void provenanceTravelsWithTheSamplesInEveryFormat() throws Exception {
        // issue 18.4: the FITS header had only a date, the HDF5 file only parameter_names
        var prov = new java.util.LinkedHashMap<String, String>();
        prov.put("orrery_version", "0.1.0");
        prov.put("posterior_file", "/data/a/rather/long/path/to/some/posterior/file/that/needs/more/than/one/card/p.orrery");
        prov.put("posterior_sha256", "ab".repeat(32));
        prov.put("estimator", "maf 0.1.0");
        prov.put("estimator_config", "{hidden=50, transforms=5}");
        prov.put("simulator", "two_moons 1.0.0");
        prov.put("observation_file", "obs.csv");
        prov.put("observation_sha256", "cd".repeat(32));
        prov.put("seed", "42");
        prov.put("ood_mahalanobis", "1.3");
        prov.put("custom_note", "kept as HISTORY");
        List<String> names = List.of("theta_1", "theta_2");
        double[][] s = {{0.1, 0.2}, {0.3, 0.4}, {0.5, 0.6}};

        Path h5 = dir.resolve("p.h5");
        SampleWriter.write(h5, names, s, prov);
        try (HdfFile h = new HdfFile(h5)) {
            assertEquals("ab".repeat(32), h.getAttribute("posterior_sha256").getData());
            assertEquals("42", h.getAttribute("seed").getData());
            assertEquals("two_moons 1.0.0", h.getAttribute("simulator").getData());
            assertArrayEquals(new double[] {0.2, 0.4, 0.6}, (double[]) h.getDatasetByPath("theta_2").getData(), 0.0,
                    "one dataset per parameter");
            assertArrayEquals(new int[] {3, 2}, h.getDatasetByPath("samples").getDimensions());
        }

        Path fits = dir.resolve("p.fits");
        SampleWriter.write(fits, names, s, prov);
        try (Fits f = new Fits(fits.toFile())) {
            var hdr = f.getHDU(1).getHeader();
            assertEquals("ab".repeat(32), hdr.getStringValue("POSTSHA"));
            assertEquals(prov.get("posterior_file"), hdr.getStringValue("POSTFILE"), "a long value survives on CONTINUE cards");
            assertEquals("maf 0.1.0", hdr.getStringValue("ESTIMATR"));
            assertEquals("42", hdr.getStringValue("SEED"));
            assertEquals("1.3", hdr.getStringValue("OODMAHAL"));
            boolean history = false;
            for (var it = hdr.iterator(); it.hasNext(); ) {
                var card = it.next();
                history |= "HISTORY".equals(card.getKey()) && card.getComment() != null
                        && card.getComment().contains("custom_note = kept as HISTORY");
            }
            assertEquals(true, history, "unknown keys as HISTORY");
        }

        Path csv = dir.resolve("p.csv");
        SampleWriter.write(csv, names, s, prov);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("theta_1,theta_2", lines.get(0), "CSV stays a plain table that pandas.read_csv opens");
    }
}
