package org.orrery.posteriors.interpolant.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.orrery.plugin.Configurable;
import org.orrery.plugin.Setting;
import org.orrery.posterior.Posterior;
import org.orrery.posterior.PosteriorEstimator;

/**
 * What the two drift estimators share as plugins: their id, their settings ({@link DriftConfig}) and
 * reading their payload ({@link DriftCodec}). Each subclass trains its own kind of drift.
 */
abstract class DriftEstimator implements PosteriorEstimator, Configurable<PosteriorEstimator> {

    private final String id;

    DriftEstimator(String id) {
        this.id = id;
    }

    @Override
    public final List<Setting> settings() {
        return DriftConfig.declared(id);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Posterior read(InputStream in) throws IOException {
        if (in == null) {
            throw new IllegalArgumentException("no input stream to read an " + id + " posterior from");
        }
        return (Posterior) DriftCodec.read(in, id);
    }
}
