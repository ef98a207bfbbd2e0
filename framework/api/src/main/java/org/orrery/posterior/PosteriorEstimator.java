package org.orrery.posterior;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.SimulationSet;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Learns a posterior from simulations, e.g. neural posterior estimation with a masked
 * autoregressive flow ({@code maf}).
 */
@ConsumerType
public interface PosteriorEstimator {

    /** Stable identifier, e.g. {@code maf}; also the {@code orrery.id} service property. */
    String id();

    /**
     * Trains on {@code data}. {@code config} holds estimator options from YAML (unknown keys must be
     * rejected with their name); missing keys take the estimator's defaults.
     */
    Posterior train(SimulationSet data, Map<String, Object> config, UniformRandomProvider rng, TrainingListener listener);

    /** Reads back what {@link Posterior#write} wrote. */
    Posterior read(InputStream in) throws IOException;
}
