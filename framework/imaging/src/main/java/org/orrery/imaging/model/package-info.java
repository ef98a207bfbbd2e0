/**
 * The EHT imaging forward model (direct DFT with ehtim conventions), closure data products on
 * non-redundant sets, and likelihood terms with image gradients. Exported to bundles so that prior
 * and sampler plugins share one implementation.
 */
@Export
@Version("1.0.0")
package org.orrery.imaging.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
