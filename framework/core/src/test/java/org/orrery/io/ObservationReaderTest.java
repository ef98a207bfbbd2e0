package org.orrery.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import nom.tam.fits.BinaryTable;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.data.ArraySpec;

class ObservationReaderTest {

    @TempDir
    Path dir;

    static final ArraySpec VEC = ArraySpec.vector("x", 3);
    static final ArraySpec IMG = new ArraySpec("x", new int[] {2, 3}, "", ArraySpec.Kind.IMAGE);

    static void writeFits(Path p, Object... hdus) throws Exception {
        try (Fits f = new Fits()) {
            for (Object o : hdus) {
                f.addHDU(o instanceof BinaryTableHDU t ? t : FitsFactory.hduFactory(o));
            }
            f.write(p.toFile());
        }
    }

    @Test
    void fitsImageKeepsRowMajorOrderAndAxisLengths() throws Exception {
        Path p = dir.resolve("img.fits");
        // ny = 2 rows, nx = 3 columns: FITS NAXIS1 = 3, NAXIS2 = 2
        writeFits(p, (Object) new float[][] {{1, 2, 3}, {4, 5, 6}});
        try (Fits f = new Fits(p.toFile())) {
            assertEquals(3, f.readHDU().getHeader().getIntValue("NAXIS1"));
        }
        Observation o = ObservationReader.read(p.toString(), IMG);
        assertArrayEquals(new int[] {2, 3}, o.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, o.values(), 0.0);
        var e = assertThrows(BadInputException.class, () -> ObservationReader.read(p.toString(),
                new ArraySpec("x", new int[] {3, 2}, "", ArraySpec.Kind.IMAGE)));
        assertEquals("observation " + p + " has shape (2, 3), expected (3, 2) (x of the simulator)", e.getMessage());
    }

    @Test
    void fitsCubeOfADensityFieldKeepsAxisOrder() throws Exception {
        // a [nz, ny, nx] = [2, 3, 4] field cube, as the grf/lpt simulators produce
        double[][][] cube = new double[2][3][4];
        double[] flat = new double[24];
        for (int i = 0; i < 24; i++) {
            cube[i / 12][(i / 4) % 3][i % 4] = i * 0.5 - 3;
            flat[i] = i * 0.5 - 3;
        }
        Path p = dir.resolve("cube.fits");
        writeFits(p, (Object) cube);
        try (Fits f = new Fits(p.toFile())) {
            var h = f.readHDU().getHeader();
            assertEquals(4, h.getIntValue("NAXIS1"), "FITS lists the fastest axis first");
            assertEquals(2, h.getIntValue("NAXIS3"));
        }
        var grid = new ArraySpec("delta", new int[] {2, 3, 4}, "", ArraySpec.Kind.GRID);
        Observation o = ObservationReader.read(p.toString(), grid);
        assertArrayEquals(new int[] {2, 3, 4}, o.shape());
        assertArrayEquals(flat, o.values(), 0.0);
    }

    @Test
    void fitsTablesAsOneRowOrOneColumn() throws Exception {
        // one row, one vector column
        BinaryTable vec = new BinaryTable();
        vec.addColumn(new double[][] {{0.5, 1.5, 2.5}});
        Path p1 = dir.resolve("vec.fits");
        writeFits(p1, BinaryTableHDU.wrap(vec));
        assertArrayEquals(new double[] {0.5, 1.5, 2.5}, ObservationReader.read(p1.toString(), VEC).values(), 0.0);
        // one row, one scalar column per value
        BinaryTable cols = new BinaryTable();
        for (double v : new double[] {7, 8, 9}) {
            cols.addColumn(new double[] {v});
        }
        Path p2 = dir.resolve("cols.fits");
        writeFits(p2, BinaryTableHDU.wrap(cols));
        assertArrayEquals(new double[] {7, 8, 9}, ObservationReader.read(p2.toString(), VEC).values(), 0.0);
        // one column, one value per row
        BinaryTable rows = new BinaryTable();
        rows.addColumn(new double[] {-1, -2, -3});
        Path p3 = dir.resolve("rows.fits");
        writeFits(p3, BinaryTableHDU.wrap(rows));
        assertArrayEquals(new double[] {-1, -2, -3}, ObservationReader.read(p3.toString(), VEC).values(), 0.0);
    }

