package org.orrery.simulators.benchmarks.internal;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.plugin.OrreryPlugin;
import org.orrery.simulator.Simulator;
import org.osgi.service.component.annotations.Component;

/**
 * sbibm two_moons: θ ~ U(−1, 1)²; a ~ U(−π/2, π/2), r ~ N(0.1, 0.01²),
 * p = (r cos a + 0.25, r sin a), x = p + (−|θ₁+θ₂|/√2, (−θ₁+θ₂)/√2).
 *
 * <p>The reference posterior inverts the simulator exactly: θ ↦ (−|θ₁+θ₂|/√2, (θ₂−θ₁)/√2) is,
 * on each side of θ₁+θ₂ = 0, a rotation (Jacobian 1), so under the flat prior
 * p(θ | x) ∝ p_moon(x − g(θ)). Drawing p from the moon and solving for θ on a branch chosen with
 * probability 1/2 samples that density; draws with no solution or outside the prior are rejected.
 */
@Component(service = Simulator.class)
@OrreryPlugin(id = TwoMoons.PLUGIN_ID,
        name = "Two Moons",
        description = "sbibm task: 2-D crescent-shaped bimodal posterior")
public final class TwoMoons extends BenchmarkTask {

    /** The plugin id, stated once: the service property and {@link #id()} both use it. */
    public static final String PLUGIN_ID = "two_moons";

    static final double R_MEAN = 0.1;
    static final double R_STD = 0.01;
    static final double X_OFFSET = 0.25;
    private static final double SQRT2 = Math.sqrt(2);
    /** Rejection gives up after this many proposals per draw: x is then impossible under the model. */
    private static final int MAX_PROPOSALS_PER_DRAW = 100_000;

    public TwoMoons() {
        super(PLUGIN_ID, "Two Moons", new UniformBoxPrior(2, -1, 1), 2);
    }

    @Override
    public double[] simulate(double[] theta, UniformRandomProvider rng) {
        checkTheta(theta);
        double[] p = moon(ZigguratSampler.NormalizedGaussian.of(rng), rng);
        return new double[] {
            p[0] - Math.abs(theta[0] + theta[1]) / SQRT2,
            p[1] + (theta[1] - theta[0]) / SQRT2};
    }

    /** One point of the moon: angle a then radius r, the order sbibm draws them in. */
    private static double[] moon(ContinuousSampler gauss, UniformRandomProvider rng) {
        double a = Math.PI * (rng.nextDouble() - 0.5);
        double r = R_MEAN + R_STD * gauss.sample();
        return new double[] {r * Math.cos(a) + X_OFFSET, r * Math.sin(a)};
    }

    @Override
    public double[][] sampleReferencePosterior(double[] x, int n, UniformRandomProvider rng) {
        checkObservation(x, n);
        ContinuousSampler gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        double[][] out = new double[n][];
        for (int k = 0; k < n; k++) {
            out[k] = oneDraw(x, gauss, rng);
        }
        return out;
    }

    private double[] oneDraw(double[] x, ContinuousSampler gauss, UniformRandomProvider rng) {
        for (int tries = 0; tries < MAX_PROPOSALS_PER_DRAW; tries++) {
            double[] p = moon(gauss, rng);
            double u = SQRT2 * (p[0] - x[0]); // = |θ₁+θ₂|
            if (u < 0) {
                continue;
            }
            double sum = rng.nextBoolean() ? u : -u; // θ₁+θ₂
            double diff = SQRT2 * (x[1] - p[1]);      // θ₂−θ₁
            double[] theta = {0.5 * (sum - diff), 0.5 * (sum + diff)};
            if (prior().inSupport(theta)) {
                return theta;
            }
        }
        throw new IllegalArgumentException("two_moons: observation " + java.util.Arrays.toString(x)
                + " has (nearly) zero posterior mass under the prior U(-1, 1)^2");
    }
}
