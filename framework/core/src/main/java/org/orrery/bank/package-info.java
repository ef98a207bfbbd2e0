/**
 * The HDF5 simulation bank: {@code /theta}, {@code /index}, one dataset {@code /<name>} per named
 * simulator output (the observable, named by the root attribute {@code observable}, {@code x} for
 * the benchmark tasks; latents beside it), point sets of varying size as {@code /<name>} plus
 * {@code /<name>_offsets}, {@code /failures/…} and attributes describing the simulator, prior, box
 * and campaign (see {@link org.orrery.bank.BankWriter}). Host side only: not exported.
 */
package org.orrery.bank;
