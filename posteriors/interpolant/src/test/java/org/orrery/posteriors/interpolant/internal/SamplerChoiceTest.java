package org.orrery.posteriors.interpolant.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.orrery.plugin.SettingValues;
import org.orrery.posterior.JointPosterior;
import org.orrery.simulators.cosmology.internal.LinearField;

/** The benches' sampling-time sampler choice: it reproduces the posterior's own sampler and refuses bad specs by name. */
class SamplerChoiceTest {

    @Test
    void theTrainedSettingsGiveThePosteriorsOwnDrawsAndOtherSettingsDiffer() {
        LinearField sim = new LinearField(SettingValues.resolve(LinearField.PLUGIN_ID, LinearField.declared(),
                Map.of("grid", 8, "dims", 2)));
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(3L);
        FieldBank bank = FieldBank.of(sim, 24, rng);
        JointPosterior q = (JointPosterior) new InterpolantEstimator().train(bank, Map.of("channels", "4,8", "max_epochs", 1,
                "batch_size", 8, "sampling_steps", 3), rng, null);
        double[] obs = bank.x(0);
        List<Map<String, double[]>> own = q.sampleJoint(obs, 3, RandomSource.XO_RO_SHI_RO_128_PP.create(9L));
        List<Map<String, double[]>> same = SamplerChoice.parse("sde").sampleJoint(q, obs, 3, 3, RandomSource.XO_RO_SHI_RO_128_PP.create(9L));
        List<Map<String, double[]>> wider = SamplerChoice.parse("sde:1.5").sampleJoint(q, obs, 3, 3,
                RandomSource.XO_RO_SHI_RO_128_PP.create(9L));
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(own.get(i).get("delta_initial"), same.get(i).get("delta_initial"));
            assertArrayEquals(own.get(i).get("theta"), same.get(i).get("theta"));
            assertFalse(java.util.Arrays.equals(own.get(i).get("delta_initial"), wider.get(i).get("delta_initial")),
                    "diffusion 1.5 must change the draws");
        }
    }

    @Test
    void specsParseAndBadOnesAreRefusedWithTheSpec() {
        assertEquals(new SamplerChoice(true, 0), SamplerChoice.parse("ode"));
        assertEquals(new SamplerChoice(false, 0.7), SamplerChoice.parse(" sde:0.7"));
        assertEquals("sde:1", SamplerChoice.parse("sde").toString());
        for (String bad : new String[] {"heun", "sde:x", "sde:-1"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> SamplerChoice.parse(bad));
            assertTrue(e.getMessage().contains(bad.substring(bad.indexOf(':') + 1)), e.getMessage());
        }
    }
}
