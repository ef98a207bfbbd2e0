package org.orrery.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Orrery's own HDF5 writer, read back by jhdf (an independent HDF5 implementation). */
class Hdf5WriterTest {

    @TempDir
    Path dir;

    @Test
    void lookup3MatchesItsPublishedVectorsAndJhdfsChecksums() throws Exception {
        // from Bob Jenkins' lookup3.c driver: hashlittle(s, len, 0)
        assertEquals(0xdeadbeef, Hdf5Writer.lookup3(new byte[0], 0, 0));
        byte[] four = "Four score and seven years ago".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x17770551, Hdf5Writer.lookup3(four, 0, four.length));
        // and the superblock checksum jhdf wrote into a file of its own
        Path f = dir.resolve("jhdf.h5");
        try (WritableHdfFile h = HdfFile.write(f)) {
            h.putAttribute("a", 1L);
        }
        byte[] b = Files.readAllBytes(f);
        int stored = ByteBuffer.wrap(b, 44, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertEquals(stored, Hdf5Writer.lookup3(b, 0, 44));
    }

    @Test
    void everyKindOfDatasetAndAttributeReadsBackInJhdf() throws Exception {
        Path f = dir.resolve("all.h5");
        double[] matrix = new double[5 * 3];
        for (int i = 0; i < matrix.length; i++) {
            matrix[i] = i * 0.5 - 3;
        }
        double[] cube = new double[2 * 3 * 4];
        for (int i = 0; i < cube.length; i++) {
            cube[i] = Math.sin(i);
        }
        try (Hdf5Writer w = Hdf5Writer.create(f)) {
            Hdf5Writer.Group root = w.root();
            root.attribute("text", "Uniform(-1, 1)^2 – ünïcode");
            root.attribute("empty", "");
            root.attribute("names", new String[] {"theta_1", "x", ""});
            root.attribute("seed", 42L);
            root.attribute("version", 2);
            root.attribute("length", 250.0);
            root.attribute("lower", new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY});
            root.attribute("shape", new int[] {8, 8, 8});
            root.attribute("counts", new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE});
            root.doubles("theta", matrix, 5, 3).attribute("unit", "Mpc/h");
            Hdf5Writer.DoubleRows rows = root.doubleRows("field", 2, 3, 4);
            for (int r = 0; r < 2; r++) {
                rows.put(cube, r * 12, 12); // streamed row by row
            }
            rows.finish().attribute("kind", "FIELD");
            root.longs("index", new long[] {0, 3, 1L << 40});
            Hdf5Writer.Group g = root.group("failures");
            g.attribute("count", 2L);
            g.strings("reason", new String[] {"threw IllegalStateException: boom", "returned NaN at x[1]"});
            g.group("nested").doubles("one", new double[] {7}, 1);
        }
        try (HdfFile h = new HdfFile(f)) {
            assertEquals("Uniform(-1, 1)^2 – ünïcode", h.getAttribute("text").getData());
            assertEquals("", h.getAttribute("empty").getData());
            assertArrayEquals(new String[] {"theta_1", "x", ""}, (String[]) h.getAttribute("names").getData());
            assertEquals(42L, h.getAttribute("seed").getData());
            assertEquals(2, h.getAttribute("version").getData());
            assertEquals(250.0, h.getAttribute("length").getData());
            assertArrayEquals(new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}, (double[]) h.getAttribute("lower").getData());
            assertArrayEquals(new int[] {8, 8, 8}, (int[]) h.getAttribute("shape").getData());
            assertArrayEquals(new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}, (long[]) h.getAttribute("counts").getData());

            Dataset theta = h.getDatasetByPath("theta");
            assertArrayEquals(new int[] {5, 3}, theta.getDimensions());
            double[][] t = (double[][]) theta.getData();
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(matrix[i * 3 + j], t[i][j], 0.0);
                }
            }
            assertEquals("Mpc/h", theta.getAttribute("unit").getData());
            double[][][] c = (double[][][]) h.getDatasetByPath("field").getData();
            assertEquals(cube[1 * 12 + 2 * 4 + 3], c[1][2][3], 0.0);
            assertEquals(cube[0], c[0][0][0], 0.0);
            assertEquals("FIELD", h.getDatasetByPath("field").getAttribute("kind").getData());
            assertArrayEquals(new long[] {0, 3, 1L << 40}, (long[]) h.getDatasetByPath("index").getData());
            Group g = (Group) h.getChild("failures");
            assertEquals(2L, g.getAttribute("count").getData());
            assertArrayEquals(new String[] {"threw IllegalStateException: boom", "returned NaN at x[1]"},
                    (String[]) h.getDatasetByPath("failures/reason").getData());
            assertArrayEquals(new double[] {7}, (double[]) h.getDatasetByPath("failures/nested/one").getData(), 0.0);
        }
    }

    @Test
    void aMillionRowsStreamInOrder() throws Exception {
        Path f = dir.resolve("big.h5");
        int n = 1_000_000;
        try (Hdf5Writer w = Hdf5Writer.create(f)) {
            Hdf5Writer.DoubleRows rows = w.root().doubleRows("x", n, 2);
            double[] row = new double[2];
            for (int i = 0; i < n; i++) {
                row[0] = i;
                row[1] = -i;
                rows.put(row);
            }
            rows.finish();
        }
        assertTrue(Files.size(f) >= 16L * n);
        try (HdfFile h = new HdfFile(f)) {
            double[][] x = (double[][]) h.getDatasetByPath("x").getData();
            assertEquals(n, x.length);
            assertEquals(n - 1.0, x[n - 1][0], 0.0);
            assertEquals(-(n / 2.0), x[n / 2][1], 0.0);
        }
    }

    @Test
    void misuseIsRefusedWithTheCause() throws Exception {
        try (Hdf5Writer w = Hdf5Writer.create(dir.resolve("bad.h5"))) {
            Hdf5Writer.Group root = w.root();
            var e = assertThrows(IllegalArgumentException.class, () -> root.doubles("x", new double[5], 2, 3));
            assertTrue(e.getMessage().contains("[2, 3] holds 6 values, got 5"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> root.group("a/b"));
            assertThrows(IllegalArgumentException.class, () -> root.attribute("bad", new Object()));
            root.doubles("x", new double[6], 2, 3);
            assertThrows(IllegalArgumentException.class, () -> root.doubles("x", new double[1], 1));
            Hdf5Writer.DoubleRows rows = root.doubleRows("y", 2);
            assertThrows(IllegalStateException.class, () -> root.longs("z", new long[1]));
            rows.put(new double[] {1});
            var short1 = assertThrows(IllegalStateException.class, rows::finish);
            assertTrue(short1.getMessage().contains("1 were written"), short1.getMessage());
            assertThrows(IllegalStateException.class, () -> rows.put(new double[2]));
            rows.put(new double[] {2});
            rows.finish();
            var huge = assertThrows(IllegalArgumentException.class, () -> root.attribute("prior", "p".repeat(70_000)));
            assertTrue(huge.getMessage().contains("at most 65535"), huge.getMessage());
        }
    }
}
