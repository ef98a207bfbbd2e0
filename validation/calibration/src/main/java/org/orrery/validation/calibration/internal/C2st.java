package org.orrery.validation.calibration.internal;

import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.orrery.training.Adam;
import org.orrery.training.ZScore;

/**
 * Classifier two-sample test exactly as sbibm's {@code c2st}: both sets z-scored with the first
 * (reference) set's mean and unbiased std; an MLP with two hidden layers of 10·dim ReLU units and a
 * logistic output, trained like scikit-learn's {@code MLPClassifier(solver="adam", max_iter=10000)}
 * (Glorot-uniform init, Adam lr 1e-3, L2 α = 1e-4, mini-batches of min(200, n) reshuffled every
 * epoch, stop when the training loss has not improved by 1e-4 for more than 10 epochs); mean
 * accuracy over a shuffled 5-fold split. 0.5 means indistinguishable, 1.0 fully separable.
 *
 * <p>Plain Java without OSGi dependencies so that benchmarks and the CLI can call it directly.
 */
public final class C2st {

    static final int FOLDS = 5;
    static final int MAX_EPOCHS = 10_000;
    static final int MAX_BATCH = 200;
    static final double LEARNING_RATE = 1e-3;
    static final double ALPHA = 1e-4;
    static final double TOL = 1e-4;
    static final int N_ITER_NO_CHANGE = 10;

    private C2st() {
    }

    /**
     * Cross-validated accuracy of telling {@code p} (the reference, label 0) from {@code q} (label 1).
     *
     * @param p    reference samples, rows of equal length; their mean and std z-score both sets
     * @param q    samples to compare, rows of the same length
     * @param seed fixes the fold split, the weight initialisation and the mini-batch order
     */
    public static double accuracy(double[][] p, double[][] q, long seed) {
        int dim = checkSamples(p, q);
        int n = p.length + q.length;
        double[] data = new double[n * dim];
        double[] label = new double[n];
        for (int i = 0; i < n; i++) {
            double[] row = i < p.length ? p[i] : q[i - p.length];
            label[i] = i < p.length ? 0 : 1;
            System.arraycopy(row, 0, data, i * dim, dim);
        }
        ZScore z;
        try {
            // Unbiased, like torch.std in sbibm; fitted on the reference set only.
            z = ZScore.fit(data, p.length, dim, false);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("c2st: reference samples: " + e.getMessage());
        }
        z.applyInPlace(data, n);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        int[] order = permutation(n, rng);
        long[] foldSeeds = new long[FOLDS];
        for (int f = 0; f < FOLDS; f++) {
            foldSeeds[f] = rng.nextLong();
        }
        // Fold sizes as sklearn's KFold: the first n % k folds get one extra sample.
        int[] start = new int[FOLDS + 1];
        for (int f = 0; f < FOLDS; f++) {
            start[f + 1] = start[f] + n / FOLDS + (f < n % FOLDS ? 1 : 0);
        }
        // Folds are independent and seeded up front, so running them in parallel stays deterministic.
        double[] acc = IntStream.range(0, FOLDS).parallel().mapToDouble(f -> {
            int testSize = start[f + 1] - start[f];
            int[] train = new int[n - testSize];
            int[] test = new int[testSize];
            int t = 0;
            for (int i = 0; i < n; i++) {
                if (i >= start[f] && i < start[f + 1]) {
                    test[i - start[f]] = order[i];
                } else {
                    train[t++] = order[i];
                }
            }
            Mlp mlp = new Mlp(dim, 10 * dim, RandomSource.XO_RO_SHI_RO_128_PP.create(foldSeeds[f]));
            mlp.fit(data, label, train);
            return mlp.accuracy(data, label, test);
        }).toArray();
        double sum = 0;
        for (double a : acc) {
            sum += a;
        }
        return sum / FOLDS;
    }

