package org.orrery.posteriors.maf.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.orrery.nn.NamedArray;
import org.orrery.data.ArraySpec;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.posterior.Posterior;
import org.orrery.validation.ValidationResult;
import org.orrery.validation.calibration.internal.Sbc;
import org.orrery.validation.calibration.internal.Tarp;

/**
 * NPE with a CNN embedding trained jointly with the flow, on 2-D Gaussian random fields (32²):
 * θ = (log-amplitude a, spectral slope n), P(k) ∝ e^{2a}·k^{−n}. The posterior must pass SBC and TARP
 * on held-out simulations and be clearly narrower than the prior (so an embedding that learned
 * nothing fails).
 */
class EmbeddingNpeTest {

    static final int N = 32;

    /** A periodic Gaussian random field by filtering white noise in Fourier space (a direct separable DFT). */
    static double[] grf(double a, double slope, UniformRandomProvider rng, double[] cos, double[] sin) {
        var g = org.apache.commons.rng.sampling.distribution.ZigguratSampler.NormalizedGaussian.of(rng);
        double[] re = new double[N * N];
        double[] im = new double[N * N];
        for (int i = 0; i < re.length; i++) {
            re[i] = g.sample();
        }
        dft(re, im, cos, sin, -1);
        for (int i = 0; i < N; i++) {
            int ki = i <= N / 2 ? i : i - N;
            for (int j = 0; j < N; j++) {
                int kj = j <= N / 2 ? j : j - N;
                double k = Math.sqrt(ki * ki + kj * kj);
                double amp = k == 0 ? 0 : Math.exp(a) * Math.pow(k / 4.0, -slope / 2);
                re[i * N + j] *= amp;
                im[i * N + j] *= amp;
            }
        }
        dft(re, im, cos, sin, +1);
        double[] out = new double[N * N];
        for (int i = 0; i < out.length; i++) {
            out[i] = re[i] / N;
        }
        return out;
    }

    /** In-place 2-D DFT (rows then columns), exponent sign {@code s}. */
    static void dft(double[] re, double[] im, double[] cos, double[] sin, int s) {
        double[] tr = new double[N];
        double[] ti = new double[N];
        for (int pass = 0; pass < 2; pass++) {
            for (int line = 0; line < N; line++) {
                for (int k = 0; k < N; k++) {
                    double sr = 0;
                    double si = 0;
                    for (int x = 0; x < N; x++) {
                        int idx = pass == 0 ? line * N + x : x * N + line;
                        int t = (k * x) % N;
                        double c = cos[t];
                        double sn = s * sin[t];
                        sr += re[idx] * c - im[idx] * sn;
                        si += re[idx] * sn + im[idx] * c;
                    }
                    tr[k] = sr;
                    ti[k] = si;
                }
                for (int k = 0; k < N; k++) {
                    int idx = pass == 0 ? line * N + k : k * N + line;
                    re[idx] = tr[k];
                    im[idx] = ti[k];
                }
            }
        }
    }

