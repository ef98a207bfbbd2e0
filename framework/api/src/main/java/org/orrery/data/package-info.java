@Export
@Version("1.2.0")
package org.orrery.data;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
