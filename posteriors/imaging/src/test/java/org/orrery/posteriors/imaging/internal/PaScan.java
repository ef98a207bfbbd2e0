package org.orrery.posteriors.imaging.internal;

import java.nio.file.Files;
import java.util.Locale;
import org.orrery.imaging.ImageGrid;
import org.orrery.imaging.job.ImageJob;
import org.orrery.imaging.job.ImageRequest;

/**
 * What closure-only data constrain (issue 15): the closure likelihood's −log L of crescents of the
 * true shape at position angles 0–345° on the synthetic data of SyntheticCrescentTest, at 32 and
 * 128 px. Within the crescent family the PA is pinned to a few degrees (−log L 737 at 225° against
 * ~9 900 at 210° and 240°, 128 px), so a PA error of pixel images comes from what the pixel basis
 * adds (ghosts), not from the data. A main, not a test.
 */
public final class PaScan {
    public static void main(String[] args) throws Exception {
        var cov = SyntheticCrescentTest.april6Coverage(Files.createTempDirectory("pa"));
        var data = SyntheticCrescentTest.synthetic(cov, false);
        for (int px : new int[] {32, 128}) {
            ImageGrid g = ImageGrid.square(px, 160);
            var d = ImageJob.data(data, g, ImageRequest.DataMode.CLOSURES, 0.02, 0.6, 120);
            StringBuilder b = new StringBuilder(px + " px nll(PA):");
            for (int pa = 0; pa < 360; pa += 15) {
                double[] img = SyntheticCrescentTest.crescent(g, 44, 8, 0.6, pa, 0.6);
                b.append(String.format(Locale.ROOT, " %d:%.0f", pa, d.likelihood().negLogLikelihood(img, null)));
            }
            System.out.println(b);
            StringBuilder c = new StringBuilder(px + " px nll(PA), width 20:");
            for (int pa = 0; pa < 360; pa += 15) {
                double[] img = SyntheticCrescentTest.crescent(g, 44, 20, 0.3, pa, 0.6);
                c.append(String.format(Locale.ROOT, " %d:%.0f", pa, d.likelihood().negLogLikelihood(img, null)));
            }
            System.out.println(c);
        }
    }
}
