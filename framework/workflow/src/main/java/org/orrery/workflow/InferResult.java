package org.orrery.workflow;

import java.nio.file.Path;
import java.util.List;

/**
 * Samples drawn and written.
 *
 * @param out        the samples file
 * @param parameters parameter names, one column each
 * @param samples    the samples, [numSamples][parameters]
 * @param seconds    wall time
 */
public record InferResult(Path out, List<String> parameters, double[][] samples, double seconds) {
}
