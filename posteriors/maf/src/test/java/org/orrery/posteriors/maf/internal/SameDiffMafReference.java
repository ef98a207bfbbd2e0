package org.orrery.posteriors.maf.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The same conditional MAF written in SameDiff (ND4J autodiff), used as the independent reference
 * for the fused primitive-array implementation: log-probabilities and loss gradients must agree.
 * Each weight block of the flat parameter vector becomes one SameDiff variable; masks are constants.
 */
final class SameDiffMafReference {

    private final MafNetwork net;
    private final SameDiff sd = SameDiff.create();
    /** variable name → (offset into the flat parameters, rows, cols, column offset, stride). */
    private final Map<String, int[]> layout = new LinkedHashMap<>();
    private final SDVariable logProb;

    SameDiffMafReference(MafNetwork net, double[] p) {
        this.net = net;
        int d = net.d;
        int c = net.c;
        int h = net.h;
        SDVariable u = sd.placeHolder("u", DataType.DOUBLE, -1, d);
        SDVariable ctx = sd.placeHolder("ctx", DataType.DOUBLE, -1, c);
        SDVariable y = u;
        // row sums and reorderings as matrix products: plain ops whose gradients SameDiff handles for any d
        SDVariable ones = sd.constant("ones", Nd4j.ones(DataType.DOUBLE, d, 1));
        SDVariable logDet = null;
        for (int b = 0; b < net.k; b++) {
            int base = b * net.blockSize;
            SDVariable w1 = masked("w1_" + b, p, base + net.oW1, d, h, 0, h);
            SDVariable wc = masked("wc_" + b, p, base + net.oWc, c, h, 0, h);
            SDVariable b1 = masked("b1_" + b, p, base + net.oB1, 1, h, 0, h);
            SDVariable w2 = masked("w2_" + b, p, base + net.oW2, h, h, 0, h);
            SDVariable b2 = masked("b2_" + b, p, base + net.oB2, 1, h, 0, h);
            SDVariable wos = masked("wos_" + b, p, base + net.oWo, h, d, 0, 2 * d);
            SDVariable wor = masked("wor_" + b, p, base + net.oWo, h, d, d, 2 * d);
            SDVariable bos = masked("bos_" + b, p, base + net.oBo, 1, d, 0, 2 * d);
            SDVariable bor = masked("bor_" + b, p, base + net.oBo, 1, d, d, 2 * d);
            SDVariable h1 = sd.math.tanh(sd.mmul(y, w1).add(sd.mmul(ctx, wc)).add(b1));
            SDVariable h2 = sd.math.tanh(sd.mmul(h1, w2).add(b2));
            SDVariable shift = sd.mmul(h2, wos).add(bos);
            SDVariable scale = sd.nn.softplus(sd.mmul(h2, wor).add(bor)).add(MafNetwork.SCALE_EPS);
            SDVariable z = scale.mul(y).add(shift);
            SDVariable ld = sd.mmul(sd.math.log(scale), ones);
            logDet = logDet == null ? ld : logDet.add(ld);
            y = b == net.k - 1 ? z : sd.mmul(z, permutation(b));
        }
        SDVariable base = sd.mmul(y.mul(y), ones).mul(-0.5).sub(d * MafNetwork.HALF_LOG_2PI);
        logProb = base.add(logDet);
        logProb.rename("logProb");
        SDVariable loss = logProb.mean().neg();
        loss.rename("loss");
        sd.setLossVariables("loss");
    }

    /** P with (z·P)[:, i] = z[:, perm[i]]. */
    private SDVariable permutation(int b) {
        INDArray m = Nd4j.zeros(DataType.DOUBLE, net.d, net.d);
        for (int i = 0; i < net.d; i++) {
            m.putScalar(net.perm[b][i], i, 1.0);
        }
        return sd.constant("perm_" + b, m);
    }

    /**
     * A variable holding rows×cols of the flat parameters starting at {@code off}, columns
     * [col0, col0+cols) of a row-major block with {@code stride} columns, times its mask.
     */
    private SDVariable masked(String name, double[] p, int off, int rows, int cols, int col0, int stride) {
        INDArray w = Nd4j.create(DataType.DOUBLE, rows, cols);
        INDArray m = Nd4j.create(DataType.DOUBLE, rows, cols);
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < cols; q++) {
                w.putScalar(r, q, p[off + r * stride + col0 + q]);
                m.putScalar(r, q, net.mask[off + r * stride + col0 + q]);
            }
        }
        layout.put(name, new int[] {off, rows, cols, col0, stride});
        return sd.var(name, w).mul(sd.constant(name + "_mask", m));
    }

    private Map<String, INDArray> feed(double[] u, double[] ctx, int n) {
        var f = new HashMap<String, INDArray>();
        f.put("u", Nd4j.create(u, new long[] {n, net.d}, DataType.DOUBLE));
        f.put("ctx", Nd4j.create(ctx, new long[] {n, net.c}, DataType.DOUBLE));
        return f;
    }

    double[] logProb(double[] u, double[] ctx, int n) {
        INDArray out = sd.output(feed(u, ctx, n), "logProb").get("logProb");
        return out.reshape(n).toDoubleVector();
    }

    /** Gradient of −mean log q with respect to the flat parameter vector. */
    double[] gradient(double[] u, double[] ctx, int n) {
        Map<String, INDArray> grads = sd.calculateGradients(feed(u, ctx, n), layout.keySet().toArray(String[]::new));
        double[] g = new double[net.numParams()];
        for (var e : layout.entrySet()) {
            int[] l = e.getValue();
            INDArray gr = grads.get(e.getKey());
            for (int r = 0; r < l[1]; r++) {
                for (int q = 0; q < l[2]; q++) {
                    g[l[0] + r * l[4] + l[3] + q] = gr.getDouble(r, q);
                }
            }
        }
        return g;
    }
}
