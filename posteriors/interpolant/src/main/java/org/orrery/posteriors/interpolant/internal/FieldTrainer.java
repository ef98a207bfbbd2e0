package org.orrery.posteriors.interpolant.internal;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.ArraySpec;
import org.orrery.data.SimulationSet;
import org.orrery.nn.Training;
import org.orrery.parameter.ParameterSpace;
import org.orrery.posterior.TrainingListener;
import org.orrery.training.ZScore;

/** Reads (observed field, latent field, θ) triples from a bank, z-scores them and trains a {@link FieldDrift}. */
final class FieldTrainer {

    private FieldTrainer() {
    }

    static FieldPosterior train(SimulationSet data, DriftConfig cfg, UniformRandomProvider rng, TrainingListener listener) {
        if (data == null || rng == null) {
            throw new IllegalArgumentException("training needs a simulation set and a random source");
        }
        ArraySpec obs = data.observable();
        String name = cfg.text("latent");
        ArraySpec latent = data.outputs().stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("interpolant setting latent=" + name + ": the bank has no such output; it has "
                        + data.outputs().stream().map(ArraySpec::name).toList()));
        if (latent.name().equals(obs.name())) {
            throw new IllegalArgumentException("interpolant setting latent=" + name + " names the observable itself");
        }
        int[] grid = obs.shape();
        if (grid.length < 2 || grid.length > 3 || Arrays.stream(grid).anyMatch(g -> g != grid[0])) {
            throw new IllegalArgumentException("the interpolant needs a cubic 2-D or 3-D field observable, got " + obs);
        }
        if (!Arrays.equals(latent.shape(), grid)) {
            throw new IllegalArgumentException("the interpolant needs the latent on the observable's grid: " + latent + " vs " + obs);
        }
        int[] channels = cfg.channels(grid[0]);
        ParameterSpace space = data.parameters();
        int p = space.dimension();
        int n = data.size();
        int nVal = DriftTrainer.validationCount(n, cfg, "interpolant");
        int cells = obs.size();
        int[] order = DriftTrainer.shuffled(n, rng);
        float[] x0 = new float[n * cells];
        float[] x1 = new float[n * cells];
        double[] th = new double[n * p];
        for (int r = 0; r < n; r++) {
            int i = order[r];
            double[] o = data.x(i);
            double[] l = data.values(name, i);
            double[] t = data.theta(i);
            if (o.length != cells || l.length != cells || t.length != p) {
                throw new IllegalArgumentException("simulation " + i + " has arrays of the wrong size");
            }
            for (int c = 0; c < cells; c++) {
                if (!Double.isFinite(o[c]) || !Double.isFinite(l[c])) {
                    throw new IllegalArgumentException("simulation " + i + ": a non-finite value in " + obs.name() + " or " + name);
                }
                x0[r * cells + c] = (float) o[c];
                x1[r * cells + c] = (float) l[c];
            }
            System.arraycopy(t, 0, th, r * p, p);
        }
        int nTrain = n - nVal;
        double[] so = standardise(x0, nTrain * cells);
        double[] sl = standardise(x1, nTrain * cells);
        ZScore zt = ZScore.fit(th, nTrain, p);
        zt.applyInPlace(th, n);
        float[] thf = DriftTrainer.floats(th);
        FieldDrift drift = new FieldDrift(grid, p, cfg.schedule(), channels, cfg.integer("time_width"), cfg.integer("groups"),
                cfg.text("theta_head"), rng.nextLong());
        Training.Result result = DriftTrainer.train(drift.params, (rows, r) -> drift.loss(drift.params.manager(),
                DriftTrainer.rows(x0, cells, rows), DriftTrainer.rows(x1, cells, rows), DriftTrainer.rows(thf, p, rows), rows.length, r),
                nTrain, n, cfg, rng, listener);
        return new FieldPosterior(cfg, space, obs, latent, drift,
                new double[] {so[0], so[1], sl[0], sl[1]}, zt.mean(), zt.std(), result.history());
    }

    /** Subtracts the mean and divides by the standard deviation of the first {@code m} values (in place, all values). */
    static double[] standardise(float[] v, int m) {
        double s = 0;
        double s2 = 0;
        for (int i = 0; i < m; i++) {
            s += v[i];
            s2 += (double) v[i] * v[i];
        }
        double mean = s / m;
        double sd = Math.sqrt(Math.max(s2 / m - mean * mean, 0));
        if (!(sd > 0)) {
            sd = 1;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((v[i] - mean) / sd);
        }
        return new double[] {mean, sd};
    }
}
