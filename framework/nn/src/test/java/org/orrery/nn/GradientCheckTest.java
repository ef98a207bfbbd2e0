package org.orrery.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * libtorch's gradients of every layer of the library against central finite differences, in
 * float64 on tiny sizes: for each parameter tensor, a few entries chosen at random.
 */
class GradientCheckTest {

    static NDArray randn(NDManager m, Random r, long... shape) {
        double[] v = new double[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return m.create(v, new Shape(shape));
    }

    /** Checks d loss / d p for up to {@code perParam} entries of every parameter; returns the worst relative error. */
    static double check(Params p, Supplier<NDArray> loss, int perParam) {
        for (NDArray a : p.all().values()) {
            a.setRequiresGradient(true);
        }
        Training.step(loss, null);
        Random r = new Random(7);
        double worst = 0;
        int checked = 0;
        for (Map.Entry<String, NDArray> e : p.all().entrySet()) {
            NDArray w = e.getValue();
            double[] grad = w.getGradient().toDoubleArray();
            double[] v = w.toDoubleArray();
            for (int k = 0; k < Math.min(perParam, v.length); k++) {
                int i = r.nextInt(v.length);
                double h = 1e-6;
                double keep = v[i];
                v[i] = keep + h;
                w.set(v);
                double up = Training.eval(loss);
                v[i] = keep - h;
                w.set(v);
                double dn = Training.eval(loss);
                v[i] = keep;
                w.set(v);
                double fd = (up - dn) / (2 * h);
                double err = Math.abs(fd - grad[i]) / Math.max(1e-3, Math.abs(fd) + Math.abs(grad[i]));
                assertTrue(err < 1e-5, e.getKey() + "[" + i + "]: autograd " + grad[i] + " vs finite difference " + fd);
                worst = Math.max(worst, err);
                checked++;
            }
        }
        assertTrue(checked > 10, "checked only " + checked + " entries");
        return worst;
    }

    @Test
    void unet2dPeriodicWithTimeEmbedding() {
        Params p = new Params(3, DataType.FLOAT64);
        NDManager m = p.manager();
        Random r = new Random(1);
        Layers.UNet u = new Layers.UNet(p, "u", 2, 1, 1, new int[] {4, 8}, 8, 2, true);
        NDArray x = randn(m, r, 2, 1, 8, 8);
        NDArray t = m.create(new double[] {0.3, 0.8});
        NDArray weight = randn(m, r, 2, 1, 8, 8);
        double worst = check(p, () -> u.forward(x, t).mul(weight).sum(), 3);
        assertTrue(worst < 1e-5);
    }

    /**
     * {@link Layers.UNet#pass} is {@link Layers.UNet#forward} plus the bottleneck: the same output bit for
     * bit, the bottleneck of the deepest level's shape; a head on its global mean (with the time
     * embedding) beside the output gets autograd gradients equal to finite differences.
     */
    @Test
    void unetBottleneckAndAHeadOnIt() {
        Params p = new Params(5, DataType.FLOAT64);
        NDManager m = p.manager();
        Random r = new Random(4);
        Layers.UNet u = new Layers.UNet(p, "u", 2, 2, 1, new int[] {4, 8}, 8, 2, true);
        Layers.Mlp head = new Layers.Mlp(p, "head", 8 + 8, 6, 2);
        NDArray x = randn(m, r, 2, 2, 8, 8);
        NDArray t = m.create(new double[] {0.2, 0.7});
        Layers.UNet.Pass pass = u.pass(x, t);
        assertEquals(8, u.bottleneckChannels());
        assertEquals(8, u.timeEmbeddingWidth());
        assertEquals(new Shape(2, 8, 4, 4), pass.bottleneck().getShape());
        assertEquals(new Shape(2, 8), pass.timeEmbedding().getShape());
        assertEquals(new Shape(2, 1, 8, 8), pass.output().getShape());
        assertTrue(java.util.Arrays.equals(u.forward(x, t).toDoubleArray(), pass.output().toDoubleArray()),
                "pass(x, t).output() equals forward(x, t)");
        NDArray wHead = randn(m, r, 2, 2);
        NDArray wOut = randn(m, r, 2, 1, 8, 8);
        check(p, () -> {
            Layers.UNet.Pass q = u.pass(x, t);
            NDArray pooled = Ops.globalMean(q.bottleneck());
            NDArray h = head.forward(ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(pooled, q.timeEmbedding()), 1));
            return h.mul(wHead).sum().add(q.output().mul(wOut).sum());
        }, 2);
    }

    @Test
    void encoder3dPeriodicAndMlp() {
        Params p = new Params(4, DataType.FLOAT64);
        NDManager m = p.manager();
        Random r = new Random(2);
        Layers.CnnEncoder e = new Layers.CnnEncoder(p, "e", 3, 1, 4, new int[] {4, 8}, 6, 3, 2, true);
        Layers.Mlp mlp = new Layers.Mlp(p, "mlp", 3, 5, 2);
        NDArray x = randn(m, r, 2, 1, 4, 4, 4);
        NDArray weight = randn(m, r, 2, 2);
        check(p, () -> mlp.forward(e.forward(x)).mul(weight).sum(), 3);
    }

    @Test
    void groupNormMatchesDirectFormula() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDManager m = Nn.manager();
            Random r = new Random(3);
            NDArray x = randn(m, r, 2, 4, 3, 3);
            NDArray gamma = m.create(new double[] {1, 2, 3, 4});
            NDArray beta = m.create(new double[] {0, -1, 1, 0.5});
            double[] y = Ops.groupNorm(x, 2, gamma, beta, 1e-5f).toDoubleArray();
            double[] xv = x.toDoubleArray();
            int per = 2 * 9;
            for (int n = 0; n < 2; n++) {
                for (int g = 0; g < 2; g++) {
                    int off = n * 36 + g * per;
                    double mean = 0;
                    for (int i = 0; i < per; i++) {
                        mean += xv[off + i] / per;
                    }
                    double var = 0;
                    for (int i = 0; i < per; i++) {
                        var += (xv[off + i] - mean) * (xv[off + i] - mean) / per;
                    }
                    for (int i = 0; i < per; i++) {
                        int c = g * 2 + i / 9;
                        double want = (xv[off + i] - mean) / Math.sqrt(var + 1e-5) * (c + 1)
                                + new double[] {0, -1, 1, 0.5}[c];
                        assertEquals(want, y[off + i], 1e-9);
                    }
                }
            }
        }
    }
}
