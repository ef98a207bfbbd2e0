package org.orrery.simulator;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.ArraySpec;
import org.orrery.data.Box;
import org.orrery.parameter.ParameterSpace;
import org.orrery.prior.Prior;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A physics simulator: x ~ p(x | θ). It must depend only on θ and the random stream it is given,
 * so that a campaign is reproducible whatever the number of workers. It may throw, or return NaN,
 * for a θ it cannot simulate: the campaign records that simulation as failed and goes on.
 *
 * <p>Register implementations as OSGi services with the {@code orrery.id} property (see
 * {@link org.orrery.plugin.PluginProperties}).
 */
@ConsumerType
public interface Simulator {

    /** Stable identifier, e.g. {@code two_moons}; also the {@code orrery.id} service property. */
    String id();

    default String displayName() {
        return id();
    }

    /** The prior the simulator is meant to be run with; its space names the parameters. */
    Prior prior();

    default ParameterSpace parameters() {
        return prior().space();
    }

    /** The observable x: what an observation file must hold and what estimators condition on. */
    ArraySpec observable();

    /** Extra named outputs kept in the bank beside x (initial fields, positions, velocities). */
    default List<ArraySpec> latents() {
        return List.of();
    }

    /** The simulated volume, for field and point-set outputs. */
    default Optional<Box> box() {
        return Optional.empty();
    }

    /** One simulation of the observable, flat row-major, length {@code observable().size()}. */
    double[] simulate(double[] theta, UniformRandomProvider rng);

    /**
     * The observable and all latents of one simulation, keyed by {@link ArraySpec#name()}. The
     * default has no latents; simulators with latents override this and {@link #simulate}.
     */
    default Map<String, double[]> simulateAll(double[] theta, UniformRandomProvider rng) {
        return Map.of(observable().name(), simulate(theta, rng));
    }

    /**
     * {@link #simulate(double[], UniformRandomProvider)} told where the simulation sits in its
     * campaign; campaigns call this one. The default ignores the context, so a simulator that does
     * not need the index implements only the two-argument form.
     *
     * @since 1.1.0
     */
    default double[] simulate(double[] theta, UniformRandomProvider rng, SimulationContext context) {
        return simulate(theta, rng);
    }

    /**
     * {@link #simulateAll(double[], UniformRandomProvider)} told where the simulation sits in its
     * campaign; campaigns call this one for simulators with latents. The default ignores the context.
     *
     * @since 1.1.0
     */
    default Map<String, double[]> simulateAll(double[] theta, UniformRandomProvider rng, SimulationContext context) {
        return simulateAll(theta, rng);
    }
}
