/**
 * Reproducible random streams: one independent stream per (campaign seed, simulation index), so
 * results never depend on the number of workers or on thread scheduling. Shared with plugins.
 */
@Export
@Version("1.1.0")
package org.orrery.random;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
