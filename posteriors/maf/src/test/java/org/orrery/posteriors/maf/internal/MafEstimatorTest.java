package org.orrery.posteriors.maf.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.posterior.EpochReport;
import org.orrery.posterior.Posterior;
import org.orrery.posterior.TrainingListener;

/** End-to-end behaviour of the estimator against analytic posteriors and its failure modes. */
class MafEstimatorTest {

    private static final MafEstimator MAF = new MafEstimator();
    /** Cached trained gaussian_linear posteriors (by dimension), so several tests share one training. */
    private static final Map<Integer, Posterior> TRAINED = new HashMap<>();

    private static UniformRandomProvider rng(long seed) {
        return RandomSource.SPLIT_MIX_64.create(seed);
    }

    private static synchronized Posterior gaussianLinear(int d) {
        return TRAINED.computeIfAbsent(d, dim -> MAF.train(Tasks.gaussianLinear(dim, dim <= 2 ? 4000 : 5000, Double.POSITIVE_INFINITY, rng(dim)),
                Map.of("max_epochs", 200), rng(100 + dim), TrainingListener.SILENT));
    }

    /**
     * Posterior N(x/2, 0.05·I) at three observations in the bulk of the simulations (|x_i| ≤ 0.6,
     * 1.3σ of x's marginal; the tails are learnt from few simulations at this budget): mean within
     * 0.05 (0.22 posterior σ), standard deviations within 15 %, correlations below 0.15.
     */
    @ParameterizedTest(name = "d={0}")
    @ValueSource(ints = {2, 5})
    void gaussianLinearMatchesAnalyticPosterior(int d) {
        Posterior post = gaussianLinear(d);
        UniformRandomProvider r = rng(7);
        double[][] observations = new double[3][d];
        for (int i = 0; i < d; i++) {
            observations[1][i] = i % 2 == 0 ? 0.4 : -0.3;
            observations[2][i] = -0.6 + 1.2 * i / (d - 1);
        }
        for (double[] x : observations) {
            double[][] s = post.sample(x, 4000, r);
            double[] mean = new double[d];
            for (double[] t : s) {
                for (int i = 0; i < d; i++) {
                    mean[i] += t[i] / s.length;
                }
            }
            double[][] cov = new double[d][d];
            for (double[] t : s) {
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        cov[i][j] += (t[i] - mean[i]) * (t[j] - mean[j]) / (s.length - 1);
                    }
                }
            }
            for (int i = 0; i < d; i++) {
                assertEquals(x[i] / 2, mean[i], 0.05, "posterior mean of θ" + i + " at x=" + Arrays.toString(x));
                double sd = Math.sqrt(cov[i][i]);
                assertEquals(Math.sqrt(0.05), sd, 0.15 * Math.sqrt(0.05), "posterior std of θ" + i);
                for (int j = 0; j < i; j++) {
                    double corr = cov[i][j] / Math.sqrt(cov[i][i] * cov[j][j]);
                    assertTrue(Math.abs(corr) < 0.15, "correlation θ" + i + ",θ" + j + " = " + corr);
                }
            }
        }
    }

    /** exp(log q) integrates to one on a 2-D grid and is close to the analytic density (KL < 0.05). */
    @Test
    void logProbIsANormalisedDensityCloseToTheTruth() {
        Posterior post = gaussianLinear(2);
        double[] x = {0.3, -0.4};
        int m = 241;
        double lo = -1.6;
        double step = 3.2 / (m - 1);
        double[][] grid = new double[m * m][];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                grid[i * m + j] = new double[] {x[0] / 2 + lo + i * step, x[1] / 2 + lo + j * step};
            }
        }
        double[] lp = post.logProb(grid, x);
        double mass = 0;
        for (double v : lp) {
            mass += Math.exp(v) * step * step;
        }
        assertEquals(1.0, mass, 0.01, "∫ q(θ|x) dθ over ±7σ");
        assertEquals(lp[m * (m / 2) + m / 2], post.logProb(grid[m * (m / 2) + m / 2], x), 1e-12, "single = batched");
        // KL(q‖p) by Monte Carlo on q's own samples, against the analytic N(x/2, 0.05 I)
        double[][] s = post.sample(x, 4000, rng(3));
        double[] lq = post.logProb(s, x);
        double kl = 0;
        for (int n = 0; n < s.length; n++) {
            double q = 0;
            for (int i = 0; i < 2; i++) {
                double e = s[n][i] - x[i] / 2;
                q += -0.5 * e * e / 0.05 - 0.5 * Math.log(2 * Math.PI * 0.05);
            }
            kl += (lq[n] - q) / s.length;
        }
        assertTrue(kl < 0.05 && kl > -0.02, "KL(q‖p) ≈ " + kl);
    }

    @Test
    void sameSeedGivesIdenticalWeightsAndSamples() throws IOException {
        var bank = Tasks.twoMoons(600, rng(1));
        Map<String, Object> cfg = Map.of("max_epochs", 4, "hidden", 16, "transforms", 3);
        Posterior a = MAF.train(bank, cfg, rng(9), TrainingListener.SILENT);
        Posterior b = MAF.train(bank, cfg, rng(9), TrainingListener.SILENT);
        Posterior c = MAF.train(bank, cfg, rng(10), TrainingListener.SILENT);
        assertArrayEquals(payload(a), payload(b), "same seed → byte-identical payload");
        assertFalse(Arrays.equals(((MafPosterior) a).params, ((MafPosterior) c).params), "another seed → other weights");
        double[] x = {0.1, -0.2};
        assertTrue(Arrays.deepEquals(a.sample(x, 300, rng(4)), b.sample(x, 300, rng(4))));
        assertFalse(Arrays.deepEquals(a.sample(x, 300, rng(4)), a.sample(x, 300, rng(5))));
    }

    /**
     * Sampling and log-prob split rows over threads (whole tiles, the first in the caller): the
     * samples and densities must be bit-identical for 1, 2 and 3 threads, with batches of several
     * tiles per chunk and a partial last tile (more threads than cores included).
     */
    @Test
    void threadCountNeverChangesSamplesOrDensities() {
        MafPosterior one = ((MafPosterior) gaussianLinear(2)).withThreads(1);
        double[] x = {0.3, -0.2};
        int n = 3 * MafPosterior.CHUNK / 2 + 77;
        double[][] ref = one.sample(x, n, rng(21));
        double[] lpRef = one.logProb(ref, x);
        assertEquals(1, one.threads());
        for (int t : new int[] {2, 3}) {
            MafPosterior many = one.withThreads(t);
            assertEquals(t, many.threads());
            assertTrue(Arrays.deepEquals(ref, many.sample(x, n, rng(21))), t + " threads: same samples bit for bit");
            assertArrayEquals(lpRef, many.logProb(ref, x), 0.0, t + " threads: same log-probs bit for bit");
        }
        assertThrows(IllegalArgumentException.class, () -> one.withThreads(0));
    }

    @Test
    void writeReadRoundTripKeepsEverything() throws IOException {
        Posterior post = gaussianLinear(2);
        Posterior back = MAF.read(new ByteArrayInputStream(payload(post)));
        assertEquals(post.parameters(), back.parameters());
        assertEquals(post.observable(), back.observable());
        assertEquals(((MafPosterior) post).history(), ((MafPosterior) back).history());
        double[] x = {0.5, 0.1};
        double[][] s = post.sample(x, 500, rng(8));
        assertTrue(Arrays.deepEquals(s, back.sample(x, 500, rng(8))), "same seed → identical samples after reload");
        assertArrayEquals(post.logProb(s, x), back.logProb(s, x), 0.0);
        assertArrayEquals(payload(post), payload(back), "re-written payload is byte-identical");
    }

    @Test
    void damagedPayloadsGetClearErrors() throws IOException {
        byte[] good = payload(MAF.train(Tasks.twoMoons(200, rng(2)), Map.of("max_epochs", 1, "hidden", 8, "transforms", 2),
                rng(3), TrainingListener.SILENT));
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        assertMessage(flipped, "checksum");
        assertMessage(Arrays.copyOf(good, good.length - 9), "truncated");
        assertMessage(Arrays.copyOf(good, 6), "truncated");
        byte[] version = good.clone();
        ByteBuffer.wrap(version).putInt(4, MafCodec.VERSION + 1);
        assertMessage(version, "version " + (MafCodec.VERSION + 1) + " is not supported");
        ByteBuffer.wrap(version).putInt(4, 0);
        assertMessage(version, "version 0 is not supported");
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertMessage(magic, "not a MAF posterior");
        assertMessage(new byte[0], "truncated");
    }

    private static void assertMessage(byte[] bytes, String expected) {
        IOException e = assertThrows(IOException.class, () -> MAF.read(new ByteArrayInputStream(bytes)));
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' should mention '" + expected + "'");
    }

    @Test
    void samplesStayInsideTheBoxAndImpossibleSupportFailsFastWithTheRate() {
        // prior N(0, 0.1) truncated to [−0.5, 0.5]²: at x near the corner much posterior mass lies outside
        var bank = Tasks.gaussianLinear(2, 2000, 0.5, rng(21));
        Posterior post = MAF.train(bank, Map.of("max_epochs", 40), rng(22), TrainingListener.SILENT);
        double[][] s = post.sample(new double[] {0.9, 0.9}, 2000, rng(23));
        assertEquals(2000, s.length);
        for (double[] t : s) {
            assertTrue(post.parameters().contains(t), "sample " + Arrays.toString(t) + " outside the prior box");
        }
        assertEquals(Double.NEGATIVE_INFINITY, post.logProb(new double[] {0.6, 0.0}, new double[] {0.9, 0.9}));
        // the same flow without the box: a good part of its mass lies outside, so rejection was exercised
        MafPosterior flow = (MafPosterior) post;
        var unbounded = withSpace(flow, ParameterSpace.of(Parameter.unbounded("a"), Parameter.unbounded("b")));
        long outside = Arrays.stream(unbounded.sample(new double[] {0.9, 0.9}, 2000, rng(23)))
                .filter(t -> !post.parameters().contains(t)).count();
        assertTrue(outside > 100, "only " + outside + " of 2000 unconstrained draws left the box");
        // a support the flow never reaches: a bounded wait, then an error that states the rate
        var impossible = withSpace(flow, ParameterSpace.of(Parameter.bounded("a", 5, 6), Parameter.bounded("b", 5, 6)));
        IllegalStateException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(IllegalStateException.class, () -> impossible.sample(new double[] {0.9, 0.9}, 1000, rng(24))));
        assertTrue(e.getMessage().matches("(?s)only [0-9.e-]+% of posterior draws fell inside the prior support.*"), e.getMessage());
    }

    private static MafPosterior withSpace(MafPosterior p, ParameterSpace space) {
        return new MafPosterior(space, p.observable, p.config, p.net, p.params, p.theta, p.x, p.history);
    }

    @Test
    void listenerSeesEveryEpochAndEarlyStoppingKeepsTheBestWeights() {
        List<EpochReport> reports = new ArrayList<>();
        var bank = Tasks.gaussianLinear(1, 600, Double.POSITIVE_INFINITY, rng(31));
        MafPosterior post = (MafPosterior) MAF.train(bank, Map.of("patience", 3, "max_epochs", 400, "learning_rate", 0.01),
                rng(32), reports::add);
        TrainingHistory h = post.history();
        assertEquals(h.epochs(), reports.size());
        assertTrue(h.epochs() < 400, "early stopping should end training before max_epochs, ran " + h.epochs());
        assertEquals(h.epochs() - 3, h.bestEpoch(), "stops `patience` epochs after the best");
        double[] val = h.validationLoss();
        for (int i = 0; i < val.length; i++) {
            assertEquals(i + 1, reports.get(i).epoch());
            assertEquals(val[i], reports.get(i).validationLoss());
            assertTrue(val[i] >= val[h.bestEpoch() - 1]);
        }
        assertTrue(reports.get(h.bestEpoch() - 1).improved());
    }

    @Test
    void stopRequestThrowsAndReturnsNothing() {
        var bank = Tasks.twoMoons(400, rng(41));
        int[] epochs = {0};
        TrainingListener listener = new TrainingListener() {
            @Override
            public void epoch(EpochReport report) {
                epochs[0] = report.epoch();
            }

            @Override
            public boolean stopRequested() {
                return epochs[0] >= 2;
            }
        };
        var e = assertThrows(CancellationException.class, () -> MAF.train(bank, Map.of("max_epochs", 50), rng(42), listener));
        assertTrue(e.getMessage().contains("stopped on request"), e.getMessage());
        assertEquals(2, epochs[0]);
    }

    @Test
    void badOptionsAndInputsAreRejectedByName() {
        var bank = Tasks.twoMoons(100, rng(51));
        var e = assertThrows(IllegalArgumentException.class,
                () -> MAF.train(bank, Map.of("hiden", 10, "lr", 1), rng(1), TrainingListener.SILENT));
        assertTrue(e.getMessage().contains("[hiden, lr]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MAF.train(bank, Map.of("batch_size", 0), rng(1), TrainingListener.SILENT));
        assertTrue(e.getMessage().contains("batch_size"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MAF.train(bank, Map.of("learning_rate", "fast"), rng(1), TrainingListener.SILENT));
        assertTrue(e.getMessage().contains("learning_rate"), e.getMessage());
        assertEquals(64, MafConfig.from(Map.of("hidden", "64", "transforms", 3L)).hidden());
        Posterior post = MAF.train(bank, Map.of("max_epochs", 1, "hidden", 4, "transforms", 1), rng(1), TrainingListener.SILENT);
        e = assertThrows(IllegalArgumentException.class, () -> post.sample(new double[3], 10, rng(1)));
        assertTrue(e.getMessage().contains("expected 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> post.logProb(new double[] {0, 0}, new double[] {Double.NaN, 0}));
        assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
    }

    private static byte[] payload(Posterior p) throws IOException {
        var out = new ByteArrayOutputStream();
        p.write(out);
        return out.toByteArray();
    }
}
