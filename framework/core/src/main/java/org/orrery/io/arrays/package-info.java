/**
 * Reading one named numeric array from an HDF5 or FITS file through the host's own safe readers
 * ({@link org.orrery.io.ObservationReader}: jhdf and nom-tam-fits behind the size checks of
 * {@link org.orrery.io.ReadLimits} and {@link org.orrery.io.FitsLayout}), for plugins that take
 * arrays from files a program wrote (the external-simulator adapter). Lives on the host class path
 * and is exported to bundles, so no bundle embeds a second HDF5 or FITS reader.
 */
@Export
@Version("1.0.0")
package org.orrery.io.arrays;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
