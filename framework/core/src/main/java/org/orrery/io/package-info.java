/**
 * Files a person can open: observation readers (FITS image/table, HDF5, CSV) and posterior-sample
 * writers (HDF5, FITS, CSV). Host side only: not exported to plugins.
 */
package org.orrery.io;
