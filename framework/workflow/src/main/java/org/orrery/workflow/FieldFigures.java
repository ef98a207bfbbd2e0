package org.orrery.workflow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.ArraySpec;
import org.orrery.data.SimulationSet;
import org.orrery.parameter.ParameterSpace;
import org.orrery.posterior.JointPosterior;
import org.orrery.report.FieldSlices;
import org.orrery.report.Figure;
import org.orrery.report.Figures;

/**
 * The figures of a joint field posterior at held-out simulation 1, from one batch of joint draws: the
 * θ corner, and per latent field a row of slices (3-D: the middle plane of the first axis) of the
 * truth, the observation, the posterior mean, one draw and the posterior standard deviation.
 */
final class FieldFigures {

    private FieldFigures() {
    }

    static List<Figure> of(JointPosterior q, SimulationSet bank, ParameterSpace space, int draws, UniformRandomProvider rng) {
        double[] x = bank.x(0);
        List<Map<String, double[]>> joint = q.sampleJoint(x, draws, rng);
        double[][] theta = new double[joint.size()][];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = joint.get(i).get("theta");
        }
        List<Figure> out = new ArrayList<>();
        out.add(Figures.corner("corner_heldout_1", space, theta, bank.theta(0)));
        ArraySpec obs = bank.observable();
        for (ArraySpec latent : q.latents()) {
            int[] shape = latent.shape();
            int n = shape[0];
            if ((shape.length != 2 && shape.length != 3) || Arrays.stream(shape).anyMatch(s -> s != n)
                    || bank.outputs().stream().noneMatch(a -> a.name().equals(latent.name()))) {
                continue;
            }
            int cells = latent.size();
            double[] mean = new double[cells];
            for (Map<String, double[]> d : joint) {
                double[] f = d.get(latent.name());
                for (int c = 0; c < cells; c++) {
                    mean[c] += f[c] / joint.size();
                }
            }
            double[] sd = new double[cells];
            for (Map<String, double[]> d : joint) {
                double[] f = d.get(latent.name());
                for (int c = 0; c < cells; c++) {
                    sd[c] += (f[c] - mean[c]) * (f[c] - mean[c]) / (joint.size() - 1);
                }
            }
            for (int c = 0; c < cells; c++) {
                sd[c] = Math.sqrt(sd[c]);
            }
            double[] truth = slice(bank.values(latent.name(), 0), n, shape.length);
            double m = maxAbs(truth);
            List<FieldSlices.Panel> panels = new ArrayList<>();
            panels.add(new FieldSlices.Panel("truth " + latent.name(), truth, -m, m, true));
            if (Arrays.equals(obs.shape(), shape)) {
                double[] o = slice(x, n, shape.length);
                double mo = maxAbs(o);
                panels.add(new FieldSlices.Panel("observation " + obs.name(), o, -mo, mo, true));
            }
            panels.add(new FieldSlices.Panel("posterior mean", slice(mean, n, shape.length), -m, m, true));
            panels.add(new FieldSlices.Panel("one draw", slice(joint.get(0).get(latent.name()), n, shape.length), -m, m, true));
            double[] s = slice(sd, n, shape.length);
            panels.add(new FieldSlices.Panel("posterior std", s, 0, Arrays.stream(s).max().orElse(1), false));
            String id = ("slices_" + latent.name()).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_-]", "_");
            out.add(FieldSlices.of(id, String.format(java.util.Locale.ROOT,
                    "Held-out simulation 1%s: the true %s, the observation, and the posterior mean, one draw and std of %d joint draws"
                            + " (truth, mean and draw share one colour range)",
                    shape.length == 3 ? " (middle plane)" : "", latent.name(), joint.size()), n, panels));
        }
        return out;
    }

    /** 2-D: the field; 3-D: plane n/2 of the first axis. */
    static double[] slice(double[] f, int n, int dims) {
        if (dims == 2) {
            return f.clone();
        }
        int plane = n / 2;
        return Arrays.copyOfRange(f, plane * n * n, (plane + 1) * n * n);
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double a : v) {
            if (Double.isFinite(a)) {
                m = Math.max(m, Math.abs(a));
            }
        }
        return m > 0 ? m : 1;
    }
}
