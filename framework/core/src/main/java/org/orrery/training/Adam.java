package org.orrery.training;

import java.util.Arrays;

/**
 * Adam on flat double arrays, one optimiser over one or more parameter blocks, in either of the two
 * conventions Orrery must reproduce bit for bit:
 * <ul>
 * <li>{@link Convention#TORCH} (torch.optim.Adam): {@code p -= lr/(1-β1ᵗ) · m / (√v/√(1-β2ᵗ) + ε)}, ε
 * added to the bias-corrected root;</li>
 * <li>{@link Convention#SKLEARN} (scikit-learn's AdamOptimizer): {@code p -= lr·√(1-β2ᵗ)/(1-β1ᵗ) · m /
 * (√v + ε)}, ε added to the raw root.</li>
 * </ul>
 * The two differ by a factor √(1-β2ᵗ) on ε, which matters early in training. Its state (step count and
 * moments) is exported and restored for training checkpoints.
 */
public final class Adam {

    /** Where ε enters the update; see the class comment. */
    public enum Convention { TORCH, SKLEARN }

    private final Convention convention;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double[][] m;
    private final double[][] v;
    private long t;

    /** An optimiser with β = (0.9, 0.999), ε = 1e-8 over blocks of the given sizes. */
    public Adam(Convention convention, int... blockSizes) {
        this(convention, 0.9, 0.999, 1e-8, blockSizes);
    }

    public Adam(Convention convention, double beta1, double beta2, double eps, int... blockSizes) {
        if (convention == null || blockSizes == null || blockSizes.length == 0) {
            throw new IllegalArgumentException("Adam needs a convention and at least one parameter block");
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0)) {
            throw new IllegalArgumentException("Adam needs 0 <= beta < 1 and eps > 0, got beta1 " + beta1 + ", beta2 " + beta2
                    + ", eps " + eps);
        }
        this.convention = convention;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        m = new double[blockSizes.length][];
        v = new double[blockSizes.length][];
        for (int k = 0; k < blockSizes.length; k++) {
            m[k] = new double[blockSizes[k]];
            v[k] = new double[blockSizes[k]];
        }
    }

    /** Starts update number {@link #steps()}+1; call once before updating the blocks of one step. */
    public void nextStep() {
        t++;
    }

    /** Completed steps (bias correction uses it). */
    public long steps() {
        return t;
    }

    /** One step over block 0: {@link #nextStep()} then {@link #update}. */
    public void step(double[] p, double[] g, double[] mask, double lr) {
        nextStep();
        update(0, p, g, mask, lr);
    }

    /**
     * Updates block {@code k} with gradient {@code g} at the current step; entries whose {@code mask}
     * is 0 are left alone (mask may be null).
     */
    public void update(int k, double[] p, double[] g, double[] mask, double lr) {
        double[] mk = m[k];
        double[] vk = v[k];
        if (p.length != mk.length || g.length != mk.length || (mask != null && mask.length != mk.length)) {
            throw new IllegalArgumentException("Adam block " + k + " holds " + mk.length + " values, got parameters of "
                    + p.length + " and gradients of " + g.length);
        }
        if (t < 1) {
            throw new IllegalStateException("Adam.update before nextStep");
        }
        double b1 = beta1;
        double b2 = beta2;
        if (convention == Convention.TORCH) {
            double c1 = 1 - Math.pow(b1, t);
            double c2 = Math.sqrt(1 - Math.pow(b2, t));
            double step = lr / c1;
            for (int i = 0; i < p.length; i++) {
                if (mask != null && mask[i] == 0) {
                    continue;
                }
                double gi = g[i];
                double mi = b1 * mk[i] + (1 - b1) * gi;
                double vi = b2 * vk[i] + (1 - b2) * gi * gi;
                mk[i] = mi;
                vk[i] = vi;
                p[i] -= step * mi / (Math.sqrt(vi) / c2 + eps);
            }
        } else {
            double lrT = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            for (int i = 0; i < p.length; i++) {
                if (mask != null && mask[i] == 0) {
                    continue;
                }
                double gi = g[i];
                mk[i] = b1 * mk[i] + (1 - b1) * gi;
                vk[i] = b2 * vk[i] + (1 - b2) * gi * gi;
                p[i] -= lrT * mk[i] / (Math.sqrt(vk[i]) + eps);
            }
        }
    }

    /** Step count and moments, copied, for a checkpoint. */
    public State state() {
        return new State(t, deepCopy(m), deepCopy(v));
    }

    /** Restores what {@link #state()} exported; the block sizes must match. */
    public void restore(State s) {
        if (s.first().length != m.length) {
            throw new IllegalArgumentException("optimiser state has " + s.first().length + " blocks, this Adam has " + m.length);
        }
        for (int k = 0; k < m.length; k++) {
            if (s.first()[k].length != m[k].length || s.second()[k].length != v[k].length) {
                throw new IllegalArgumentException("optimiser state block " + k + " holds " + s.first()[k].length
                        + " values, this Adam's holds " + m[k].length);
            }
            System.arraycopy(s.first()[k], 0, m[k], 0, m[k].length);
            System.arraycopy(s.second()[k], 0, v[k], 0, v[k].length);
        }
        t = s.steps();
    }

    /** Adam's state: completed steps and the first and second moments per block. */
    public record State(long steps, double[][] first, double[][] second) {
        public State {
            if (steps < 0 || first == null || second == null || first.length != second.length) {
                throw new IllegalArgumentException("invalid Adam state: steps " + steps);
            }
            first = deepCopy(first);
            second = deepCopy(second);
        }

        @Override
        public double[][] first() {
            return deepCopy(first);
        }

        @Override
        public double[][] second() {
            return deepCopy(second);
        }
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int k = 0; k < a.length; k++) {
            c[k] = Arrays.copyOf(a[k], a[k].length);
        }
        return c;
    }
}
