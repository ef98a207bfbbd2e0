package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.orrery.simulator.Simulator;
import org.orrery.testkit.SimulatorContract;

/** The testkit's contract (ids, prior support, sizes, reproducibility...) plus a check of the physics. */
class ${className}Test extends SimulatorContract {

    @Override
    protected Simulator simulator() {
        return new ${className}();
    }

    @Test
    void meanOverNoiseIsTheLine() {
        ${className} sim = new ${className}();
        double[] theta = {0.7, -0.3};
        int n = 4000;
        double[] sum = new double[${className}.POINTS];
        var rng = RandomSource.XO_SHI_RO_256_PP.create(1L);
        for (int i = 0; i < n; i++) {
            double[] x = sim.simulate(theta, rng);
            for (int k = 0; k < x.length; k++) {
                sum[k] += x[k] / n;
            }
        }
        double[] mean = ${className}.mean(theta);
        for (int k = 0; k < mean.length; k++) {
            // 5 standard errors of the mean of n draws with sd NOISE
            assertEquals(mean[k], sum[k], 5 * ${className}.NOISE / Math.sqrt(n), "x[" + k + "]");
        }
    }
}
