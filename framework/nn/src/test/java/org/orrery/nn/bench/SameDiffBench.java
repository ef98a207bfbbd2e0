package org.orrery.nn.bench;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv3DConfig;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The reference networks of bench/nn-runtime.sh in DL4J SameDiff (oneDNN convolutions on CPU):
 * same shapes, layers and step as DjlBench and unet_torch.py (GroupNorm written from mean/variance
 * ops, SameDiff having none). One step = one {@code sd.fit} on one batch (forward, backward, Adam).
 * Threads: OMP_NUM_THREADS. Usage: SameDiffBench STEPS [unet2d,unet3d,cnn]
 */
public final class SameDiffBench {

    private final SameDiff sd = SameDiff.create();
    private final int dim;
    private final long n;
    private int id;

    private SameDiffBench(int dim, long n) {
        this.dim = dim;
        this.n = n;
    }

    public static void main(String[] args) {
        int steps = Integer.parseInt(args[0]);
        String nets = args.length > 1 ? args[1] : "unet2d,unet3d,cnn";
        Nd4j.getRandom().setSeed(0);
        System.out.println("SameDiff " + Nd4j.getBackend().getClass().getSimpleName() + ", OMP_NUM_THREADS="
                + System.getenv("OMP_NUM_THREADS"));
        for (String net : nets.split(",")) {
            run(net, steps);
        }
    }

    private String name(String p) {
        return p + (id++);
    }

    private SDVariable param(String p, double bound, long... shape) {
        INDArray v = Nd4j.rand(DataType.FLOAT, shape).subi(0.5).muli(2 * bound);
        return sd.var(name(p), v);
    }

    private SDVariable conv(SDVariable x, int in, int out, int k, int stride) {
        int pad = k / 2;
        double bound = 1 / Math.sqrt(in * Math.pow(k, dim));
        SDVariable b = param("b", bound, out);
        if (dim == 2) {
            SDVariable w = param("w", bound, k, k, in, out);
            return sd.cnn().conv2d(x, w, b, Conv2DConfig.builder().kH(k).kW(k).sH(stride).sW(stride).pH(pad).pW(pad)
                    .dataFormat("NCHW").build());
        }
        SDVariable w = param("w", bound, k, k, k, in, out);
        return sd.cnn().conv3d(x, w, b, Conv3DConfig.builder().kD(k).kH(k).kW(k).sD(stride).sH(stride).sW(stride)
                .pD(pad).pH(pad).pW(pad).biasUsed(true).dataFormat("NCDHW").build());
    }

    private long[] bshape(long c) {
        long[] s = new long[2 + dim];
        java.util.Arrays.fill(s, 1);
        s[1] = c;
        return s;
    }

    private SDVariable groupNorm(SDVariable x, long c, long spatial) {
        SDVariable gamma = sd.var(name("gamma"), Nd4j.ones(DataType.FLOAT, c));
        SDVariable beta = sd.var(name("beta"), Nd4j.zeros(DataType.FLOAT, c));
        SDVariable g = x.reshape(n, 8, c / 8 * spatial);
        SDVariable mean = g.mean(true, 2);
        SDVariable centred = g.sub(mean);
        SDVariable var = sd.math().square(centred).mean(true, 2);
        SDVariable normed = centred.mul(sd.math().rsqrt(var.add(1e-5))).reshape(shapeOf(c, spatial));
        return normed.mul(gamma.reshape(bshape(c))).add(beta.reshape(bshape(c)));
    }

    private long[] shapeOf(long c, long spatial) {
        long side = Math.round(Math.pow(spatial, 1.0 / dim));
        long[] s = new long[2 + dim];
        s[0] = n;
        s[1] = c;
        for (int i = 0; i < dim; i++) {
            s[2 + i] = side;
        }
        return s;
    }

    private SDVariable silu(SDVariable x) {
        return sd.nn().swish(x);
    }

    private SDVariable linear(SDVariable x, int in, int out) {
        double bound = 1 / Math.sqrt(in);
        return sd.nn().linear(x, param("lw", bound, in, out), param("lb", bound, out));
    }

    private SDVariable resBlock(SDVariable x, SDVariable e, int in, int out, long spatial) {
        SDVariable h = conv(silu(groupNorm(x, in, spatial)), in, out, 3, 1);
        h = h.add(linear(e, 128, out).reshape(withBatch(out)));
        h = conv(silu(groupNorm(h, out, spatial)), out, out, 3, 1);
        return h.add(in == out ? x : conv(x, in, out, 1, 1));
    }

    private long[] withBatch(long c) {
        long[] s = bshape(c);
        s[0] = n;
        return s;
    }

