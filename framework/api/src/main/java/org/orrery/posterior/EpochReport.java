package org.orrery.posterior;

/** Progress of one training epoch, reported by estimators to the host. */
public record EpochReport(int epoch, int maxEpochs, double trainLoss, double validationLoss, long steps, boolean improved) {
    public EpochReport {
        if (epoch < 0 || maxEpochs < 0) {
            throw new IllegalArgumentException("epoch counts must be >= 0, got " + epoch + "/" + maxEpochs);
        }
    }
}
