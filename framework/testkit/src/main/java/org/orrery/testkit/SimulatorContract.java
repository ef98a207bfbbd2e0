package org.orrery.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.orrery.data.ArraySpec;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.prior.Prior;
import org.orrery.simulator.ReferencePosterior;
import org.orrery.simulator.Simulator;

/**
 * The contract every {@link Simulator} plugin must meet, as JUnit 5 tests.
 *
 * <p>How to use: extend this class in your plugin's test sources and implement
 * {@link #simulator()}. All tests below are inherited and run against your simulator:
 *
 * <pre>{@code
 * class TwoMoonsTest extends SimulatorContract {
 *     @Override
 *     protected Simulator simulator() {
 *         return new TwoMoons();
 *     }
 *
 *     @Override
 *     protected int draws() {
 *         return 5; // each simulation takes seconds
 *     }
 * }
 * }</pre>
 *
 * <p>What is checked: the id is an identifier; the parameter space is the prior's; prior draws lie
 * in the support with finite log-density and the density vanishes past finite bounds;
 * {@code simulate} returns {@code observable().size()} finite values; the same seed gives
 * bit-identical output and different seeds different output; {@code simulateAll} holds the
 * observable (identical to {@code simulate} for the same seed) and every latent with its size; a
 * {@link ReferencePosterior}'s draws have the right shape, lie in the prior support and are
 * reproducible.
 *
 * <p>Hooks to override: {@link #draws()} (how many θ to try), {@link #seed()},
 * {@link #stochastic()} (false for a deterministic simulator), {@link #finiteOutputs()} (false
 * if NaN/∞ are legitimate outputs), {@link #referencePosteriorDraws()}, {@link #rng(long)}.
 */
public abstract class SimulatorContract {

    /** The simulator under test; called once per test, so a fresh instance each time is fine. */
    protected abstract Simulator simulator();

    /** How many prior draws θ each test simulates at. Lower it for expensive simulators. */
    protected int draws() {
        return 20;
    }

    /** Base seed of every stream used by the contract. */
    protected long seed() {
        return 20_240_611L;
    }

    /** A reproducible stream; override to test with the generator your campaign uses. */
    protected UniformRandomProvider rng(long seed) {
        return Streams.seeded(seed);
    }

    /** False for a simulator without noise: then different seeds may give equal outputs. */
    protected boolean stochastic() {
        return true;
    }

    /** False when NaN or infinite outputs are part of the simulator's normal range. */
    protected boolean finiteOutputs() {
        return true;
    }

    /** How many reference-posterior draws to request (if the simulator offers them). */
    protected int referencePosteriorDraws() {
        return 200;
    }

    private String who(Simulator s) {
        return "simulator " + s.id();
    }

    private double[][] priorDraws(Simulator s, long seed) {
        return s.prior().sample(rng(seed), draws());
    }

    @Test
    void idIsANonEmptyIdentifier() {
        Simulator s = simulator();
        assertNotNull(s, "simulator() returned null");
        String id = s.id();
        assertNotNull(id, "id() must not be null");
        assertTrue(id.matches("[A-Za-z][A-Za-z0-9_.-]*"),
                "id must start with a letter and hold only letters, digits, '_', '.', '-', got: '" + id + "'");
        String name = s.displayName();
        assertTrue(name != null && !name.isBlank(), who(s) + ": displayName must not be blank, got: " + name);
    }

    @Test
    void parameterSpaceIsThePriors() {
        Simulator s = simulator();
        Prior prior = s.prior();
        assertNotNull(prior, who(s) + ": prior() must not be null");
        ParameterSpace space = s.parameters();
        assertNotNull(space, who(s) + ": parameters() must not be null");
        assertEquals(prior.space(), space, who(s) + ": parameters() must equal prior().space()");
        Set<String> latex = new HashSet<>();
        for (Parameter p : space.parameters()) {
            assertTrue(latex.add(p.latex()), who(s) + ": two parameters share the LaTeX label " + p.latex());
        }
        String description = prior.describe();
        assertTrue(description != null && !description.isBlank(), who(s) + ": prior.describe() must not be blank");
    }

    @Test
    void priorDrawsLieInTheSupportWithFiniteLogDensity() {
        Simulator s = simulator();
        double[][] thetas = priorDraws(s, seed());
        assertEquals(draws(), thetas.length, who(s) + ": prior.sample(rng, n) must return n draws");
        Checks.priorDrawsInSupport(who(s), s.prior(), thetas);
        Checks.priorVanishesOutsideBounds(who(s), s.prior(), thetas[0]);
    }

    @Test
    void observableAndLatentsAreWellFormed() {
        Simulator s = simulator();
        ArraySpec obs = s.observable();
        assertNotNull(obs, who(s) + ": observable() must not be null");
        List<ArraySpec> latents = s.latents();
        assertNotNull(latents, who(s) + ": latents() must not be null (use List.of())");
        Set<String> names = new HashSet<>(Set.of(obs.name()));
        for (ArraySpec latent : latents) {
            assertTrue(names.add(latent.name()), who(s) + ": output name used twice: " + latent.name());
        }
    }

    @Test
    void simulateReturnsTheObservableSize() {
        Simulator s = simulator();
        ArraySpec obs = s.observable();
        UniformRandomProvider rng = rng(seed() + 1);
        for (double[] theta : priorDraws(s, seed())) {
            double[] x = s.simulate(theta, rng);
            assertNotNull(x, who(s) + ": simulate returned null at θ = " + Arrays.toString(theta));
            assertSize(s, obs, x, theta);
            if (finiteOutputs()) {
                Checks.assertAllFinite(who(s) + ": x at θ = " + Arrays.toString(theta), x);
            }
        }
    }