    static Tasks.Bank fields(int n, UniformRandomProvider rng) {
        double[] cos = new double[N];
        double[] sin = new double[N];
        for (int t = 0; t < N; t++) {
            cos[t] = Math.cos(2 * Math.PI * t / N);
            sin[t] = Math.sin(2 * Math.PI * t / N);
        }
        var space = new ParameterSpace(List.of(new Parameter("log_amplitude", "", null, -1, 1),
                new Parameter("slope", "", null, 0.5, 3)));
        var obs = new ArraySpec("field", new int[] {N, N}, "", ArraySpec.Kind.IMAGE);
        List<double[]> th = new ArrayList<>();
        List<double[]> xs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double a = -1 + 2 * rng.nextDouble();
            double s = 0.5 + 2.5 * rng.nextDouble();
            th.add(new double[] {a, s});
            xs.add(grf(a, s, rng, cos, sin));
        }
        return new Tasks.Bank(space, obs, th.toArray(double[][]::new), xs.toArray(double[][]::new));
    }

    static Map<String, Object> options(String estimator) {
        Map<String, Object> o = new HashMap<>();
        o.put("embedding", "cnn");
        o.put("embedding_channels", "8,16");
        o.put("embedding_summaries", 4);
        o.put("embedding_hidden", 32);
        o.put("embedding_periodic", false); // periodic padding works (framework/nn OpsTest) but costs ~6× per step today
        o.put("transforms", 3);
        o.put("hidden", 32);
        o.put("batch_size", 100);
        o.put("learning_rate", 2e-3);
        o.put("patience", 10);
        o.put("max_epochs", 40);
        if (estimator.equals("nsf")) {
            o.put("bins", 8);
        }
        return o;
    }

    @Test
    void cnnEmbeddedNpeOnGaussianRandomFieldsIsCalibrated() throws IOException {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(11L);
        Tasks.Bank train = fields(2500, rng);
        Tasks.Bank heldOut = fields(100, RandomSource.XO_RO_SHI_RO_128_PP.create(12L));
        long t0 = System.nanoTime();
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long c0 = os.getProcessCpuTime();
        Posterior post = new MafEstimator().train(train, options("maf"), RandomSource.XO_RO_SHI_RO_128_PP.create(1L), null);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        double trainCpu = (os.getProcessCpuTime() - c0) / 1e9;
        MafPosterior mp = (MafPosterior) post;
        assertEquals("cnn", mp.embedding.spec.kind());

        ValidationResult sbc = new Sbc(100, 200).validate(post, heldOut, RandomSource.XO_RO_SHI_RO_128_PP.create(3L));
        ValidationResult tarp = new Tarp(100, 200).validate(post, heldOut, RandomSource.XO_RO_SHI_RO_128_PP.create(4L));
        System.out.println("cnn-embedded NPE on GRF 32²: trained in " + String.format("%.1f s (%.1f s CPU)", trainSeconds, trainCpu) + ", "
                + mp.history().epochs() + " epochs; SBC " + sbc.summary() + "; TARP " + tarp.summary());
        assertTrue(sbc.passed(), sbc.summary());
        assertTrue(tarp.passed(), tarp.summary());

        // informative: mean posterior sd well below the prior's (uniform: width/√12)
        double[] priorSd = {2 / Math.sqrt(12), 2.5 / Math.sqrt(12)};
        double[] meanSd = new double[2];
        for (int i = 0; i < 20; i++) {
            double[][] s = post.sample(heldOut.x(i), 300, RandomSource.XO_RO_SHI_RO_128_PP.create(100L + i));
            for (int j = 0; j < 2; j++) {
                double m = 0;
                double v = 0;
                for (double[] r : s) {
                    m += r[j] / s.length;
                }
                for (double[] r : s) {
                    v += (r[j] - m) * (r[j] - m) / (s.length - 1);
                }
                meanSd[j] += Math.sqrt(v) / 20;
            }
        }
        System.out.printf("mean posterior sd: log_amplitude %.3f (prior %.3f), slope %.3f (prior %.3f)%n",
                meanSd[0], priorSd[0], meanSd[1], priorSd[1]);
        assertTrue(meanSd[0] < 0.35 * priorSd[0], "log_amplitude barely constrained: sd " + meanSd[0]);
        assertTrue(meanSd[1] < 0.5 * priorSd[1], "slope barely constrained: sd " + meanSd[1]);

        // saved and read back through the versioned payload: the same draws for the same seed
        var bytes = new ByteArrayOutputStream();
        post.write(bytes);
        Posterior back = new MafEstimator().read(new ByteArrayInputStream(bytes.toByteArray()));
        double[][] a = post.sample(heldOut.x(0), 50, RandomSource.XO_RO_SHI_RO_128_PP.create(9L));
        double[][] b = back.sample(heldOut.x(0), 50, RandomSource.XO_RO_SHI_RO_128_PP.create(9L));
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], 0.0);
        }

        // an observation of the wrong shape: one line naming both shapes
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> post.sample(new double[30 * 30], 10, RandomSource.XO_RO_SHI_RO_128_PP.create(1L)));
        assertEquals("observation of 900 values does not match the cnn embedding's input shape [32, 32] (1024 values)",
                e.getMessage());
    }

    @Test
    void embeddingOptionsAreCheckedByName() {
        Tasks.Bank small = fields(20, RandomSource.XO_RO_SHI_RO_128_PP.create(1L));
        Map<String, Object> o = options("maf");
        o.put("embedding", "transformer");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MafEstimator().train(small, o, RandomSource.XO_RO_SHI_RO_128_PP.create(1L), null));
        assertTrue(e.getMessage().contains("transformer"), e.getMessage());
        Map<String, Object> o2 = new HashMap<>(Map.of("embedding_summaries", 3));
        e = assertThrows(IllegalArgumentException.class,
                () -> new MafEstimator().train(small, o2, RandomSource.XO_RO_SHI_RO_128_PP.create(1L), null));
        assertTrue(e.getMessage().contains("embedding_summaries"), e.getMessage());
    }

    /** deepsets summaries do not depend on the order of the set's points; mlp and deepsets round-trip through the payload. */
    @Test
    void deepsetsIsPermutationInvariantAndEmbeddingsRoundTrip() throws IOException {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(5L);
        // θ ∈ U(−1, 1)², x = 4 iid points N(θ, 0.1²) flattened (as slcp's 4 × 2-D)
        var space = new ParameterSpace(List.of(new Parameter("a", "", null, -1, 1), new Parameter("b", "", null, -1, 1)));
        var obs = new ArraySpec("x", new int[] {8}, "", ArraySpec.Kind.VECTOR);
        var g = org.apache.commons.rng.sampling.distribution.ZigguratSampler.NormalizedGaussian.of(rng);
        double[][] th = new double[600][];
        double[][] xs = new double[600][];
        for (int i = 0; i < th.length; i++) {
            th[i] = new double[] {2 * rng.nextDouble() - 1, 2 * rng.nextDouble() - 1};
            xs[i] = new double[8];
            for (int p = 0; p < 4; p++) {
                xs[i][2 * p] = th[i][0] + 0.1 * g.sample();
                xs[i][2 * p + 1] = th[i][1] + 0.1 * g.sample();
            }
        }
        var bank = new Tasks.Bank(space, obs, th, xs);
        for (String kind : new String[] {"deepsets", "mlp"}) {
            Map<String, Object> o = new HashMap<>(Map.of("embedding", kind, "embedding_set_size", 4, "embedding_summaries", 4,
                    "embedding_hidden", 16, "max_epochs", 3, "transforms", 2, "hidden", 16));
            if (kind.equals("mlp")) {
                o.remove("embedding_set_size");
            }
            MafPosterior post = (MafPosterior) new NsfEstimator().train(bank, o, RandomSource.XO_RO_SHI_RO_128_PP.create(2L), null);
            assertEquals(kind, post.embedding.spec.kind());
            double[] x = xs[0];
            double[] permuted = {x[6], x[7], x[0], x[1], x[4], x[5], x[2], x[3]};
            double[] s1 = post.embedding.summarise(x, 0, 1);
            double[] s2 = post.embedding.summarise(permuted, 0, 1);
            if (kind.equals("deepsets")) {
                assertArrayEquals(s1, s2, 1e-6);
            } else {
                assertTrue(Math.abs(s1[0] - s2[0]) + Math.abs(s1[1] - s2[1]) > 1e-6, "an mlp sees the order");
            }
            var bytes = new ByteArrayOutputStream();
            post.write(bytes);
            Posterior back = new NsfEstimator().read(new ByteArrayInputStream(bytes.toByteArray()));
            assertEquals(post.logProb(new double[] {0.1, 0.2}, x), back.logProb(new double[] {0.1, 0.2}, x), 0.0);
        }
    }

    /** embedding_augment: random flips/rotations of training fields, a cnn-only option that changes what training sees. */
    @Test
    void augmentationIsACnnOptionThatActs() {
        Tasks.Bank small = fields(60, RandomSource.XO_RO_SHI_RO_128_PP.create(2L));
        Map<String, Object> o = options("maf");
        o.put("max_epochs", 2);
        o.put("batch_size", 20);
        MafPosterior plain = (MafPosterior) new MafEstimator().train(small, new HashMap<>(o), RandomSource.XO_RO_SHI_RO_128_PP.create(3L), null);
        o.put("embedding_augment", true);
        MafPosterior aug = (MafPosterior) new MafEstimator().train(small, new HashMap<>(o), RandomSource.XO_RO_SHI_RO_128_PP.create(3L), null);
        MafPosterior again = (MafPosterior) new MafEstimator().train(small, new HashMap<>(o), RandomSource.XO_RO_SHI_RO_128_PP.create(3L), null);
        assertEquals(2, aug.history.epochs());
        assertTrue(plain.history.trainLoss()[1] != aug.history.trainLoss()[1], "augmented training saw other fields");
        assertArrayEquals(aug.history.trainLoss(), again.history.trainLoss(), 0.0, "the same seed augments the same way");
        Map<String, Object> sets = new HashMap<>(Map.of("embedding", "mlp", "embedding_augment", true, "max_epochs", 1));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new MafEstimator().train(small, sets, RandomSource.XO_RO_SHI_RO_128_PP.create(3L), null));
        assertTrue(e.getMessage().contains("embedding_augment needs embedding: cnn"), e.getMessage());
    }

    /**
     * The cnn's power shells are the input field's power spectrum: a single plane wave of |m| = 3 puts
     * all its power, 1/4 per Hermitian member, in shell 3 (b ≤ |m| < b+1) and none elsewhere; in a
     * trained hybrid (embedding_pool power, embedding_input global, embedding_power_bins) the appended
     * values are that spectrum of the z-scored field, standardised on the training fields, the input
     * z-scoring is one mean and std for all pixels, and the options survive the payload.
     */
    @Test
    void powerShellsAreThePowerSpectrumAndTheCnnOptionsRoundTrip() throws IOException {
        int g = 8;
        var spec3 = new EmbeddingSpec("cnn", new int[] {g, g, g}, 2, new int[] {4}, 8, false, 1, "power", "global", 5);
        Embedding e3 = new Embedding(spec3, 1L);
        double[] wave = new double[g * g * g];
        for (int i = 0; i < g; i++) {
            for (int j = 0; j < g; j++) {
                for (int k = 0; k < g; k++) {
                    wave[(i * g + j) * g + k] = Math.cos(2 * Math.PI * (1 * i + 2 * j + 2 * k) / g);
                }
            }
        }
        int modes = 0; // full-grid modes with 3 <= |m| < 4
        for (int i = -g / 2 + 1; i <= g / 2; i++) {
            for (int j = -g / 2 + 1; j <= g / 2; j++) {
                for (int k = -g / 2 + 1; k <= g / 2; k++) {
                    double m = Math.sqrt(i * i + j * j + k * k);
                    modes += m >= 3 && m < 4 ? 1 : 0;
                }
            }
        }
        double[] lp = new double[5];
        e3.logPower(wave, lp);
        assertEquals(Math.log(0.5 / modes), lp[2], 1e-9, "shell 3 holds the wave's power");
        for (int b : new int[] {0, 1, 3, 4}) {
            assertTrue(lp[b] < Math.log(1e-20), "shell " + (b + 1) + " is empty: " + lp[b]);
        }

        Tasks.Bank small = fields(80, RandomSource.XO_RO_SHI_RO_128_PP.create(6L));
        Map<String, Object> o = options("maf");
        o.put("max_epochs", 2);
        o.put("batch_size", 40);
        o.put("embedding_pool", "power");
        o.put("embedding_input", "global");
        o.put("embedding_power_bins", 6);
        MafPosterior post = (MafPosterior) new MafEstimator().train(small, new HashMap<>(o), RandomSource.XO_RO_SHI_RO_128_PP.create(3L), null);
        EmbeddingSpec spec = post.embedding.spec;
        assertEquals(List.of("power", "global", 6, 10), List.of(spec.pool(), spec.input(), spec.powerBins(), spec.outputs()));
        for (int j = 1; j < N * N; j++) {
            assertEquals(post.x.mean()[0], post.x.mean()[j], 0.0, "one mean for every pixel");
            assertEquals(post.x.std()[0], post.x.std()[j], 0.0, "one std for every pixel");
        }
        double[] sum = new double[6];
        double[] sq = new double[6];
        for (int r = 0; r < small.size(); r++) {
            double[] z = small.x(r).clone();
            post.x.applyInPlace(z, 1);
            double[] s = post.embedding.summarise(z, 0, 1);
            assertEquals(10, s.length);
            double[] raw = new double[6];
            post.embedding.logPower(z, raw);
            List<NamedArray> w = post.embedding.weights();
            float[] mean = w.get(w.size() - 2).data();
            float[] std = w.get(w.size() - 1).data();
            for (int b = 0; b < 6; b++) {
                assertEquals((raw[b] - mean[b]) / std[b], s[4 + b], 1e-4, "appended shell " + (b + 1));
                sum[b] += s[4 + b];
                sq[b] += s[4 + b] * s[4 + b];
            }
        }
        for (int b = 0; b < 6; b++) {
            double m = sum[b] / small.size();
            double sd = Math.sqrt(sq[b] / small.size() - m * m);
            assertTrue(Math.abs(m) < 0.3 && sd > 0.7 && sd < 1.3, "shell " + (b + 1) + " standardised on the training fields: mean " + m
                    + ", sd " + sd);
        }
        var bytes = new ByteArrayOutputStream();
        post.write(bytes);
        MafPosterior back = (MafPosterior) new MafEstimator().read(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(spec, back.embedding.spec);
        assertEquals(post.logProb(new double[] {0.1, 1.5}, small.x(0)), back.logProb(new double[] {0.1, 1.5}, small.x(0)), 0.0);
        var again = new ByteArrayOutputStream();
        back.write(again);
        assertArrayEquals(bytes.toByteArray(), again.toByteArray(), "re-written payload is byte-identical");

        // bad values are refused naming them
        for (Object[] bad : new Object[][] {{"embedding_pool", "max", "max"}, {"embedding_input", "log", "log"},
                {"embedding_power_bins", 23, "23"}}) {
            Map<String, Object> ob = options("maf");
            ob.put((String) bad[0], bad[1]);
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                    () -> new MafEstimator().train(small, ob, RandomSource.XO_RO_SHI_RO_128_PP.create(1L), null));
            assertTrue(ex.getMessage().contains((String) bad[2]) && ex.getMessage().contains((String) bad[0]), ex.getMessage());
        }
        var ds = assertThrows(IllegalArgumentException.class, () -> new EmbeddingSpec("deepsets", new int[] {8}, 2, new int[] {4}, 8,
                false, 4, "power", "voxel", 0));
        assertTrue(ds.getMessage().contains("cnn only"), ds.getMessage());
    }

    /** A version-3 payload (a cnn embedding written before the pool/input/power options) reads as mean pooling, per-voxel input, no shells. */
    @Test
    void versionThreeCnnPayloadsStillRead() throws IOException {
        Tasks.Bank small = fields(40, RandomSource.XO_RO_SHI_RO_128_PP.create(8L));
        Map<String, Object> o = options("maf");
        o.put("max_epochs", 1);
        o.put("batch_size", 20);
        MafPosterior post = (MafPosterior) new MafEstimator().train(small, o, RandomSource.XO_RO_SHI_RO_128_PP.create(3L), null);
        var buf = new ByteArrayOutputStream();
        post.write(buf);
        byte[] v4 = buf.toByteArray();
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(v4);
        assertEquals(4, in.getInt(4));
        int len = in.getInt(8);
        byte[] body = java.util.Arrays.copyOfRange(v4, 12, 12 + len);
        // the version-4 fields after the set size: UTF "mean", UTF "voxel", int 0
        byte[] added = {0, 4, 'm', 'e', 'a', 'n', 0, 5, 'v', 'o', 'x', 'e', 'l', 0, 0, 0, 0};
        int at = -1;
        for (int i = 0; i + added.length <= body.length && at < 0; i++) {
            if (java.util.Arrays.equals(body, i, i + added.length, added, 0, added.length)) {
                at = i;
            }
        }
        assertTrue(at > 0, "the version-4 embedding fields are in the body");
        byte[] old = new byte[body.length - added.length];
        System.arraycopy(body, 0, old, 0, at);
        System.arraycopy(body, at + added.length, old, at, body.length - at - added.length);
        var crc = new java.util.zip.CRC32();
        crc.update(old);
        java.nio.ByteBuffer v3 = java.nio.ByteBuffer.allocate(12 + old.length + 8);
        v3.putInt(MafCodec.MAGIC).putInt(3).putInt(old.length).put(old).putLong(crc.getValue());
        MafPosterior back = (MafPosterior) new MafEstimator().read(new ByteArrayInputStream(v3.array()));
        assertEquals(post.embedding.spec, back.embedding.spec);
        assertEquals(List.of("mean", "voxel", 0), List.of(back.embedding.spec.pool(), back.embedding.spec.input(),
                back.embedding.spec.powerBins()));
        assertEquals(post.logProb(new double[] {0.1, 1.5}, small.x(0)), back.logProb(new double[] {0.1, 1.5}, small.x(0)), 0.0);
        var again = new ByteArrayOutputStream();
        back.write(again);
        assertArrayEquals(v4, again.toByteArray(), "re-written as version 4");
    }
}
