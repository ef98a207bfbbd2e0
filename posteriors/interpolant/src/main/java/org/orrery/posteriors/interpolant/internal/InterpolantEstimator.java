package org.orrery.posteriors.interpolant.internal;

import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.SimulationSet;
import org.orrery.plugin.OrreryPlugin;
import org.orrery.posterior.Posterior;
import org.orrery.posterior.PosteriorEstimator;
import org.orrery.posterior.TrainingListener;
import org.osgi.service.component.annotations.Component;

/**
 * The joint posterior of a latent field and θ given an observed field, p(δ_initial, θ | δ_obs), by a
 * stochastic interpolant from the observation (x₀) to (latent field, θ) (x₁) with a periodic U-Net
 * drift; see {@link Schedule}, {@link FieldDrift} and {@link DriftConfig} for the settings.
 */
@Component(service = PosteriorEstimator.class)
@OrreryPlugin(id = InterpolantEstimator.ID,
        name = "Stochastic interpolant",
        description = "Joint posterior of initial field and parameters given an observed field (stochastic interpolant, U-Net drift)")
public final class InterpolantEstimator extends DriftEstimator {

    public static final String ID = DriftConfig.INTERPOLANT;

    public InterpolantEstimator() {
        super(ID);
    }

    @Override
    public Posterior train(SimulationSet data, Map<String, Object> config, UniformRandomProvider rng, TrainingListener listener) {
        return FieldTrainer.train(data, DriftConfig.of(ID, config), rng, listener);
    }
}
