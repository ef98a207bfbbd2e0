package org.orrery.posteriors.maf.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.SimulationSet;
import org.orrery.plugin.Configurable;
import org.orrery.plugin.OrreryPlugin;
import org.orrery.plugin.Setting;
import org.orrery.posterior.Posterior;
import org.orrery.posterior.PosteriorEstimator;
import org.orrery.posterior.TrainingListener;
import org.osgi.service.component.annotations.Component;

/**
 * Neural posterior estimation with a conditional masked autoregressive flow (sbi's default NPE).
 * Options: {@code transforms, hidden, batch_size, learning_rate, validation_fraction, patience,
 * max_epochs, clip_norm}; see {@link MafConfig} for the defaults.
 */
@Component(service = PosteriorEstimator.class)
@OrreryPlugin(id = MafEstimator.ID,
        name = "Masked autoregressive flow",
        description = "Neural posterior estimation with a conditional masked autoregressive flow (sbi's NPE default)")
public final class MafEstimator implements PosteriorEstimator, Configurable<PosteriorEstimator> {

    public static final String ID = "maf";

    /** Declared for {@code --describe} and checked by the host; the values arrive as {@code train}'s config. */
    @Override
    public List<Setting> settings() {
        return MafConfig.DEFAULTS.settings();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Posterior train(SimulationSet data, Map<String, Object> config, UniformRandomProvider rng, TrainingListener listener) {
        var options = config == null ? new java.util.HashMap<String, Object>() : new java.util.HashMap<>(config);
        boolean augment = EmbeddingSpec.takeAugment(options);
        EmbeddingSpec embedding = data == null ? null : EmbeddingSpec.take(options, data.observable());
        return MafTrainer.train(data, MafConfig.from(options), embedding, augment, rng, listener);
    }

    @Override
    public Posterior read(InputStream in) throws IOException {
        if (in == null) {
            throw new IllegalArgumentException("no input stream to read a MAF posterior from");
        }
        return MafCodec.read(in);
    }
}
