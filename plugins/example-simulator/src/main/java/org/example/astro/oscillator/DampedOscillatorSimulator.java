package org.example.astro.oscillator;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.data.ArraySpec;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.plugin.OrreryPlugin;
import org.orrery.prior.Prior;
import org.orrery.simulator.Simulator;
import org.osgi.service.component.annotations.Component;

/**
 * Light curve of a damped oscillator, e.g. a decaying quasi-periodic signal after an outburst:
 * {@code F(t) = A exp(-γ t) cos(2π f t) + ε}, with {@code ε ~ N(0, σ²)} white noise, sampled at
 * 20 fixed epochs {@code t_k = k · Δt}, {@code Δt = 0.5 d}.
 *
 * <p>The frequency prior stays below the Nyquist frequency {@code 1 / (2 Δt) = 1 / d}, so that
 * the sampled curve identifies f.
 */
@Component(service = Simulator.class)
@OrreryPlugin(id = DampedOscillatorSimulator.ID, name = "Damped oscillator light curve",
        description = "A exp(-gamma t) cos(2 pi f t) plus white noise, 20 epochs 0.5 d apart")
public final class DampedOscillatorSimulator implements Simulator {

    public static final String ID = "damped_oscillator";
    /** Number of epochs in the light curve. */
    public static final int EPOCHS = 20;
    /** Sampling interval, days. */
    public static final double CADENCE_DAYS = 0.5;
    /** Photometric noise per epoch, mJy. */
    public static final double NOISE_MJY = 0.05;

    private static final ParameterSpace SPACE = ParameterSpace.of(
            new Parameter("amplitude", "mJy", "A", 0.5, 2.0),
            new Parameter("damping_rate", "1/d", "\\gamma", 0.02, 0.5),
            new Parameter("frequency", "1/d", "f", 0.05, 0.9));

    private static final Prior PRIOR = new UniformPrior(SPACE);

    /** The epochs t_k, days. */
    public static double[] times() {
        double[] t = new double[EPOCHS];
        for (int k = 0; k < EPOCHS; k++) {
            t[k] = k * CADENCE_DAYS;
        }
        return t;
    }

    /** The noise-free light curve at θ = (A, γ, f): the mean of {@link #simulate}. */
    public static double[] meanFlux(double[] theta) {
        double amplitude = theta[0];
        double damping = theta[1];
        double frequency = theta[2];
        double[] t = times();
        double[] flux = new double[EPOCHS];
        for (int k = 0; k < EPOCHS; k++) {
            flux[k] = amplitude * Math.exp(-damping * t[k]) * Math.cos(2 * Math.PI * frequency * t[k]);
        }
        return flux;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Damped oscillator light curve";
    }

    @Override
    public Prior prior() {
        return PRIOR;
    }

    @Override
    public ArraySpec observable() {
        return new ArraySpec("flux", new int[] {EPOCHS}, "mJy", ArraySpec.Kind.VECTOR);
    }

    @Override
    public double[] simulate(double[] theta, UniformRandomProvider rng) {
        if (theta.length != SPACE.dimension()) {
            throw new IllegalArgumentException("damped_oscillator needs θ = (amplitude, damping_rate, frequency), got "
                    + theta.length + " values");
        }
        // sampler bound to this call's stream: the result depends only on (θ, rng)
        var noise = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] flux = meanFlux(theta);
        for (int k = 0; k < EPOCHS; k++) {
            flux[k] += NOISE_MJY * noise.sample();
        }
        return flux;
    }
}
