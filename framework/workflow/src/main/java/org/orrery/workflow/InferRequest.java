package org.orrery.workflow;

import java.nio.file.Path;

/**
 * Posterior samples for one observation.
 *
 * @param posterior   trained posterior file
 * @param observation observation spec: {@code obs.fits[:EXTNAME]}, {@code obs.h5[:/dataset]} or {@code obs.csv}
 * @param numSamples  number of samples
 * @param out         samples file (.h5, .fits or .csv)
 * @param seed        seed
 */
public record InferRequest(Path posterior, String observation, int numSamples, Path out, long seed) {
    public InferRequest {
        if (numSamples <= 0) {
            throw new WorkflowException("num_samples", "must be positive, got " + numSamples, null);
        }
    }
}
