package org.orrery.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.orrery.data.SimulationSet;
import org.orrery.posterior.Posterior;
import org.orrery.posterior.PosteriorEstimator;
import org.orrery.posterior.TrainingListener;

/**
 * The contract every {@link PosteriorEstimator} plugin must meet, as JUnit 5 tests. Extend it and
 * implement {@link #estimator()}; give a small {@link #config()} (a few epochs) so it stays fast.
 *
 * <p>Checks, on a 2-parameter conjugate Gaussian task ({@link ConjugateGaussian}) of
 * {@link #trainingSize()} simulations: the trained posterior covers the training set's parameter
 * space and observable; samples have shape n × d and are finite with finite log-probability; training
 * and sampling are reproducible for a seed; {@code write} then {@code read} gives a posterior with
 * bit-identical log-probabilities and samples; {@code read} of corrupt bytes throws IOException
 * rather than anything else; and the posterior mean is near the exact one within
 * {@link #meanTolerance()} posterior standard deviations (loose: a few epochs of training).
 */
public abstract class EstimatorContract {

    /** The estimator under test. */
    protected abstract PosteriorEstimator estimator();

    /** Training configuration: keep it tiny (e.g. {@code Map.of("max_epochs", 5)}). */
    protected Map<String, Object> config() {
        return Map.of();
    }

    protected int trainingSize() {
        return 500;
    }

    /** How far (in exact posterior standard deviations) the sample mean may be from the exact posterior mean. */
    protected double meanTolerance() {
        return 1.5;
    }

    private final ConjugateGaussian task = new ConjugateGaussian(2, 0.5);

    private Posterior train(long seed) {
        SimulationSet data = task.simulations(trainingSize(), 11);
        return estimator().train(data, config(), Streams.seeded(seed), TrainingListener.SILENT);
    }

    @Test
    void idIsANonEmptyIdentifier() {
        String id = estimator().id();
        assertNotNull(id);
        assertTrue(id.matches("[A-Za-z_][A-Za-z0-9_]*"), "id must be an identifier, got: " + id);
    }

    @Test
    void trainedPosteriorSamplesAndScoresOverTheTrainingSpace() {
        Posterior p = train(1);
        assertEquals(task.simulations(1, 1).parameters(), p.parameters(), "the posterior must keep the parameter space");
        assertEquals(task.simulations(1, 1).observable(), p.observable(), "the posterior must keep the observable");
        double[] x = {0.3, -0.7};
        double[][] s = p.sample(x, 200, Streams.seeded(2));
        assertEquals(200, s.length, "sample(x, n) must return n draws");
        double[] mean = new double[2];
        for (double[] t : s) {
            assertEquals(2, t.length, "each draw must have the parameter dimension");
            Checks.assertAllFinite("draw", t);
            assertTrue(Double.isFinite(p.logProb(t, x)), "logProb of a draw must be finite");
            mean[0] += t[0] / s.length;
            mean[1] += t[1] / s.length;
        }
        double var = task.sigma() * task.sigma() / (1 + task.sigma() * task.sigma());
        for (int k = 0; k < 2; k++) {
            double exact = x[k] / (1 + task.sigma() * task.sigma());
            assertTrue(Math.abs(mean[k] - exact) < meanTolerance() * Math.sqrt(var),
                    "posterior mean of theta_" + (k + 1) + " is " + mean[k] + ", exact " + exact);
        }
    }

    @Test
    void trainingAndSamplingAreReproducibleForASeed() {
        double[] x = {0.1, 0.2};
        double[][] a = train(5).sample(x, 20, Streams.seeded(6));
        double[][] b = train(5).sample(x, 20, Streams.seeded(6));
        for (int i = 0; i < a.length; i++) {
            assertTrue(Checks.bitIdentical(a[i], b[i]), "same seeds gave a different draw " + i);
        }
    }

    @Test
    void writeThenReadGivesTheSamePosterior() throws IOException {
        Posterior p = train(3);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        p.write(bytes);
        assertTrue(bytes.size() > 0, "write must write something");
        Posterior q = estimator().read(new ByteArrayInputStream(bytes.toByteArray()));
        double[] x = {-0.4, 0.9};
        double[][] a = p.sample(x, 10, Streams.seeded(4));
        double[][] b = q.sample(x, 10, Streams.seeded(4));
        for (int i = 0; i < a.length; i++) {
            assertTrue(Checks.bitIdentical(a[i], b[i]), "read-back posterior drew differently at " + i);
            assertEquals(p.logProb(a[i], x), q.logProb(a[i], x), 0.0, "read-back logProb differs at " + i);
        }
    }

    @Test
    void readOfCorruptBytesThrowsIOException() throws IOException {
        Posterior p = train(3);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        p.write(bytes);
        byte[] truncated = java.util.Arrays.copyOf(bytes.toByteArray(), bytes.size() / 2);
        assertThrows(IOException.class, () -> estimator().read(new ByteArrayInputStream(truncated)),
                "a truncated file must be an IOException, not a crash or a silently wrong posterior");
        byte[] junk = "not a posterior at all".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThrows(IOException.class, () -> estimator().read(new ByteArrayInputStream(junk)));
    }
}
