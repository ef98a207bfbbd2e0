package org.orrery.simulators.benchmarks.internal;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * MCMC for the slcp posterior p(θ | x) ∝ p(x | θ)·1[θ ∈ [−3, 3]⁵]: several independent chains of
 * coordinate-wise slice sampling (Neal 2003, stepping out and shrinkage), each started at the best
 * of many prior draws, with burn-in and thinning, drawn from in turn.
 *
 * <p>p(x | θ) depends on θ₃ and θ₄ only through θ₃² and θ₄², so the posterior is exactly invariant
 * under θ₃ → −θ₃ and θ₄ → −θ₄. Each chain state is flipped by independent random signs before it
 * is used: a move that leaves the target invariant and puts every draw in all four modes with the
 * right weights, whatever modes the chain itself found.
 */
final class SlcpPosterior {

    static final int CHAINS = 8;
    static final int BURN_IN_SWEEPS = 1000;
    static final int THIN_SWEEPS = 10;
    static final int START_CANDIDATES = 500;
    private static final double SLICE_WIDTH = 0.5;
    private static final int MAX_STEP_OUT = 64;
    private static final int DIM = 5;

    private final double[] x;

    SlcpPosterior(double[] x) {
        this.x = x.clone();
    }

    double logTarget(double[] theta) {
        for (double t : theta) {
            if (!(t >= -Slcp.BOUND && t <= Slcp.BOUND)) {
                return Double.NEGATIVE_INFINITY;
            }
        }
        return Slcp.logLikelihood(theta, x);
    }

    double[][] sample(int n, UniformRandomProvider rng) {
        double[][] state = new double[CHAINS][];
        double[] logp = new double[CHAINS];
        for (int c = 0; c < CHAINS; c++) {
            state[c] = start(rng);
            logp[c] = logTarget(state[c]);
            for (int s = 0; s < BURN_IN_SWEEPS; s++) {
                logp[c] = sweep(state[c], logp[c], rng);
            }
        }
        double[][] out = new double[n][];
        for (int k = 0; k < n; k++) {
            int c = k % CHAINS;
            for (int s = 0; s < THIN_SWEEPS; s++) {
                logp[c] = sweep(state[c], logp[c], rng);
            }
            if (rng.nextBoolean()) {
                state[c][2] = -state[c][2];
            }
            if (rng.nextBoolean()) {
                state[c][3] = -state[c][3];
            }
            out[k] = state[c].clone();
        }
        return out;
    }

    /** The most likely of a few hundred prior draws: inside the posterior bulk, so burn-in is short. */
    private double[] start(UniformRandomProvider rng) {
        double[] best = null;
        double bestLogp = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < START_CANDIDATES; i++) {
            double[] theta = new double[DIM];
            for (int d = 0; d < DIM; d++) {
                theta[d] = Slcp.BOUND * (2 * rng.nextDouble() - 1);
            }
            double lp = logTarget(theta);
            if (best == null || lp > bestLogp) {
                best = theta;
                bestLogp = lp;
            }
        }
        return best;
    }

    /** One slice-sampling update of every coordinate in turn; returns the new log target. */
    private double sweep(double[] theta, double logp, UniformRandomProvider rng) {
        for (int d = 0; d < DIM; d++) {
            logp = updateCoordinate(theta, d, logp, rng);
        }
        return logp;
    }

    private double updateCoordinate(double[] theta, int d, double logp, UniformRandomProvider rng) {
        double x0 = theta[d];
        double level = logp + Math.log(1 - rng.nextDouble()); // log of a uniform height under p(θ)
        double left = x0 - SLICE_WIDTH * rng.nextDouble();
        double right = left + SLICE_WIDTH;
        for (int i = 0; i < MAX_STEP_OUT && at(theta, d, left) > level; i++) {
            left -= SLICE_WIDTH;
        }
        for (int i = 0; i < MAX_STEP_OUT && at(theta, d, right) > level; i++) {
            right += SLICE_WIDTH;
        }
        while (true) {
            double candidate = left + (right - left) * rng.nextDouble();
            double lp = at(theta, d, candidate);
            if (lp > level) {
                theta[d] = candidate;
                return lp;
            }
            // Shrink towards the current point, which is always inside the slice.
            if (candidate < x0) {
                left = candidate;
            } else {
                right = candidate;
            }
        }
    }

    private double at(double[] theta, int d, double value) {
        double saved = theta[d];
        theta[d] = value;
        double lp = logTarget(theta);
        theta[d] = saved;
        return lp;
    }
}
