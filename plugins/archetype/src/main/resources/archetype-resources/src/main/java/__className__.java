package ${package};

import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.data.ArraySpec;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.prior.Prior;
import org.orrery.simulator.Simulator;
import org.osgi.service.component.annotations.Component;

/**
 * ${simulatorId}: x_k = slope * t_k + intercept + noise at ten times t_k in [0, 1]. Replace the
 * body of {@link #simulate} with your model. It must depend only on theta and the random stream it
 * is handed, so that a campaign is reproducible whatever the number of workers.
 */
@Component(service = Simulator.class, property = {
    "orrery.id=${simulatorId}",
    "orrery.name=${simulatorId}",
    "orrery.description=A straight line with Gaussian noise (template)"
})
public final class ${className} implements Simulator {

    public static final int POINTS = 10;
    public static final double NOISE = 0.1;

    private static final ParameterSpace SPACE = ParameterSpace.of(
            new Parameter("slope", "", "m", -2, 2),
            new Parameter("intercept", "", "b", -1, 1));

    private static final Prior PRIOR = new Prior() {
        @Override
        public ParameterSpace space() {
            return SPACE;
        }

        @Override
        public double[] sample(UniformRandomProvider rng) {
            double[] theta = new double[SPACE.dimension()];
            for (int i = 0; i < theta.length; i++) {
                Parameter p = SPACE.get(i);
                theta[i] = p.lower() + (p.upper() - p.lower()) * rng.nextDouble();
            }
            return theta;
        }

        @Override
        public double logDensity(double[] theta) {
            return SPACE.contains(theta) ? -Math.log(4) - Math.log(2) : Double.NEGATIVE_INFINITY;
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "slope ~ Uniform(-2, 2), intercept ~ Uniform(-1, 1)");
        }
    };

    /** The noise-free line at the observation times. */
    public static double[] mean(double[] theta) {
        double[] x = new double[POINTS];
        for (int k = 0; k < POINTS; k++) {
            double t = k / (POINTS - 1.0);
            x[k] = theta[0] * t + theta[1];
        }
        return x;
    }

    @Override
    public String id() {
        return "${simulatorId}";
    }

    @Override
    public Prior prior() {
        return PRIOR;
    }

    @Override
    public ArraySpec observable() {
        return ArraySpec.vector("x", POINTS);
    }

    @Override
    public double[] simulate(double[] theta, UniformRandomProvider rng) {
        var noise = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] x = mean(theta);
        for (int k = 0; k < POINTS; k++) {
            x[k] += NOISE * noise.sample();
        }
        return x;
    }
}
