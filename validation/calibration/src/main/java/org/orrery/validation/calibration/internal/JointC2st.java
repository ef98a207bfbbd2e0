package org.orrery.validation.calibration.internal;

import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.SimulationSet;
import org.orrery.plugin.Configurable;
import org.orrery.plugin.OrreryPlugin;
import org.orrery.plugin.Setting;
import org.orrery.plugin.SettingValues;
import org.orrery.posterior.Posterior;
import org.orrery.validation.Metric;
import org.orrery.validation.ValidationResult;
import org.orrery.validation.Validator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Joint classifier two-sample test: held-out pairs (θ*, x) ~ p(θ) p(x | θ) against pairs (θ̃, x)
 * with θ̃ ~ q(θ | x) for the same x. The joints are equal iff q(θ | x) = p(θ | x) for p(x)-almost
 * every x, so accuracy 0.5 means the posterior cannot be told apart from the truth. Uses the
 * sbibm-compatible {@link C2st} with the held-out pairs as the reference set. It needs no reference
 * posterior, unlike sample-vs-reference C2ST, which benchmarks call through {@link C2st#accuracy}.
 *
 * <p>Pass criterion: under the null the 2N out-of-fold predictions are right with probability 1/2,
 * so the check passes when accuracy is at most the 99th percentile of Binomial(2N, 1/2)/(2N).
 * Configuration: {@code pairs} (default 1000), one posterior draw per pair.
 */
@Component(service = Validator.class)
@OrreryPlugin(id = JointC2st.PLUGIN_ID,
        name = "Joint classifier two-sample test",
        description = "MLP classifier accuracy telling (true θ, x) from (posterior draw, x); 0.5 is indistinguishable")
public final class JointC2st implements Validator, Configurable<Validator> {

    /** The plugin id, stated once. */
    public static final String PLUGIN_ID = "c2st";
    static final List<Setting> SETTINGS = List.of(Config.pairs(1000));

    static final double ALPHA = 0.01;
    /** The classifier's hidden layers grow as 10·dim; beyond this the check is too slow to be useful. */
    static final int MAX_DIM = 100;

    private final int pairs;

    @Activate
    public JointC2st(Map<String, Object> config) {
        this(Config.fromProperties(PLUGIN_ID, SETTINGS, config));
    }

    private JointC2st(SettingValues v) {
        this(v.integer("pairs"));
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Validator configure(SettingValues v) {
        return new JointC2st(v);
    }

    public JointC2st(int pairs) {
        this.pairs = Config.requirePositive("pairs", pairs);
    }

    @Override
    public String id() {
        return PLUGIN_ID;
    }

    @Override
    public ValidationResult validate(Posterior posterior, SimulationSet heldOut, UniformRandomProvider rng) {
        HeldOut held = HeldOut.choose(heldOut, pairs, rng, id());
        int n = held.size();
        int dim = held.theta()[0].length + held.x()[0].length;
        if (dim > MAX_DIM) {
            throw new IllegalArgumentException("c2st: dim θ + dim x = " + dim + " exceeds " + MAX_DIM
                    + "; compress the observation to summaries first");
        }
        double[][] truth = new double[n][];
        double[][] fake = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] x = held.x()[i];
            truth[i] = concat(held.theta()[i], x);
            fake[i] = concat(posterior.sample(x, 1, rng)[0], x);
        }
        double accuracy = C2st.accuracy(truth, fake, rng.nextLong());
        var binomial = new BinomialDistribution(null, 2 * n, 0.5);
        double limit = binomial.inverseCumulativeProbability(1 - ALPHA) / (2.0 * n);
        boolean passed = accuracy <= limit;
        List<Metric> metrics = List.of(
                new Metric("accuracy", accuracy, 0.5 / Math.sqrt(2.0 * n),
                        "5-fold cross-validated accuracy telling (θ*, x) from (θ ~ q(θ|x), x); 0.5 indistinguishable"),
                new Metric("accuracy_limit", limit, Double.NaN, "99th percentile of the accuracy under a calibrated posterior"));
        String summary = String.format("Joint C2ST over %d pairs: accuracy %.3f, %s the 99%% null limit %.3f",
                n, accuracy, passed ? "within" : "above", limit);
        return new ValidationResult(id(), passed, summary, metrics, List.of());
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = new double[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
