/**
 * The {@code orrery} command line: one picocli subcommand per step of the pipeline (DESIGN §6).
 * Not a plugin API; plugins never see these classes.
 */
package org.orrery.cli;
