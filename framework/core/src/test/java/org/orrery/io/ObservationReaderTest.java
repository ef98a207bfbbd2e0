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
        // one row, one scalar column per value, matched by TTYPE whatever their order in the file
        BinaryTable cols = new BinaryTable();
        for (double v : new double[] {9, 7, 8}) {
            cols.addColumn(new double[] {v});
        }
        BinaryTableHDU colsHdu = BinaryTableHDU.wrap(cols);
        colsHdu.setColumnName(0, "data_3", null);
        colsHdu.setColumnName(1, "data_1", null);
        colsHdu.setColumnName(2, "DATA_2", null);
        Path p2 = dir.resolve("cols.fits");
        writeFits(p2, colsHdu);
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

    @Test
    void fitsTruncatedInsideItsPaddingIsRefused() throws Exception {
        // issue 18: a 5760-byte FITS observation cut to 4000 bytes was accepted
        Path good = dir.resolve("obs.fits");
        writeFits(good, (Object) new double[] {0.1, 0.2, 0.3});
        assertEquals(5760, Files.size(good));
        assertArrayEquals(new double[] {0.1, 0.2, 0.3}, ObservationReader.read(good.toString(), VEC).values(), 0.0);
        Path cut = dir.resolve("cut4000.fits");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(good), 4000));
        var e = assertThrows(BadInputException.class, () -> ObservationReader.read(cut.toString(), VEC));
        assertEquals("observation " + cut + " is truncated: HDU 0 needs 5760 bytes with its padding to a whole 2880-byte"
                + " block, the file has 4000", e.getMessage());
        Path header = dir.resolve("cut2000.fits");
        Files.write(header, Arrays.copyOf(Files.readAllBytes(good), 2000));
        e = assertThrows(BadInputException.class, () -> ObservationReader.read(header.toString(), VEC));
        assertEquals("observation " + header + " is truncated: the header of HDU 0 ends at byte 2000 without an END card"
                + " (the file has 2000 bytes)", e.getMessage());
    }

    @Test
    void csvColumnsAreMatchedByNameNotPosition() throws Exception {
        // issue 18: "data_2,data_1" with swapped values, and "foo,bar", were both accepted positionally
        ArraySpec two = ArraySpec.vector("x", 2);
        Path p = dir.resolve("swapped.csv");
        Files.writeString(p, "data_2,data_1\n20,10\n");
        assertArrayEquals(new double[] {10, 20}, ObservationReader.read(p.toString(), two).values(), 0.0);
        Files.writeString(p, "x_2, X_1\n20,10\n");
        assertArrayEquals(new double[] {10, 20}, ObservationReader.read(p.toString(), two).values(), 0.0);
        Files.writeString(p, "\"data_1\",\"data_2\"\n10,20\n");
        assertArrayEquals(new double[] {10, 20}, ObservationReader.read(p.toString(), two).values(), 0.0);
        Files.writeString(p, "foo,bar\n1,2\n");
        var e = assertThrows(BadInputException.class, () -> ObservationReader.read(p.toString(), two));
        assertEquals("observation " + p + " has columns foo,bar; expected data_1,data_2 (or x_1,…) in any order"
                + " (foo does not match)", e.getMessage());
        Files.writeString(p, "data_1,data_1\n1,2\n");
        e = assertThrows(BadInputException.class, () -> ObservationReader.read(p.toString(), two));
        assertTrue(e.getMessage().endsWith("(data_1 twice does not match)"), e.getMessage());
        Files.writeString(p, "data_1,data_3\n1,2\n");
        e = assertThrows(BadInputException.class, () -> ObservationReader.read(p.toString(), two));
        assertTrue(e.getMessage().contains("expected data_1,data_2"), e.getMessage());
    }

    @Test
    void fitsAndHdf5NamesAreMatchedToo() throws Exception {
        // FITS: scalar columns need names; a vector column or an image must carry the observable's name (or none)
        BinaryTable unnamed = new BinaryTable();
        unnamed.addColumn(new double[] {1});
        unnamed.addColumn(new double[] {2});
        unnamed.addColumn(new double[] {3});
        Path p1 = dir.resolve("unnamed.fits");
        writeFits(p1, BinaryTableHDU.wrap(unnamed));
        var e = assertThrows(BadInputException.class, () -> ObservationReader.read(p1.toString(), VEC));
        assertEquals("observation " + p1 + " has columns (unnamed),(unnamed),(unnamed); expected data_1,data_2,data_3"
                + " (or x_1,…) in any order ((unnamed) does not match)", e.getMessage());
        BinaryTable vec = new BinaryTable();
        vec.addColumn(new double[][] {{0.5, 1.5, 2.5}});
        BinaryTableHDU vecHdu = BinaryTableHDU.wrap(vec);
        vecHdu.setColumnName(0, "flux", null);
        Path p2 = dir.resolve("flux.fits");
        writeFits(p2, vecHdu);
        e = assertThrows(BadInputException.class, () -> ObservationReader.read(p2.toString(), VEC));
        assertEquals("observation " + p2 + " has column 'flux'; expected x or data or observation or obs (the simulator's x)",
                e.getMessage());
        Path p3 = dir.resolve("sci.fits");
        try (Fits f = new Fits()) {
            var hdu = FitsFactory.hduFactory(new double[][] {{1, 2, 3}, {4, 5, 6}});
            hdu.getHeader().addValue("EXTNAME", "SCI", null);
            f.addHDU(hdu);
            f.write(p3.toFile());
        }
        e = assertThrows(BadInputException.class, () -> ObservationReader.read(p3.toString(), IMG));
        assertEquals("observation " + p3 + " holds its data in HDU 0 named EXTNAME 'SCI'; expected EXTNAME x (or none) for"
                + " the simulator's x, or choose that HDU explicitly as " + p3 + ":SCI", e.getMessage());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, ObservationReader.read(p3 + ":SCI", IMG).values(), 0.0);

        // HDF5: one dataset per value, in any order, or a dataset named after the observable
        Path h = dir.resolve("per-value.h5");
        try (WritableHdfFile w = HdfFile.write(h)) {
            w.putDataset("data_3", new double[] {30});
            w.putDataset("data_1", new double[] {10});
            w.putDataset("data_2", new double[] {20});
        }
        assertArrayEquals(new double[] {10, 20, 30}, ObservationReader.read(h.toString(), VEC).values(), 0.0);
        Path foo = dir.resolve("foo.h5");
        try (WritableHdfFile w = HdfFile.write(foo)) {
            w.putDataset("foo", new double[] {1, 2, 3});
        }
        e = assertThrows(BadInputException.class, () -> ObservationReader.read(foo.toString(), VEC));
        assertEquals("observation " + foo + " has dataset(s) /foo; expected a dataset /x (or /data, /observation)"
                + " holding the simulator's x, or one dataset per value named data_1,data_2,data_3 (or x_1,…), or name"
                + " one as " + foo + ":/dataset/path", e.getMessage());
        assertArrayEquals(new double[] {1, 2, 3}, ObservationReader.read(foo + ":/foo", VEC).values(), 0.0);
    }
}
