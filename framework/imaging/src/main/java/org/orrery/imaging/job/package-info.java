/**
 * The {@code image} use case as a Java call: read a UVFITS observation, build the data products,
 * sample the image posterior under one or several priors, and write FITS cubes, ring parameters
 * and a report. Front ends (the CLI's {@code orrery image}) only parse arguments and call
 * {@link org.orrery.imaging.job.ImageJob}. Host side.
 */
package org.orrery.imaging.job;
