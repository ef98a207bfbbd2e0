/**
 * Standard priors declared as text: {@code normal(0, 1)}, {@code uniform(-1, 1)}, {@code lognormal(0, 0.5)},
 * {@code loguniform(1e-3, 1)}, {@code truncnormal(0, 1, -2, 2)}, applied to every parameter or per
 * parameter ({@code "omega_m: uniform(0.1, 0.5); sigma_8: normal(0.8, 0.05)"}), parsed by
 * {@link org.orrery.priors.PriorText}; {@link org.orrery.prior.Prior#describe()} gives the text
 * back, so the prior a bank was made with is recorded as text that parses to the same prior.
 */
@Export
@Version("1.0.0")
package org.orrery.priors;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
