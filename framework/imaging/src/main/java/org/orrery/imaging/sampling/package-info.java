/**
 * Posterior samplers over images: Hamiltonian Monte Carlo for priors with a log-density (the
 * classical image priors) and annealed Langevin dynamics with the likelihood gradient for score
 * priors ({@link org.orrery.prior.GenerativePrior#score}). Exported to bundles.
 */
@Export
@Version("1.1.0")
package org.orrery.imaging.sampling;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
