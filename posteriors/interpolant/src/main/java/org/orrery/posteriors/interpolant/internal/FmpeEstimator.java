package org.orrery.posteriors.interpolant.internal;

import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.SimulationSet;
import org.orrery.nn.Training;
import org.orrery.plugin.OrreryPlugin;
import org.orrery.posterior.Posterior;
import org.orrery.posterior.PosteriorEstimator;
import org.orrery.posterior.TrainingListener;
import org.orrery.training.ZScore;
import org.osgi.service.component.annotations.Component;

/** Flow-matching posterior estimation (Dax et al. 2023; sbi's FMPE) with an MLP drift on the interpolant trainer. */
@Component(service = PosteriorEstimator.class)
@OrreryPlugin(id = FmpeEstimator.ID,
        name = "Flow matching posterior estimation",
        description = "Posterior of theta given a data vector by flow matching (MLP velocity, ODE sampling)")
public final class FmpeEstimator extends DriftEstimator {

    public static final String ID = DriftConfig.FMPE;

    public FmpeEstimator() {
        super(ID);
    }

    @Override
    public Posterior train(SimulationSet data, Map<String, Object> config, UniformRandomProvider rng, TrainingListener listener) {
        if (data == null || rng == null) {
            throw new IllegalArgumentException("training needs a simulation set and a random source");
        }
        DriftConfig cfg = DriftConfig.of(ID, config);
        int d = data.parameters().dimension();
        int c = data.observable().size();
        if (c < 1) {
            throw new IllegalArgumentException("fmpe needs a fixed-size observable, got " + data.observable());
        }
        int n = data.size();
        int nVal = DriftTrainer.validationCount(n, cfg, "fmpe");
        int[] order = DriftTrainer.shuffled(n, rng);
        double[] th = new double[n * d];
        double[] x = new double[n * c];
        for (int r = 0; r < n; r++) {
            double[] t = data.theta(order[r]);
            double[] xi = data.x(order[r]);
            if (t.length != d || xi.length != c) {
                throw new IllegalArgumentException("simulation " + order[r] + " has θ or x of the wrong length");
            }
            for (double v : xi) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("simulation " + order[r] + ": x holds a non-finite value " + v);
                }
            }
            System.arraycopy(t, 0, th, r * d, d);
            System.arraycopy(xi, 0, x, r * c, c);
        }
        int nTrain = n - nVal;
        ZScore sx = ZScore.fit(x, nTrain, c);
        ZScore st = ZScore.fit(th, nTrain, d);
        sx.applyInPlace(x, n);
        st.applyInPlace(th, n);
        float[] xf = DriftTrainer.floats(x);
        float[] tf = DriftTrainer.floats(th);
        VectorDrift drift = new VectorDrift(d, c, cfg.integer("hidden"), cfg.integer("layers"), cfg.integer("time_width"),
                cfg.text("time_features").equals("fourier"), cfg.text("velocity").equals("gaussian_baseline"), rng.nextLong());
        Training.Result result = DriftTrainer.train(drift.params, (rows, r) -> drift.loss(drift.params.manager(),
                DriftTrainer.rows(xf, c, rows), DriftTrainer.rows(tf, d, rows), rows.length, r), nTrain, n, cfg, rng, listener);
        return new FmpePosterior(cfg, data.parameters(), data.observable(), drift, sx.mean(), sx.std(), st.mean(), st.std(),
                result.history());
    }
}