    @Test
    void sameSeedGivesBitIdenticalOutput() {
        Simulator s = simulator();
        for (double[] theta : priorDraws(s, seed())) {
            double[] a = s.simulate(theta.clone(), rng(seed() + 7));
            double[] b = s.simulate(theta.clone(), rng(seed() + 7));
            assertTrue(Checks.bitIdentical(a, b), who(s) + ": same seed gave different outputs at θ = "
                    + Arrays.toString(theta) + ": " + Arrays.toString(a) + " vs " + Arrays.toString(b));
        }
        // A second instance must not carry hidden state from the first.
        double[] theta = priorDraws(s, seed())[0];
        double[] a = s.simulate(theta, rng(seed() + 9));
        double[] b = simulator().simulate(theta, rng(seed() + 9));
        assertTrue(Checks.bitIdentical(a, b), who(s) + ": two instances gave different outputs for the same seed");
    }

    @Test
    void simulateDoesNotModifyTheta() {
        Simulator s = simulator();
        for (double[] theta : priorDraws(s, seed())) {
            double[] copy = theta.clone();
            s.simulate(theta, rng(seed() + 3));
            assertTrue(Checks.bitIdentical(copy, theta), who(s) + ": simulate modified its θ argument: "
                    + Arrays.toString(copy) + " became " + Arrays.toString(theta));
        }
    }

    @Test
    void differentSeedsGiveDifferentOutputs() {
        assumeTrue(stochastic(), "declared deterministic");
        Simulator s = simulator();
        int equal = 0;
        double[][] thetas = priorDraws(s, seed());
        for (int i = 0; i < thetas.length; i++) {
            double[] a = s.simulate(thetas[i], rng(seed() + 100 + 2L * i));
            double[] b = s.simulate(thetas[i], rng(seed() + 101 + 2L * i));
            if (Checks.bitIdentical(a, b)) {
                equal++;
            }
        }
        assertEquals(0, equal, who(s) + ": different seeds gave identical outputs at " + equal + " of "
                + thetas.length + " θ (override stochastic() if the simulator has no noise)");
    }

    @Test
    void simulateAllHoldsTheObservableAndEveryLatent() {
        Simulator s = simulator();
        for (double[] theta : priorDraws(s, seed())) {
            Map<String, double[]> all = s.simulateAll(theta, rng(seed() + 11));
            assertNotNull(all, who(s) + ": simulateAll returned null");
            double[] x = all.get(s.observable().name());
            assertNotNull(x, who(s) + ": simulateAll lacks the observable '" + s.observable().name()
                    + "', has " + all.keySet());
            assertSize(s, s.observable(), x, theta);
            // The bank's x must not depend on whether latents are kept.
            double[] alone = s.simulate(theta, rng(seed() + 11));
            assertTrue(Checks.bitIdentical(alone, x), who(s)
                    + ": simulateAll's observable differs from simulate's for the same seed at θ = " + Arrays.toString(theta));
            for (ArraySpec latent : s.latents()) {
                double[] v = all.get(latent.name());
                assertNotNull(v, who(s) + ": simulateAll lacks the latent '" + latent.name() + "', has " + all.keySet());
                assertSize(s, latent, v, theta);
            }
        }
    }

    @Test
    void referencePosteriorDrawsHaveTheRightShapeAndSupport() {
        Simulator s = simulator();
        assumeTrue(s instanceof ReferencePosterior, "no reference posterior");
        ReferencePosterior ref = (ReferencePosterior) s;
        double[] theta = priorDraws(s, seed())[0];
        double[] x = s.simulate(theta, rng(seed() + 13));
        int n = referencePosteriorDraws();
        double[][] draws = ref.sampleReferencePosterior(x, n, rng(seed() + 17));
        assertNotNull(draws, who(s) + ": reference posterior returned null");
        assertEquals(n, draws.length, who(s) + ": reference posterior must return n draws");
        int dim = s.parameters().dimension();
        for (double[] d : draws) {
            assertEquals(dim, d.length, who(s) + ": reference draw of wrong length: " + Arrays.toString(d));
            Checks.assertAllFinite(who(s) + ": reference draw", d);
            assertTrue(s.prior().inSupport(d), who(s) + ": reference draw outside the prior support: " + Arrays.toString(d));
        }
        double[][] again = ref.sampleReferencePosterior(x, n, rng(seed() + 17));
        for (int i = 0; i < n; i++) {
            assertTrue(Checks.bitIdentical(draws[i], again[i]), who(s) + ": reference posterior not reproducible at draw " + i);
        }
        assertFalse(Checks.bitIdentical(draws[0], draws[n - 1]) && n > 1,
                who(s) + ": reference posterior returned identical first and last draws");
    }

    private void assertSize(Simulator s, ArraySpec spec, double[] values, double[] theta) {
        int size = spec.size();
        if (size >= 0) {
            assertEquals(size, values.length, who(s) + ": output '" + spec.name() + "' has " + values.length
                    + " values, its spec " + spec + " says " + size + " (θ = " + Arrays.toString(theta) + ")");
        } else {
            int[] shape = spec.shape();
            int row = 1;
            for (int i = 1; i < shape.length; i++) {
                row *= shape[i];
            }
            assertEquals(0, values.length % row, who(s) + ": point set '" + spec.name() + "' has " + values.length
                    + " values, not a multiple of " + row);
        }
    }
}
