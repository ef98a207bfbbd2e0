package org.orrery.bank;

/**
 * A simulation that produced no usable x.
 *
 * @param index  simulation index in the campaign
 * @param theta  the parameters it was run with
 * @param reason one line, e.g. {@code returned NaN at x[3]} or {@code timeout after 5 s}
 */
public record Failure(long index, double[] theta, String reason) {

    public Failure {
        if (index < 0) {
            throw new IllegalArgumentException("failure index must be >= 0, got: " + index);
        }
        theta = theta.clone();
        reason = reason == null || reason.isBlank() ? "unknown" : reason.lines().findFirst().orElse("unknown");
    }

    @Override
    public double[] theta() {
        return theta.clone();
    }
}
