package org.orrery.posteriors.maf.internal;

import java.util.Arrays;

/**
 * Per-epoch mean losses −log q(θ | x) in the units of θ (training and validation), the epoch whose
 * weights were kept, and the number of optimiser steps taken.
 */
record TrainingHistory(double[] trainLoss, double[] validationLoss, int bestEpoch, long steps) {

    TrainingHistory {
        if (trainLoss.length != validationLoss.length) {
            throw new IllegalArgumentException("history lengths differ: " + trainLoss.length + " vs " + validationLoss.length);
        }
        if (bestEpoch < 0 || bestEpoch > trainLoss.length) {
            throw new IllegalArgumentException("best epoch " + bestEpoch + " outside 0.." + trainLoss.length);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("negative step count: " + steps);
        }
        trainLoss = trainLoss.clone();
        validationLoss = validationLoss.clone();
    }

    int epochs() {
        return trainLoss.length;
    }

    @Override
    public double[] trainLoss() {
        return trainLoss.clone();
    }

    @Override
    public double[] validationLoss() {
        return validationLoss.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingHistory t && Arrays.equals(t.trainLoss, trainLoss)
                && Arrays.equals(t.validationLoss, validationLoss) && t.bestEpoch == bestEpoch && t.steps == steps;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(validationLoss) * 31 + bestEpoch;
    }
}