    private SDVariable unet(SDVariable x, SDVariable t, long side) {
        int[] ch = {32, 64, 128};
        float[] f = new float[16];
        for (int k = 0; k < 16; k++) {
            f[k] = (float) Math.exp(-Math.log(10000.0) * k / 16);
        }
        SDVariable a = t.reshape(n, 1).mul(sd.constant(name("freq"), Nd4j.createFromArray(f).reshape(1, 16)));
        SDVariable feat = sd.concat(1, sd.math().sin(a), sd.math().cos(a));
        SDVariable e = linear(silu(linear(feat, 32, 128)), 128, 128);
        SDVariable h = conv(x, 1, ch[0], 3, 1);
        List<SDVariable> skips = new ArrayList<>();
        int c = ch[0];
        long s = side;
        for (int i = 0; i < ch.length; i++) {
            long sp = (long) Math.pow(s, dim);
            h = resBlock(h, e, c, ch[i], sp);
            h = resBlock(h, e, ch[i], ch[i], sp);
            c = ch[i];
            if (i < ch.length - 1) {
                skips.add(h);
                h = conv(h, c, c, 3, 2);
                s /= 2;
            }
        }
        for (int i = ch.length - 2; i >= 0; i--) {
            h = dim == 2 ? sd.cnn().upsampling2d(h, 2, 2, true) : sd.cnn().upsampling3d(h, true, 2, 2, 2);
            h = conv(h, c, c, 3, 1);
            s *= 2;
            long sp = (long) Math.pow(s, dim);
            h = sd.concat(1, h, skips.remove(skips.size() - 1));
            h = resBlock(h, e, c + ch[i], ch[i], sp);
            h = resBlock(h, e, ch[i], ch[i], sp);
            c = ch[i];
        }
        return conv(silu(groupNorm(h, c, (long) Math.pow(s, dim))), c, 1, 3, 1);
    }

    private SDVariable encoder(SDVariable x) {
        SDVariable h = conv(x, 1, 16, 3, 1);
        int c = 16;
        long s = 64;
        for (int out : new int[] {32, 64, 128}) {
            h = conv(h, c, out, 3, 2);
            s /= 2;
            h = silu(groupNorm(h, out, s * s));
            c = out;
        }
        h = h.mean(2, 3);
        return linear(silu(linear(h, 128, 128)), 128, 32);
    }

    static void run(String net, int steps) {
        boolean cnn = net.equals("cnn");
        int dim = net.equals("unet3d") ? 3 : 2;
        long n = cnn ? 128 : dim == 2 ? 16 : 4;
        long side = dim == 2 ? 64 : 32;
        SameDiffBench b = new SameDiffBench(dim, n);
        SameDiff sd = b.sd;
        long[] xs = dim == 2 ? new long[] {n, 1, side, side} : new long[] {n, 1, side, side, side};
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, xs);
        SDVariable y = sd.placeHolder("y", DataType.FLOAT, cnn ? new long[] {n, 32} : xs);
        SDVariable out;
        INDArray[] features;
        if (cnn) {
            out = b.encoder(x);
            features = new INDArray[] {Nd4j.randn(DataType.FLOAT, xs)};
        } else {
            SDVariable t = sd.placeHolder("t", DataType.FLOAT, n);
            out = b.unet(x, t, side);
            features = new INDArray[] {Nd4j.randn(DataType.FLOAT, xs), Nd4j.rand(DataType.FLOAT, n)};
        }
        SDVariable loss = sd.math().square(out.sub(y)).mean().rename("loss");
        sd.setLossVariables(loss);
        TrainingConfig.Builder tc = TrainingConfig.builder().updater(new Adam(1e-4)).dataSetLabelMapping("y");
        tc = cnn ? tc.dataSetFeatureMapping("x") : tc.dataSetFeatureMapping("x", "t");
        sd.setTrainingConfig(tc.build());
        MultiDataSet data = new MultiDataSet(features,
                new INDArray[] {Nd4j.randn(DataType.FLOAT, cnn ? new long[] {n, 32} : xs)});
        long params = 0;
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE) {
                params += v.getArr().length();
            }
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        List<Double> times = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        // one warm-up step (the first fit builds the gradient graph), then the timed steps
        for (int i = 0; i < steps + 1; i++) {
            long t0 = System.nanoTime();
            long c0 = os.getProcessCpuTime();
            sd.fit(data);
            if (i >= 1) {
                times.add((System.nanoTime() - t0) / 1e6);
                cpu.add((os.getProcessCpuTime() - c0) / 1e6);
            }
        }
        Collections.sort(times);
        Collections.sort(cpu);
        System.out.printf("%s: params %d, steps %d, fastest %.1f ms, median %.1f ms, least CPU %.1f ms%n",
                net, params, times.size(), times.get(0), times.get(times.size() / 2), cpu.get(0));
        System.out.printf("RESULT %s_ms %.3f%n", net, times.get(0));
        System.out.printf("RESULT %s_cpu_ms %.3f%n", net, cpu.get(0));
        System.out.printf("RESULT %s_params %d%n", net, params);
    }
}
