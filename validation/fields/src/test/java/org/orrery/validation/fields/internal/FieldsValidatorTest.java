package org.orrery.validation.fields.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.orrery.data.ArraySpec;
import org.orrery.data.SimulationSet;
import org.orrery.parameter.ParameterSpace;
import org.orrery.plugin.SettingValues;
import org.orrery.posterior.JointPosterior;
import org.orrery.simulator.Simulator;
import org.orrery.simulators.cosmology.internal.LinearField;
import org.orrery.simulators.cosmology.internal.WienerFilter;
import org.orrery.validation.Metric;
import org.orrery.validation.Series;
import org.orrery.validation.ValidationContext;
import org.orrery.validation.ValidationResult;

/**
 * The {@code fields} check on the linear Gaussian field problem (2-D 16², A = 1), whose exact posterior
 * draws are known: Wiener mean + (δ' − Wiener mean of δ''s own observation), δ' an independent
 * prior draw. Exact draws pass (coverage per shell, T(k) of the draws and of their forward models
 * against the observation within the stated tolerances); draws with 0.3× the spread fail on coverage,
 * and draws with 2× the spread fail too; so the check can fail both ways. A non-joint posterior and
 * a bank without the latent are refused in one line.
 */
class FieldsValidatorTest {

    static final int GRID = 16;

    final LinearField sim = new LinearField(SettingValues.resolve(LinearField.PLUGIN_ID, LinearField.declared(), Map.of("grid", GRID)));
    final WienerFilter wiener = sim.wiener();

    @Test
    void exactWienerDrawsPassAndMisScaledOnesFail() {
        SimulationSet bank = heldOut(6, 11L);
        var ctx = new ValidationContext(Optional.of(sim), List.of());
        var check = FieldsValidator.with(Map.of("members", 6, "draws", 32));
        ValidationResult exact = check.validate(posterior(1.0), bank, ctx, rng(5L));
        System.out.println(exact.summary());
        assertTrue(exact.passed(), exact.summary());
        assertTrue(exact.summary().contains("forward-modelled"), exact.summary());
        // the largest scales are measured almost noise-free: the posterior mean correlates with the truth
        assertTrue(series(exact, "r(k) of the posterior mean", "r(k) of delta_initial").y()[0] > 0.9, exact.summary());
        // forward-modelled draws correlate with the observation about as well as the truth does
        double[] rf = series(exact, "forward-modelled draws, r(k)", "r(k) with the observation").y();
        double[] rt = series(exact, "forward-modelled truth, r(k)", "r(k) with the observation").y();
        assertEquals(rt[0], rf[0], 0.1);
        assertTrue(exact.metrics().stream().map(Metric::name).anyMatch(n -> n.equals("forward_transfer_worst")));

        ValidationResult narrow = check.validate(posterior(0.3), bank, ctx, rng(5L));
        assertFalse(narrow.passed(), narrow.summary());
        assertTrue(narrow.summary().contains("coverage"), narrow.summary());
        ValidationResult wide = check.validate(posterior(2.0), bank, ctx, rng(5L));
        System.out.println(narrow.summary() + "\n" + wide.summary());
        assertFalse(wide.passed(), wide.summary());
        // over-dispersed draws carry too much power at the small, noise-dominated scales: T(k) fails too
        assertTrue(metric(wide, "transfer_worst") > 1, wide.summary());
        assertTrue(metric(exact, "transfer_worst") <= 1 && metric(exact, "coverage_worst") <= 1, exact.summary());
    }

    @Test
    void withoutASimulatorItSaysItDidNotForwardModel() {
        ValidationResult r = FieldsValidator.with(Map.of("members", 2, "draws", 8)).validate(posterior(1.0), heldOut(2, 3L),
                ValidationContext.none(), rng(1L));
        assertTrue(r.summary().contains("not forward-modelled: no simulator"), r.summary());
        assertTrue(r.series().stream().noneMatch(s -> s.yLabel().contains("observation")));
    }

