/** The trained-posterior file: one checksummed, versioned zip that {@code train} writes and {@code infer} reads. */
package org.orrery.posteriorfile;
