/**
 * The HDF5 simulation bank: {@code /theta}, {@code /x}, {@code /index}, {@code /failures/…} and
 * attributes describing the simulator, prior and campaign. Host side only: not exported.
 */
package org.orrery.bank;
