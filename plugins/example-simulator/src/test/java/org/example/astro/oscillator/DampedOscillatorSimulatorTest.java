package org.example.astro.oscillator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.orrery.simulator.Simulator;
import org.orrery.testkit.SimulatorContract;

/** The Orrery simulator contract (inherited tests) plus checks of the physics against the model. */
class DampedOscillatorSimulatorTest extends SimulatorContract {

    @Override
    protected Simulator simulator() {
        return new DampedOscillatorSimulator();
    }

    @Test
    void noiseFreeCurveAtKnownEpochs() {
        // A = 1, γ = ln 2 per day (half-life 1 d), f = 0.25 per day (period 4 d)
        double[] mean = DampedOscillatorSimulator.meanFlux(new double[] {1.0, Math.log(2), 0.25});
        assertEquals(1.0, mean[0], 1e-15);            // t = 0
        assertEquals(0.0, mean[2], 1e-15);            // t = 1 d: quarter period
        assertEquals(-0.25, mean[4], 1e-15);          // t = 2 d: half period, two half-lives
        assertEquals(1.0 / 16, mean[8], 1e-15);       // t = 4 d: full period, four half-lives
    }

    @Test
    void simulationsScatterAroundTheModelWithTheStatedNoise() {
        double[] theta = {1.3, 0.1, 0.3};
        double[] model = DampedOscillatorSimulator.meanFlux(theta);
        int n = 4000;
        double sigma = DampedOscillatorSimulator.NOISE_MJY;
        double[] sum = new double[model.length];
        double sumSq = 0;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(42L);
        Simulator s = simulator();
        for (int i = 0; i < n; i++) {
            double[] x = s.simulate(theta, rng);
            for (int k = 0; k < x.length; k++) {
                sum[k] += x[k];
                double r = x[k] - model[k];
                sumSq += r * r;
            }
        }
        for (int k = 0; k < model.length; k++) {
            // the mean of n draws has standard error σ/√n; 5 of them makes a false alarm ~1e-6 per epoch
            assertEquals(model[k], sum[k] / n, 5 * sigma / Math.sqrt(n), "mean flux at epoch " + k);
        }
        // variance about the known mean from 80 000 residuals: relative standard error √(2/N) ≈ 0.5 %
        double variance = sumSq / (n * model.length);
        assertEquals(sigma * sigma, variance, 5 * Math.sqrt(2.0 / (n * model.length)) * sigma * sigma);
    }

    @Test
    void priorIsTheNormalisedBox() {
        var prior = simulator().prior();
        double volume = (2.0 - 0.5) * (0.5 - 0.02) * (0.9 - 0.05);
        assertEquals(-Math.log(volume), prior.logDensity(new double[] {1.0, 0.1, 0.5}), 1e-12);
        assertEquals(Double.NEGATIVE_INFINITY, prior.logDensity(new double[] {1.0, 0.1, 0.95}));
    }

    @Test
    void wrongThetaLengthIsRejectedWithTheCount() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> simulator().simulate(new double[] {1, 2}, RandomSource.XO_RO_SHI_RO_128_PP.create(1L)));
        assertEquals("damped_oscillator needs θ = (amplitude, damping_rate, frequency), got 2 values", e.getMessage());
    }
}
