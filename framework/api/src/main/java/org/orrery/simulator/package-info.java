/**
 * Simulators. 1.1.0: {@link org.orrery.simulator.SimulationContext} (the simulation index) and the
 * {@code simulate}/{@code simulateAll} overloads that take it, as default methods.
 * 1.2.0: {@link org.orrery.simulator.LatentForward}, running a simulator from given latents.
 */
@Export
@Version("1.2.0")
package org.orrery.simulator;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
