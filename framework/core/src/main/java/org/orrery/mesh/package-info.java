/**
 * The one mesh library of Orrery: periodic grids and their FFTs ({@link org.orrery.mesh.Mesh}: full
 * complex transforms and Gaussian fields for simulators; {@link org.orrery.mesh.RealFft}: half
 * spectra for statistics), mass assignment of points onto grids ({@link org.orrery.mesh.MassAssignment},
 * NGP to PCS with their Fourier windows) and a small parallel-for ({@link org.orrery.mesh.Parallel}).
 * Lives on the host class path and is exported to bundles, so the cosmology simulators, the
 * clustering statistics and later imaging share it; JTransforms stays a host-side implementation
 * detail that no bundle embeds.
 */
@Export
@Version("1.0.0")
package org.orrery.mesh;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
