package org.orrery.posteriors.imaging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.orrery.imaging.ImageGrid;
import org.orrery.imaging.ImagePrior;
import org.orrery.prior.GenerativePrior;
import org.orrery.testkit.BundleMetadata;

class ImagePriorsTest {

    static final ImageGrid SMALL = ImageGrid.square(8, 80);

    static void checkScore(ImagePrior prior, double[] x) {
        double[] s = prior.score(x, 0);
        double scale = 0;
        for (double v : s) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int p = 0; p < x.length; p += 3) {
            double h = 1e-5 * Math.abs(x[p]);
            double[] a = x.clone();
            double[] b = x.clone();
            a[p] += h;
            b[p] -= h;
            double fd = (prior.logDensity(a) - prior.logDensity(b)) / (2 * h);
            assertEquals(fd, s[p], 1e-5 * scale, prior.id() + " pixel " + p);
        }
    }

    @Test
    void scoresAreGradientsOfTheLogDensities() {
        Random r = new Random(1);
        for (ImagePrior prior : new ImagePrior[] {new GaussianImagePrior().on(SMALL, 0.6), new TsvPrior().on(SMALL, 0.6), new MemPrior().on(SMALL, 0.6)}) {
            double[] x = Blob.image(SMALL, 0.6, 40);
            for (int p = 0; p < x.length; p++) {
                x[p] *= 0.5 + r.nextDouble();
            }
            checkScore(prior, x);
        }
    }

    @Test
    void gaussianLogDensityAndSmoothedScoreAgreeWithDenseAlgebra() {
        GaussianImagePrior g = (GaussianImagePrior) new GaussianImagePrior().on(SMALL, 0.6);
        RealMatrix c = MatrixUtils.createRealMatrix(g.covariance());
        int n = SMALL.size();
        Random r = new Random(2);
        double[] x = new double[n];
        double[] m = g.mean();
        for (int p = 0; p < n; p++) {
            x[p] = m[p] + 0.01 * r.nextGaussian();
        }
        double[] d = new double[n];
        for (int p = 0; p < n; p++) {
            d[p] = x[p] - m[p];
        }
        var lu = new LUDecomposition(c);
        double[] cinvd = lu.getSolver().solve(MatrixUtils.createRealVector(d)).toArray();
        double q = 0;
        for (int p = 0; p < n; p++) {
            q += d[p] * cinvd[p];
        }
        double expected = -0.5 * q - 0.5 * Math.log(lu.getDeterminant()) - 0.5 * n * Math.log(2 * Math.PI);
        assertEquals(expected, g.logDensity(x), 1e-8 * Math.abs(expected));
        double sigma = 0.003;
        RealMatrix cs = c.add(MatrixUtils.createRealIdentityMatrix(n).scalarMultiply(sigma * sigma));
        double[] want = new LUDecomposition(cs).getSolver().solve(MatrixUtils.createRealVector(d)).mapMultiply(-1).toArray();
        double[] got = g.score(x, sigma);
        for (int p = 0; p < n; p++) {
            assertEquals(want[p], got[p], 1e-8 * Math.abs(want[p]) + 1e-10);
        }
    }

    @Test
    void positivePriorsRefuseNonPositiveImages() {
        double[] x = Blob.image(SMALL, 0.6, 40);
        x[5] = 0;
        assertEquals(Double.NEGATIVE_INFINITY, new TsvPrior().on(SMALL, 0.6).logDensity(x));
        assertEquals(Double.NEGATIVE_INFINITY, new MemPrior().on(SMALL, 0.6).logDensity(x));
        assertTrue(new MemPrior().on(SMALL, 0.6).positive() && !new GaussianImagePrior().positive());
    }

    @Test
    void bundleRegistersSevenGenerativePriors() throws Exception {
        BundleMetadata b = BundleMetadata.ofBuildOutput(Path.of("target", "classes"));
        // ai.djl.*: the score prior's network runs on the host's libtorch (imported, never embedded)
        b.assertImportsOnly("org.orrery.*", "org.apache.commons.rng.*", "org.apache.commons.math3.*", "ai.djl.*");
        assertTrue(b.header("Provide-Capability").contains("org.orrery.prior.GenerativePrior"));
        Map<String, String> ids = b.componentIds();
        for (var e : ids.entrySet()) {
            GenerativePrior p = (GenerativePrior) Class.forName(e.getKey()).getConstructor().newInstance();
            assertEquals(e.getValue(), p.id());
        }
        assertEquals(Set.of("gaussian", "tsv", "mem", "score_prior", "score_ring", "score_turbulent", "score_blobs"), Set.copyOf(ids.values()));
    }
}
