/**
 * Posterior samplers over images: Hamiltonian Monte Carlo for priors with a log-density (the
 * classical image priors), denoise / data-proximal step / re-noise ({@code ProximalDiffusion}) for
 * learned score priors, and annealed Langevin dynamics with the likelihood gradient for other
 * score-only priors ({@link org.orrery.prior.GenerativePrior#score}). Exported to bundles.
 */
@Export
@Version("2.0.0")
package org.orrery.imaging.sampling;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