    @Test
    void hdf5DefaultNamedAndOnlyDataset() throws Exception {
        Path p = dir.resolve("obs.h5");
        try (WritableHdfFile h = HdfFile.write(p)) {
            h.putDataset("x", new double[][] {{1, 2, 3}}); // [1, 3] squeezes to [3]
            h.putGroup("more").putDataset("img", new double[][] {{1, 2, 3}, {4, 5, 6}});
            h.putDataset("labels", new String[] {"a", "b", "c"});
        }
        assertArrayEquals(new double[] {1, 2, 3}, ObservationReader.read(p.toString(), VEC).values(), 0.0);
        Observation img = ObservationReader.read(p + ":/more/img", IMG);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, img.values(), 0.0);
        var e = assertThrows(BadInputException.class, () -> ObservationReader.read(p + ":/labels", VEC));
        assertEquals("observation " + p + ":/labels has dtype String, expected a numeric (float or integer) dataset",
                e.getMessage());
        e = assertThrows(BadInputException.class, () -> ObservationReader.read(p + ":/nope", VEC));
        assertEquals("observation " + p + " has no dataset /nope", e.getMessage());
        Path only = dir.resolve("only.hdf5");
        try (WritableHdfFile h = HdfFile.write(only)) {
            h.putDataset("data", new int[] {4, 5, 6});
        }
        assertArrayEquals(new double[] {4, 5, 6}, ObservationReader.read(only.toString(), VEC).values(), 0.0);
    }

    @Test
    void csvWithHeaderRow() throws Exception {
        Path p = dir.resolve("obs.csv");
        Files.writeString(p, "data_1,data_2,data_3\n0.25,-1e-3,3\n");
        assertArrayEquals(new double[] {0.25, -1e-3, 3}, ObservationReader.read(p.toString(), VEC).values(), 0.0);
        Files.writeString(p, "data_1,data_2,data_3\n0.25,nan,3\n");
        var e = assertThrows(BadInputException.class, () -> ObservationReader.read(p.toString(), VEC));
        assertEquals("observation " + p + " has a non-finite value (NaN) at flat index 1", e.getMessage());
        Files.writeString(p, "data_1,data_2\n1,2\n");
        e = assertThrows(BadInputException.class, () -> ObservationReader.read(p.toString(), VEC));
        assertEquals("observation " + p + " has shape (2,), expected (3,) (x of the simulator)", e.getMessage());
        Files.writeString(p, "1,2,3\n");
        e = assertThrows(BadInputException.class, () -> ObservationReader.read(p.toString(), VEC));
        assertTrue(e.getMessage().contains("needs a header row and one data row"), e.getMessage());
        Files.writeString(p, "a,b,c\n1,2,3\n4,5,6\n");
        e = assertThrows(BadInputException.class, () -> ObservationReader.read(p.toString(), VEC));
        assertEquals("observation " + p + " has 2 data rows; an observation is one row", e.getMessage());
    }

    @Test
    void nanInAnImageIsNamedByIndex() throws Exception {
        Path p = dir.resolve("nan.fits");
        writeFits(p, (Object) new double[][] {{1, 2, 3}, {4, Double.NaN, 6}});
        var e = assertThrows(BadInputException.class, () -> ObservationReader.read(p.toString(), IMG));
        assertEquals("observation " + p + " has a non-finite value (NaN) at flat index 4 [1, 1]", e.getMessage());
    }

    @Test
    void missingCorruptAndTruncatedFiles() throws Exception {
        var e = assertThrows(BadInputException.class, () -> ObservationReader.read(dir.resolve("no.fits").toString(), VEC));
        assertEquals("observation file not found: " + dir.resolve("no.fits"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> ObservationReader.read(dir.resolve("x.npy").toString(), VEC));
        assertTrue(e.getMessage().startsWith("unknown observation format: "), e.getMessage());

        Path junk = dir.resolve("junk.fits");
        Files.writeString(junk, "this is not FITS at all");
        e = assertThrows(BadInputException.class, () -> ObservationReader.read(junk.toString(), VEC));
        assertTrue(e.getMessage().startsWith("observation " + junk + " is not a valid FITS file"), e.getMessage());

        Path good = dir.resolve("good.fits");
        writeFits(good, (Object) new double[64][64]);
        Path cut = dir.resolve("cut.fits");
        byte[] bytes = Files.readAllBytes(good);
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        e = assertThrows(BadInputException.class, () -> ObservationReader.read(cut.toString(), VEC));
        assertTrue(e.getMessage().startsWith("observation " + cut), e.getMessage());
        assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("not a valid FITS"), e.getMessage());

        Path h5 = dir.resolve("junk.h5");
        Files.writeString(h5, "not hdf5");
        e = assertThrows(BadInputException.class, () -> ObservationReader.read(h5.toString(), VEC));
        assertEquals("not an HDF5 file: " + h5 + " (no HDF5 signature)", e.getMessage());
    }
}
