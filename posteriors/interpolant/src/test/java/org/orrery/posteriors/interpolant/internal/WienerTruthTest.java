package org.orrery.posteriors.interpolant.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.orrery.mesh.Mesh;
import org.orrery.plugin.SettingValues;
import org.orrery.simulators.cosmology.internal.LinearField;
import org.orrery.simulators.cosmology.internal.WienerFilter;

/** Diagnostics run (not the CI test): prints per-bin statistics for tuning sizes. */
class WienerTruthTest {

    static int prop(String k, int d) {
        return Integer.getInteger(k, d);
    }

    @Test
    void diagnostics() {
        if (System.getProperty("wiener.diag") == null) {
            return;
        }
        int grid = prop("grid", 16);
        LinearField sim = new LinearField(SettingValues.resolve(LinearField.PLUGIN_ID, LinearField.declared(),
                Map.of("grid", grid, "noise", 2.0)));
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(11L);
        long t0 = System.nanoTime();
        FieldBank bank = FieldBank.of(sim, prop("n", 2000), rng);
        long t1 = System.nanoTime();
        FieldPosterior post = FieldTrainer.train(bank, DriftConfig.of("interpolant", Map.of(
                "channels", System.getProperty("channels", "16,32"), "max_epochs", prop("epochs", 10), "batch_size", prop("batch", 32),
                "sampling_steps", prop("steps", 50), "learning_rate", Double.parseDouble(System.getProperty("lr", "2e-3")), "sample_batch", prop("m", 128))), rng,
                r -> System.out.printf("epoch %d train %.4f val %.4f%n", r.epoch(), r.trainLoss(), r.validationLoss()));
        long t2 = System.nanoTime();
        System.out.printf("bank %.1f s, train %.1f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        Map<String, double[]> obs = sim.simulateAll(new double[] {1.0}, rng);
        int m = prop("m", 128);
        long t3 = System.nanoTime();
        double[][][] d = post.draw(obs.get("delta"), m, System.getProperty("ode") != null, prop("steps", 50), 1.0, rng);
        long t4 = System.nanoTime();
        System.out.printf("sampling %d draws %.1f s%n", m, (t4 - t3) / 1e9);
        WienerCheck.Result r = WienerCheck.compare(sim, obs.get("delta"), d[1], d[0], 8);
        System.out.println(r);
    }
}
