package org.orrery.posteriors.imaging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.imaging.ImagePrior;
import org.orrery.imaging.Visibilities;
import org.orrery.posteriors.imaging.internal.SyntheticCrescentTest.Recovery;

/**
 * Must-show under the learned priors: the asymmetric crescent of {@link SyntheticCrescentTest} (d = 44 µas,
 * PA = 230°, the real April 6 coverage and σ, closure phases and log closure amplitudes, 32 × 32 over 160 µas)
 * imaged through {@code orrery image}'s sampler (ImageJob.sample: the proximal diffusion sampler from the better
 * of the blob and the data's ring) under the shipped ring prior ({@code score_ring}) and the shipped generic
 * prior ({@code score_blobs}): the thin-ring diameter within ±2 µas and the position angle within ±20°; and the
 * complex-conjugated data (a flipped DFT sign) read 180° away, so a sign error cannot pass. 16 draws each (the
 * bench runs more; bench/README "Score-based image prior" has the spread over noise and sampler seeds).
 */
class ScorePriorCrescentTest {

    static final int DRAWS = 16;

    static void check(ImagePrior prior, Visibilities cov) {
        Recovery got = SyntheticCrescentTest.recover(SyntheticCrescentTest.synthetic(cov, false), prior, 3, DRAWS);
        assertEquals(SyntheticCrescentTest.D, got.thinDiameter(), 2.0, prior.id() + ": thin-ring diameter");
        assertTrue(SyntheticCrescentTest.angle(got.pa(), SyntheticCrescentTest.PA) <= 20, prior.id() + ": position angle " + got.pa());
        Recovery flipped = SyntheticCrescentTest.recover(SyntheticCrescentTest.synthetic(cov, true), prior, 3, DRAWS);
        assertTrue(SyntheticCrescentTest.angle(flipped.pa(), SyntheticCrescentTest.PA + 180) <= 20,
                prior.id() + ": a sign flip must show as a 180-degree rotation: " + flipped.pa());
        assertTrue(SyntheticCrescentTest.angle(flipped.pa(), SyntheticCrescentTest.PA) > 20, prior.id() + ": and so fail the position-angle check");
    }

    @Test
    void ringPriorRecoversTheCrescent(@TempDir Path dir) throws IOException {
        check(new RingScorePrior().on(SyntheticCrescentTest.GRID, 0.6), SyntheticCrescentTest.april6Coverage(dir));
    }

    @Test
    void genericBlobPriorRecoversTheCrescent(@TempDir Path dir) throws IOException {
        check(new BlobsScorePrior().on(SyntheticCrescentTest.GRID, 0.6), SyntheticCrescentTest.april6Coverage(dir));
    }
}