    private static int checkSamples(double[][] p, double[][] q) {
        if (p == null || q == null || p.length < FOLDS || q.length < FOLDS) {
            throw new IllegalArgumentException("c2st needs at least " + FOLDS + " samples in each set, got "
                    + (p == null ? "null" : p.length) + " and " + (q == null ? "null" : q.length));
        }
        int dim = p[0].length;
        if (dim == 0) {
            throw new IllegalArgumentException("c2st needs samples with at least one column");
        }
        for (double[][] set : new double[][][] {p, q}) {
            for (int i = 0; i < set.length; i++) {
                if (set[i].length != dim) {
                    throw new IllegalArgumentException("c2st: row " + i + " has " + set[i].length + " columns, expected " + dim);
                }
                for (double v : set[i]) {
                    if (!Double.isFinite(v)) {
                        throw new IllegalArgumentException("c2st: row " + i + " holds a non-finite value " + v);
                    }
                }
            }
        }
        return dim;
    }

    static int[] permutation(int n, UniformRandomProvider rng) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
        return a;
    }

    /** in → h → h → 1 ReLU MLP with a logistic output, trained with Adam on flat primitive arrays. */
    static final class Mlp {
        private final int in;
        private final int h;
        private final UniformRandomProvider rng;
        // Row-major [fan_in][fan_out] so inner loops run over contiguous output units.
        private final double[] w1;
        private final double[] b1;
        private final double[] w2;
        private final double[] b2;
        private final double[] w3;
        private final double[] b3 = new double[1];
        // w2 transposed, refreshed after every step, so that backpropagating through it vectorises.
        private final double[] w2t;
        private final double[][] params;
        private final double[][] grads;
        private final Adam adam;

        Mlp(int in, int h, UniformRandomProvider rng) {
            this.in = in;
            this.h = h;
            this.rng = rng;
            w1 = new double[in * h];
            b1 = new double[h];
            w2 = new double[h * h];
            b2 = new double[h];
            w3 = new double[h];
            // sklearn's _init_coef: U(±sqrt(6 / (fan_in + fan_out))) for weights and biases alike.
            init(w1, in, h);
            init(b1, in, h);
            init(w2, h, h);
            init(b2, h, h);
            init(w3, h, 1);
            init(b3, h, 1);
            w2t = new double[h * h];
            transposeW2();
            params = new double[][] {w1, b1, w2, b2, w3, b3};
            grads = new double[params.length][];
            int[] sizes = new int[params.length];
            for (int k = 0; k < params.length; k++) {
                grads[k] = new double[params[k].length];
                sizes[k] = params[k].length;
            }
            adam = new Adam(Adam.Convention.SKLEARN, sizes);
        }

        private void init(double[] a, int fanIn, int fanOut) {
            double bound = Math.sqrt(6.0 / (fanIn + fanOut));
            for (int i = 0; i < a.length; i++) {
                a[i] = (2 * rng.nextDouble() - 1) * bound;
            }
        }

        void fit(double[] data, double[] label, int[] rows) {
            int n = rows.length;
            int batch = Math.min(MAX_BATCH, n);
            int[] idx = rows.clone();
            double[] a1 = new double[h];
            double[] a2 = new double[h];
            double[] d1 = new double[h];
            double[] d2 = new double[h];
            double best = Double.POSITIVE_INFINITY;
            int noImprovement = 0;
            long step = 0;
            for (int epoch = 0; epoch < MAX_EPOCHS; epoch++) {
                shuffle(idx);
                double epochLoss = 0;
                for (int from = 0; from < n; from += batch) {
                    int to = Math.min(n, from + batch);
                    int bs = to - from;
                    for (double[] g : grads) {
                        java.util.Arrays.fill(g, 0);
                    }
                    double loss = 0;
                    for (int s = from; s < to; s++) {
                        int r = idx[s];
                        int off = r * in;
                        double z = forward(data, off, a1, a2);
                        double y = label[r];
                        // Log-loss of a logistic output, log(1 + e^z) − y·z, written to avoid overflow.
                        loss += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y * z;
                        double delta = sigmoid(z) - y;
                        backward(data, off, a1, a2, d1, d2, delta);
                    }
                    double sq = 0;
                    for (double[] w : new double[][] {w1, w2, w3}) {
                        for (double x : w) {
                            sq += x * x;
                        }
                    }
                    loss = loss / bs + 0.5 * ALPHA * sq / bs;
                    epochLoss += loss * bs;
                    adam(++step, bs);
                }
                epochLoss /= n;
                // sklearn's _update_no_improvement_count with early_stopping=False.
                if (epochLoss > best - TOL) {
                    noImprovement++;
                } else {
                    noImprovement = 0;
                }
                if (epochLoss < best) {
                    best = epochLoss;
                }
                if (noImprovement > N_ITER_NO_CHANGE) {
                    break;
                }
            }
        }

        private double forward(double[] data, int off, double[] a1, double[] a2) {
            System.arraycopy(b1, 0, a1, 0, h);
            for (int i = 0; i < in; i++) {
                double x = data[off + i];
                int row = i * h;
                for (int j = 0; j < h; j++) {
                    a1[j] += x * w1[row + j];
                }
            }
            System.arraycopy(b2, 0, a2, 0, h);
            for (int j = 0; j < h; j++) {
                double x = a1[j];
                if (x <= 0) {
                    a1[j] = 0;
                    continue; // ReLU zero: the whole row of w2 contributes nothing.
                }
                int row = j * h;
                for (int k = 0; k < h; k++) {
                    a2[k] += x * w2[row + k];
                }
            }
            double z = b3[0];
            for (int k = 0; k < h; k++) {
                if (a2[k] < 0) {
                    a2[k] = 0;
                }
                z += a2[k] * w3[k];
            }
            return z;
        }

        private void backward(double[] data, int off, double[] a1, double[] a2, double[] d1, double[] d2, double delta) {
            double[] gw1 = grads[0];
            double[] gb1 = grads[1];
            double[] gw2 = grads[2];
            double[] gb2 = grads[3];
            double[] gw3 = grads[4];
            grads[5][0] += delta;
            for (int k = 0; k < h; k++) {
                gw3[k] += a2[k] * delta;
                d2[k] = a2[k] > 0 ? delta * w3[k] : 0;
                gb2[k] += d2[k];
            }
            java.util.Arrays.fill(d1, 0);
            for (int k = 0; k < h; k++) {
                double d = d2[k];
                if (d == 0) {
                    continue;
                }
                int row = k * h;
                for (int j = 0; j < h; j++) {
                    d1[j] += w2t[row + j] * d;
                }
            }
            for (int j = 0; j < h; j++) {
                if (a1[j] <= 0) {
                    d1[j] = 0;
                    continue;
                }
                double x = a1[j];
                int row = j * h;
                for (int k = 0; k < h; k++) {
                    gw2[row + k] += x * d2[k];
                }
                gb1[j] += d1[j];
            }
            for (int i = 0; i < in; i++) {
                double x = data[off + i];
                int row = i * h;
                for (int j = 0; j < h; j++) {
                    gw1[row + j] += x * d1[j];
                }
            }
        }

        /** sklearn's AdamOptimizer (the shared {@link Adam}, its ε convention) with the L2 term added to the weight (not bias) gradients. */
        private void adam(long t, int bs) {
            adam.nextStep();
            assert adam.steps() == t;
            for (int k = 0; k < params.length; k++) {
                double[] p = params[k];
                double[] g = grads[k];
                boolean weights = k % 2 == 0;
                for (int i = 0; i < p.length; i++) {
                    g[i] = (g[i] + (weights ? ALPHA * p[i] : 0)) / bs;
                }
                adam.update(k, p, g, null, LEARNING_RATE);
            }
            transposeW2();
        }

        private void transposeW2() {
            for (int j = 0; j < h; j++) {
                for (int k = 0; k < h; k++) {
                    w2t[k * h + j] = w2[j * h + k];
                }
            }
        }

        double accuracy(double[] data, double[] label, int[] rows) {
            double[] a1 = new double[h];
            double[] a2 = new double[h];
            int correct = 0;
            for (int r : rows) {
                // sklearn predicts class 1 when the probability exceeds 0.5, i.e. z > 0.
                int predicted = forward(data, r * in, a1, a2) > 0 ? 1 : 0;
                if (predicted == (int) label[r]) {
                    correct++;
                }
            }
            return (double) correct / rows.length;
        }

        private void shuffle(int[] a) {
            for (int i = a.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int tmp = a[i];
                a[i] = a[j];
                a[j] = tmp;
            }
        }

        private static double sigmoid(double z) {
            return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
        }
    }
}
