package org.orrery.workflow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.ArraySpec;
import org.orrery.io.JointSampleWriter;
import org.orrery.posterior.JointPosterior;

/**
 * {@code infer} for a joint posterior (θ and latent fields, e.g. the interpolant's): n joint draws,
 * θ written as for every posterior and each latent's draws, mean and standard deviation under
 * {@code /fields} of the same HDF5 file.
 */
final class JointInference {

    private JointInference() {
    }

    static double[][] drawAndWrite(JointPosterior q, double[] x, int n, UniformRandomProvider rng, Path out, List<String> names,
            Map<String, String> provenance) {
        List<Map<String, double[]>> draws = q.sampleJoint(x, n, rng);
        double[][] theta = new double[draws.size()][];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = draws.get(i).get("theta");
        }
        List<JointSampleWriter.FieldDraws> fields = new ArrayList<>();
        for (ArraySpec latent : q.latents()) {
            double[][] f = new double[draws.size()][];
            for (int i = 0; i < f.length; i++) {
                f[i] = draws.get(i).get(latent.name());
            }
            fields.add(new JointSampleWriter.FieldDraws(latent.name(), latent.shape(), f));
        }
        JointSampleWriter.write(out, names, theta, provenance, fields);
        return theta;
    }
}
