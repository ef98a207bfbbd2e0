package org.orrery.posteriors.interpolant.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.orrery.posterior.Posterior;

/** For benches: a trained fmpe posterior with other sampler settings (the same network), and its ODE cost. */
public final class FmpeSamplers {

    private FmpeSamplers() {
    }

    /** The posterior {@code p} (an fmpe posterior) with the given settings replaced, e.g. ode_solver, sampling_steps. */
    public static Posterior with(Posterior p, Map<String, Object> settings) {
        FmpePosterior f = (FmpePosterior) p;
        Map<String, Object> v = new LinkedHashMap<>(f.config.values().values());
        v.putAll(settings);
        return new FmpePosterior(DriftConfig.of(DriftConfig.FMPE, v), f.space, f.observable, f.drift, f.xMean, f.xStd, f.thetaMean,
                f.thetaStd, f.history);
    }

    /** Velocity evaluations of the posterior's last ODE integration (one sample batch). */
    public static int lastEvaluations(Posterior p) {
        return ((FmpePosterior) p).drift.lastEvaluations;
    }
}
