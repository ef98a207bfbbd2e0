/**
 * Figures (PNG and vector PDF, drawn with XChart) and report folders for posterior validation:
 * {@link org.orrery.report.Figures} makes the standard figures, {@link org.orrery.report.Report}
 * writes {@code index.html}, {@code metrics.json} and {@code table.tex}. Rendering is headless.
 * A plain library for the host and the command line; not exported to plugins.
 */
package org.orrery.report;