    @Test
    void refusesANonJointPosteriorAndABankWithoutTheLatent() {
        SimulationSet bank = heldOut(2, 3L);
        var plain = new org.orrery.posterior.Posterior() {
            @Override
            public ParameterSpace parameters() {
                return sim.parameters();
            }

            @Override
            public ArraySpec observable() {
                return sim.observable();
            }

            @Override
            public double[][] sample(double[] x, int n, UniformRandomProvider rng) {
                return new double[n][1];
            }

            @Override
            public double logProb(double[] theta, double[] x) {
                return 0;
            }

            @Override
            public void write(java.io.OutputStream out) {
            }
        };
        var check = FieldsValidator.with(Map.of());
        var e = assertThrows(IllegalArgumentException.class, () -> check.validate(plain, bank, ValidationContext.none(), rng(1L)));
        assertTrue(e.getMessage().contains("joint posterior"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> FieldsValidator.with(Map.of("latent", "delta_final"))
                .validate(posterior(1.0), bank, ValidationContext.none(), rng(1L)));
        assertTrue(e2.getMessage().contains("delta_final"), e2.getMessage());
    }

    static double metric(ValidationResult r, String name) {
        return r.metrics().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow().value();
    }

    static Series series(ValidationResult r, String name, String yLabel) {
        return r.series().stream().filter(s -> s.name().equals(name) && s.yLabel().equals(yLabel)).findFirst().orElseThrow(
                () -> new AssertionError("no series " + name + " / " + yLabel));
    }

    static UniformRandomProvider rng(long seed) {
        return RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
    }

    /** Wiener mean + spread × (an independent exact posterior residual), θ = A = 1 (the truth). */
    JointPosterior posterior(double spread) {
        return joint((x, r) -> {
            Map<String, double[]> other = sim.simulateAll(new double[] {1.0}, r);
            double[] om = wiener.meanField(other.get("delta"), 1.0);
            double[] mean = wiener.meanField(x, 1.0);
            double[] d = new double[mean.length];
            for (int c = 0; c < d.length; c++) {
                d[c] = mean[c] + spread * (other.get("delta_initial")[c] - om[c]);
            }
            return d;
        });
    }

    interface Draw {
        double[] draw(double[] x, UniformRandomProvider rng);
    }

    JointPosterior joint(Draw draw) {
        ArraySpec latent = sim.latents().get(0);
        return new JointPosterior() {
            @Override
            public List<ArraySpec> latents() {
                return List.of(latent);
            }

            @Override
            public Map<String, double[]> sampleJoint(double[] x, UniformRandomProvider rng) {
                Map<String, double[]> m = new LinkedHashMap<>();
                m.put("theta", new double[] {1.0});
                m.put(latent.name(), draw.draw(x, rng));
                return m;
            }

            @Override
            public ParameterSpace parameters() {
                return sim.parameters();
            }

            @Override
            public ArraySpec observable() {
                return sim.observable();
            }

            @Override
            public double[][] sample(double[] x, int n, UniformRandomProvider rng) {
                double[][] t = new double[n][];
                for (int i = 0; i < n; i++) {
                    t[i] = new double[] {1.0};
                }
                return t;
            }

            @Override
            public double logProb(double[] theta, double[] x) {
                return 0;
            }

            @Override
            public void write(java.io.OutputStream out) {
            }
        };
    }

    /** n held-out simulations at A = 1 with their latent. */
    SimulationSet heldOut(int n, long seed) {
        return memory(sim, n, seed, s -> s.simulateAll(new double[] {1.0}, rng(seed)), new double[] {1.0});
    }

    static SimulationSet memory(Simulator sim, int n, long seed, Function<Simulator, Map<String, double[]>> unused, double[] theta) {
        UniformRandomProvider r = rng(seed);
        List<Map<String, double[]>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(sim.simulateAll(theta, r));
        }
        List<ArraySpec> outputs = new ArrayList<>();
        outputs.add(sim.observable());
        outputs.addAll(sim.latents());
        return new SimulationSet() {
            @Override
            public ParameterSpace parameters() {
                return sim.parameters();
            }

            @Override
            public ArraySpec observable() {
                return sim.observable();
            }

            @Override
            public int size() {
                return n;
            }

            @Override
            public double[] theta(int i) {
                return theta.clone();
            }

            @Override
            public double[] x(int i) {
                return rows.get(i).get(sim.observable().name()).clone();
            }

            @Override
            public List<ArraySpec> outputs() {
                return outputs;
            }

            @Override
            public double[] values(String name, int i) {
                double[] v = rows.get(i).get(name);
                if (v == null) {
                    throw new IllegalArgumentException("no output " + name);
                }
                return v.clone();
            }
        };
    }
}
