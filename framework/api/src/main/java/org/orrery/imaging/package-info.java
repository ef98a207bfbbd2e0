/**
 * Interferometric imaging (EHT-style): calibrated visibility data, the image grid, the forward
 * model with its adjoint, data products and likelihood terms, image priors and what a posterior
 * over images yields. Interfaces and records only; the implementation lives on the host class path
 * ({@code orrery-imaging}).
 *
 * <p>Conventions (those of ehtim, used by the EHT papers): images are flat row-major
 * {@code [ny, nx]} in Jy per pixel; row 0 is the northern edge and column 0 the eastern edge, so
 * +RA runs to the left; pixel centres are {@code x_i = pdim (nx/2 - 1/2 - i)},
 * {@code y_j = pdim (ny/2 - 1/2 - j)}; the visibility kernel is {@code exp(+2 pi i (u x + v y))}
 * with u, v in wavelengths, times a triangle pulse per axis.
 */
@Export
@Version("1.1.0")
package org.orrery.imaging;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
