/**
 * The network library: functional convolution / normalisation / embedding ops and small modules on
 * libtorch (through DJL), named float parameters that save into the posterior file, AdamW with
 * warm-up and cosine decay, gradient clipping, EMA and one epoch loop. Lives on the host class path
 * and is exported to bundles; the native runtime is initialised once per JVM by {@link Nn}.
 * 1.3.0: {@link org.orrery.nn.Layers.UNet#pass} returns the U-Net's bottleneck and time embedding with
 * its output.
 */
@Export
@Version("1.3.0")
package org.orrery.nn;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
