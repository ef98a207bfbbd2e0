/**
 * Words for people: the one duration formatter ({@link org.orrery.text.Durations}) used by the
 * campaign, the workflow, the command line and the external-simulator adapter. On the host class
 * path and exported to bundles.
 */
@Export
@Version("1.0.0")
package org.orrery.text;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
