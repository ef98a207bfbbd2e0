/**
 * Reads UVFITS (random-groups FITS with an AIPS AN antenna table) into
 * {@link org.orrery.imaging.Visibilities}, and averages them coherently within scans. Host side.
 */
package org.orrery.imaging.uvfits;
