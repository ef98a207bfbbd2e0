package org.orrery.posteriors.interpolant.internal;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.SimulationSet;
import org.orrery.nn.Params;
import org.orrery.nn.Training;
import org.orrery.plugin.Configurable;
import org.orrery.plugin.OrreryPlugin;
import org.orrery.plugin.Setting;
import org.orrery.posterior.Posterior;
import org.orrery.posterior.PosteriorEstimator;
import org.orrery.posterior.TrainingListener;
import org.osgi.service.component.annotations.Component;

/** Flow-matching posterior estimation (Dax et al. 2023; sbi's FMPE) with an MLP drift on the interpolant trainer. */
@Component(service = PosteriorEstimator.class)
@OrreryPlugin(id = FmpeEstimator.ID,
        name = "Flow matching posterior estimation",
        description = "Posterior of theta given a data vector by flow matching (MLP velocity, ODE sampling)")
public final class FmpeEstimator implements PosteriorEstimator, Configurable<PosteriorEstimator> {

    public static final String ID = DriftConfig.FMPE;

    @Override
    public List<Setting> settings() {
        return DriftConfig.declared(ID);
    }

    @Override
    public String id() {
        return ID;
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
        double[][] sx = columns(x, c, nTrain);
        double[][] st = columns(th, d, nTrain);
        float[] xf = new float[n * c];
        float[] tf = new float[n * d];
        for (int i = 0; i < n * c; i++) {
            xf[i] = (float) ((x[i] - sx[0][i % c]) / sx[1][i % c]);
        }
        for (int i = 0; i < n * d; i++) {
            tf[i] = (float) ((th[i] - st[0][i % d]) / st[1][i % d]);
        }
        VectorDrift drift = new VectorDrift(d, c, cfg.integer("hidden"), cfg.integer("layers"), cfg.integer("time_width"),
                rng.nextLong());
        DriftTrainer.Model model = new DriftTrainer.Model() {
            @Override
            public Params params() {
                return drift.params;
            }

            @Override
            public NDArray loss(int[] rows, UniformRandomProvider r) {
                int b = rows.length;
                float[] xb = new float[b * c];
                float[] tb = new float[b * d];
                for (int i = 0; i < b; i++) {
                    System.arraycopy(xf, rows[i] * c, xb, i * c, c);
                    System.arraycopy(tf, rows[i] * d, tb, i * d, d);
                }
                return drift.loss(drift.params.manager(), xb, tb, b, r);
            }
        };
        Training.Result result = DriftTrainer.train(model, nTrain, n, cfg, rng, listener);
        return new FmpePosterior(cfg, data.parameters(), data.observable(), drift, sx[0], sx[1], st[0], st[1], result.history());
    }

    /** Per-column mean and standard deviation (1 where a column is constant) over the first m rows. */
    static double[][] columns(double[] v, int w, int m) {
        double[] mean = new double[w];
        double[] sd = new double[w];
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < w; j++) {
                mean[j] += v[r * w + j];
            }
        }
        for (int j = 0; j < w; j++) {
            mean[j] /= m;
        }
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < w; j++) {
                double e = v[r * w + j] - mean[j];
                sd[j] += e * e;
            }
        }
        for (int j = 0; j < w; j++) {
            sd[j] = Math.sqrt(sd[j] / m);
            if (!(sd[j] > 1e-12)) {
                sd[j] = 1;
            }
        }
        return new double[][] {mean, sd};
    }

    @Override
    public Posterior read(InputStream in) throws IOException {
        if (in == null) {
            throw new IllegalArgumentException("no input stream to read an fmpe posterior from");
        }
        return (Posterior) DriftCodec.read(in, ID);
    }
}
