package org.orrery.posteriors.interpolant.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.posterior.JointPosterior;

/**
 * For benches: joint draws of a trained interpolant posterior with a sampler other than the one it was
 * trained with (SDE with diffusion g, or the ODE) — the sampling-time choice of issue 14, made on a
 * validation truth without retraining. Written as {@code ode} or {@code sde:G} (G the diffusion factor).
 */
public record SamplerChoice(boolean ode, double diffusion) {

    public SamplerChoice {
        if (!(diffusion >= 0) || Double.isInfinite(diffusion)) {
            throw new IllegalArgumentException("sampler diffusion must be finite and >= 0, got " + diffusion);
        }
    }

    /** {@code ode}, {@code sde} (diffusion 1) or {@code sde:G}. */
    public static SamplerChoice parse(String s) {
        String t = s.trim();
        if (t.equals("ode")) {
            return new SamplerChoice(true, 0);
        }
        if (t.equals("sde")) {
            return new SamplerChoice(false, 1);
        }
        if (t.startsWith("sde:")) {
            try {
                return new SamplerChoice(false, Double.parseDouble(t.substring(4)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("sampler '" + s + "': expected ode, sde or sde:G with G a number");
            }
        }
        throw new IllegalArgumentException("sampler '" + s + "': expected ode, sde or sde:G with G a number");
    }

    @Override
    public String toString() {
        return ode ? "ode" : "sde:" + (diffusion == Math.rint(diffusion) ? String.valueOf((long) diffusion) : String.valueOf(diffusion));
    }

    /** n joint draws (keys {@code theta} and the latent's name) of an interpolant posterior with this sampler. */
    public List<Map<String, double[]>> sampleJoint(JointPosterior q, double[] x, int n, int steps, UniformRandomProvider rng) {
        if (!(q instanceof FieldPosterior p)) {
            throw new IllegalArgumentException("not an interpolant posterior: " + q.getClass().getName());
        }
        double[][][] d = p.draw(x, n, ode, steps, diffusion, rng);
        List<Map<String, double[]>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, double[]> m = new LinkedHashMap<>();
            m.put("theta", d[0][i]);
            m.put(p.latent.name(), d[1][i]);
            out.add(m);
        }
        return out;
    }
}
