package org.orrery.posteriors.imaging.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.orrery.imaging.ImageGrid;
import org.orrery.imaging.ImagePrior;

/**
 * The three score priors shipped with the bundle (issue 15) load from its resources, are small,
 * say what they were trained on, give finite scores on their own grid (32 × 32 over 160 µas), and
 * refuse another grid in one line naming both.
 */
class ShippedScorePriorsTest {

    static final List<ShippedScorePrior> SHIPPED = List.of(new RingScorePrior(), new TurbulentScorePrior(), new BlobsScorePrior());

    @Test
    void eachShippedPriorLoadsAndSaysWhatItWasTrainedOn() throws Exception {
        List<String> sims = List.of("eht_crescent", "eht_turbulent_ring", "eht_blobs_generic");
        for (int i = 0; i < SHIPPED.size(); i++) {
            ShippedScorePrior p = SHIPPED.get(i);
            String resource = "/score-priors/" + p.id().substring("score_".length()) + ".oscp";
            try (InputStream in = ShippedScorePrior.class.getResourceAsStream(resource)) {
                long bytes = in.readAllBytes().length;
                assertTrue(bytes < 4 << 20, p.id() + ": " + bytes + " bytes");
            }
            assertTrue(p.provenance().contains("image simulators " + sims.get(i) + " at 0.6 Jy"), p.provenance());
            // the shipped training (bench/train-score-priors.sh defaults, its seeds 101, 102, 103)
            assertTrue(p.provenance().contains("24 epochs x 200 steps") && p.provenance().endsWith("seed " + (101 + i)), p.provenance());
            assertArrayEquals(new int[] {32, 32}, p.field().shape());
            double[] range = p.sigmaRange();
            assertTrue(range[0] > 0 && range[1] > range[0], p.id());
            ImagePrior on = p.on(ImageGrid.square(32, 160), 0.6);
            double[][] x = new double[2][32 * 32];
            java.util.Random r = new java.util.Random(1);
            for (double[] row : x) {
                for (int k = 0; k < row.length; k++) {
                    row[k] = 0.6 / 1024 + 1e-3 * r.nextGaussian();
                }
            }
            for (double[] s : on.scores(x, 1e-3)) {
                assertTrue(java.util.Arrays.stream(s).allMatch(Double::isFinite), p.id());
            }
        }
    }

    @Test
    void anotherGridIsRefusedInOneLineNamingBoth() {
        var e = assertThrows(IllegalArgumentException.class, () -> new RingScorePrior().on(ImageGrid.square(64, 160), 0.6));
        assertEquals(-1, e.getMessage().indexOf('\n'));
        assertTrue(e.getMessage().contains("was trained on 32x32 pixels over 160 uas; this run asks for 64x64 over 160 uas (use --pixels 32 --fov-uas 160)"),
                e.getMessage());
    }
}
