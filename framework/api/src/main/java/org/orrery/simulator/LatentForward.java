package org.orrery.simulator;

import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A simulator that can also be run forward from given values of some of its latents instead of
 * drawing them: lpt from a given initial field. Field validation forward-models posterior draws of
 * the initial conditions with it and compares the result with the observation (since 1.2.0).
 * Implemented by the simulator's service object beside {@link Simulator}.
 */
@ConsumerType
public interface LatentForward {

    /** The latents that, with θ, fix the deterministic part of a simulation, e.g. {@code delta_initial}. */
    List<String> drivingLatents();

    /**
     * One simulation with the driving latents given (flat row-major, as {@link Simulator#simulateAll}
     * returns them); any other randomness (noise, tracer sampling) comes from {@code rng}. Returns the
     * observable and the latents, keyed by name, as {@link Simulator#simulateAll} does; for a
     * simulator whose outputs are deterministic given θ and the driving latents, {@code simulateAll}
     * and this method agree on the same realisation.
     *
     * @throws IllegalArgumentException naming the latent when one is missing or has the wrong size
     */
    Map<String, double[]> simulateFrom(double[] theta, Map<String, double[]> latents, UniformRandomProvider rng);
}
