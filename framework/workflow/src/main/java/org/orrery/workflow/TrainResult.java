package org.orrery.workflow;

import java.nio.file.Path;
import java.util.List;
import org.orrery.posterior.EpochReport;
import org.orrery.posteriorfile.PosteriorFile;

/**
 * A trained posterior, written.
 *
 * @param out       the posterior file
 * @param header    what the file records (estimator, settings, history, provenance)
 * @param seconds   wall time of training and writing
 * @param withdrawn true when the estimator was replaced during training (this posterior used the old one)
 */
public record TrainResult(Path out, PosteriorFile.Header header, double seconds, boolean withdrawn) {

    public List<EpochReport> history() {
        return header.history();
    }

    /**
     * Smallest validation loss over the epochs, or NaN without history; an epoch whose validation loss
     * was NaN (libtorch's intermittent non-finite output, issue 13) is not the best, as in training's
     * own choice of the best weights.
     */
    public double bestValidationLoss() {
        return header.history().stream().mapToDouble(EpochReport::validationLoss).filter(v -> !Double.isNaN(v)).min()
                .orElse(Double.NaN);
    }
}
