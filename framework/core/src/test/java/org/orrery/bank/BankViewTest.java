package org.orrery.bank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.api.dataset.ContiguousDataset;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.campaign.Campaign;
import org.orrery.campaign.CampaignListener;
import org.orrery.campaign.CampaignSpec;
import org.orrery.campaign.TestSimulators;
import org.orrery.data.ArraySpec;
import org.orrery.io.BadInputException;
import org.orrery.io.NdArrays;

/**
 * The bank view: old (format 2) banks still read and give exactly what a format-3 campaign with the
 * same seed gives; float32 outputs are stored as float32, large ones one row per HDF5 chunk, and
 * jhdf reads those files on its own too.
 */
class BankViewTest {

    @TempDir
    Path dir;

    private Path resource(String name) throws Exception {
        Path p = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/banks/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }

    /** Made by the format-2 writer (commit a026a52): Field(4) seed 2 num 6, Points(0) seed 4 num 12. */
    @Test
    void format2BanksReadAsBeforeAndMatchFormat3() throws Exception {
        Path old = resource("field-format2.h5");
        Path now = dir.resolve("field-format3.h5");
        new Campaign(new TestSimulators.Field(4), "1.0", new CampaignSpec(6, 2, now, 2, Duration.ZERO, false, 0),
                CampaignListener.NONE).run();
        try (BankView a = BankReader.open(old); BankView b = BankReader.open(now)) {
            assertEquals(2, a.formatVersion());
            assertEquals(BankWriter.FORMAT_VERSION, b.formatVersion());
            assertEquals(3, b.formatVersion());
            assertEquals(a.size(), b.size());
            assertEquals(6, a.size() + a.failures().size());
            assertEquals(a.metadata().outputs(), b.metadata().outputs());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.index(i), b.index(i));
                assertArrayEquals(a.theta(i), b.theta(i));
                assertArrayEquals(a.values("delta", i), b.values("delta", i));
                assertArrayEquals(a.values("delta_initial", i), b.values("delta_initial", i));
                assertArrayEquals(a.x(i), b.values("delta", i));
                assertEquals(64, a.x(i).length);
            }
        }
        Path oldPoints = resource("points-format2.h5");
        Path nowPoints = dir.resolve("points-format3.h5");
        new Campaign(new TestSimulators.Points(0), "1.0", new CampaignSpec(12, 4, nowPoints, 2, Duration.ZERO, false,
                0), CampaignListener.NONE).run();
        try (BankView a = BankReader.open(oldPoints); BankView b = BankReader.open(nowPoints)) {
            assertEquals(a.size(), b.size());
            assertEquals(a.failures().size(), b.failures().size());
            int points = 0;
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.values("positions", i), b.values("positions", i));
                assertArrayEquals(a.values("velocities", i), b.values("velocities", i));
                assertEquals(a.count("positions", i) * 3, a.values("positions", i).length);
                points += a.count("positions", i);
            }
            assertTrue(points > 0);
            Bank loaded = BankReader.read(oldPoints);
            assertArrayEquals(a.values("velocities", a.size() - 1), loaded.values("velocities", a.size() - 1));
        }
    }

    @Test
    void float32OutputsAreStoredAsFloat32InRowChunks() throws Exception {
        int n = 32; // 32³ float32 = 128 KiB a row: chunked
        Path b32 = dir.resolve("f32.h5");
        Path b64 = dir.resolve("f64.h5");
        new Campaign(new TestSimulators.Field32(n), "1.0", new CampaignSpec(5, 9, b32, 2, Duration.ZERO, false, 0),
                CampaignListener.NONE).run();
        new Campaign(new TestSimulators.Field(n), "1.0", new CampaignSpec(5, 9, b64, 2, Duration.ZERO, false, 0),
                CampaignListener.NONE).run();
        try (BankView a = BankReader.open(b32); BankView b = BankReader.open(b64)) {
            assertEquals(ArraySpec.DType.FLOAT32, a.observable().dtype());
            assertEquals(ArraySpec.DType.FLOAT64, a.output("delta_initial").dtype());
            assertEquals(5, a.size());
            for (int i = 0; i < a.size(); i++) {
                double[] x32 = a.x(i);
                double[] x64 = b.x(i);
                for (int k = 0; k < x64.length; k++) {
                    assertEquals((float) x64[k], x32[k], 0.0, "row " + i + " value " + k);
                }
                // the latent is float64 in both, bit for bit the same draws
                assertArrayEquals(b.values("delta_initial", i), a.values("delta_initial", i));
            }
        }
        // jhdf on its own: the float32 observable and the float64 latent are row-chunked, θ is contiguous
        try (HdfFile h = new HdfFile(b32); BankView a = BankReader.open(b32)) {
            Dataset delta = h.getDatasetByPath("delta");
            assertTrue(delta instanceof ChunkedDataset, delta.getClass().getName());
            assertArrayEquals(new int[] {1, n, n, n}, ((ChunkedDataset) delta).getChunkDimensions());
            assertEquals(float.class, delta.getJavaType());
            assertTrue(h.getDatasetByPath("delta_initial") instanceof ChunkedDataset);
            assertTrue(h.getDatasetByPath("theta") instanceof ContiguousDataset);
            double[] all = NdArrays.flatten(delta.getData(), "delta");
            int size = n * n * n;
            for (int i = 0; i < a.size(); i++) {
                double[] row = a.x(i);
                for (int k = 0; k < size; k++) {
                    assertEquals(all[i * size + k], row[k], 0.0);
                }
            }
        }
        assertTrue(Files.size(b32) < 0.8 * Files.size(b64), Files.size(b32) + " vs " + Files.size(b64));
    }

    @Test
    void rowsOutOfRangeAndUnknownOutputsAreRefusedByName() throws Exception {
        try (BankView a = BankReader.open(resource("field-format2.h5"))) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> a.x(a.size()));
            assertEquals("row " + a.size() + " of a bank of " + a.size() + " rows", e.getMessage());
            IllegalArgumentException u = assertThrows(IllegalArgumentException.class, () -> a.values("nonsense", 0));
            assertEquals("bank of test_field has no output nonsense; it has [delta, delta_initial]", u.getMessage());
        }
    }

    @Test
    void aTruncatedFieldBankFailsWithOneLine() throws Exception {
        Path b = dir.resolve("cut.h5");
        new Campaign(new TestSimulators.Field32(32), "1.0", new CampaignSpec(4, 1, b, 1, Duration.ZERO, false, 0),
                CampaignListener.NONE).run();
        byte[] bytes = Files.readAllBytes(b);
        Path cut = dir.resolve("cut2.h5");
        // keep the header and metadata (written last) but zero the middle of the data: reads succeed
        // with wrong numbers in HDF5 terms, so instead cut the file and expect a clear error
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        BadInputException e = assertThrows(BadInputException.class, () -> {
            try (BankView v = BankReader.open(cut)) {
                for (int i = 0; i < v.size(); i++) {
                    v.x(i);
                }
            }
        });
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
        assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
    }
}
