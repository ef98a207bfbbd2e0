package org.orrery.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Adam (weightDecay 0) or AdamW (decoupled weight decay, Loshchilov and Hutter), with linear
 * warm-up, cosine decay to {@code minLr} over {@code totalSteps}, and clipping of the global
 * gradient norm. Moments live beside the parameters and are saved with them (checkpoints).
 */
public final class AdamW {

    public record Config(double lr, double beta1, double beta2, double eps, double weightDecay,
                         long warmupSteps, long totalSteps, double minLr, double clipNorm) {
        public static Config adam(double lr) {
            return new Config(lr, 0.9, 0.999, 1e-8, 0, 0, 0, lr, 0);
        }

        public Config withSchedule(long warmup, long total, double min) {
            return new Config(lr, beta1, beta2, eps, weightDecay, warmup, total, min, clipNorm);
        }

        public Config withClip(double norm) {
            return new Config(lr, beta1, beta2, eps, weightDecay, warmupSteps, totalSteps, minLr, norm);
        }

        public Config withWeightDecay(double wd) {
            return new Config(lr, beta1, beta2, eps, wd, warmupSteps, totalSteps, minLr, clipNorm);
        }
    }

    private final Params params;
    private final Config c;
    private final List<NDArray> w = new ArrayList<>();
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private long step;
    private double lastNorm = Double.NaN;

    public AdamW(Params params, Config config) {
        this.params = params;
        this.c = config;
        NDManager mgr = params.manager();
        for (NDArray p : params.all().values()) {
            w.add(p);
            m.add(mgr.zeros(p.getShape(), p.getDataType()));
            v.add(mgr.zeros(p.getShape(), p.getDataType()));
        }
    }

    /** Learning rate at (1-based) step s: linear warm-up, then cosine to minLr; constant when totalSteps is 0. */
    public double learningRate(long s) {
        if (c.warmupSteps() > 0 && s <= c.warmupSteps()) {
            return c.lr() * s / c.warmupSteps();
        }
        if (c.totalSteps() <= 0) {
            return c.lr();
        }
        double f = Math.min(1.0, (double) (s - c.warmupSteps()) / Math.max(1, c.totalSteps() - c.warmupSteps()));
        return c.minLr() + 0.5 * (c.lr() - c.minLr()) * (1 + Math.cos(Math.PI * f));
    }

    /** Global L2 norm of the gradients before clipping, at the last step. */
    public double lastGradNorm() {
        return lastNorm;
    }

    public long steps() {
        return step;
    }

    /** One update from the gradients libtorch accumulated; zeroes them afterwards. */
    public void step() {
        step++;
        double lr = learningRate(step);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            List<NDArray> g = new ArrayList<>(w.size());
            for (NDArray p : w) {
                g.add(p.getGradient());
            }
            double scale = 1;
            {
                double sq = 0;
                for (NDArray gi : g) {
                    sq += Training.scalar(gi.square().sum());
                }
                lastNorm = Math.sqrt(sq);
                if (c.clipNorm() > 0 && lastNorm > c.clipNorm()) {
                    scale = c.clipNorm() / (lastNorm + 1e-6);
                }
            }
            double bc1 = 1 - Math.pow(c.beta1(), step);
            double bc2 = 1 - Math.pow(c.beta2(), step);
            double a1 = 1 - c.beta1();
            double a2 = 1 - c.beta2();
            for (int i = 0; i < w.size(); i++) {
                NDArray gi = scale == 1 ? g.get(i) : g.get(i).mul(scale);
                m.get(i).muli(c.beta1()).addi(gi.mul(a1));
                v.get(i).muli(c.beta2()).addi(gi.square().muli(a2));
                if (c.weightDecay() > 0) {
                    w.get(i).muli(1 - lr * c.weightDecay());
                }
                NDArray denom = v.get(i).sqrt().divi(Math.sqrt(bc2)).addi(c.eps());
                w.get(i).subi(m.get(i).div(denom).muli(lr / bc1));
                ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) w.get(i));
            }
        }
    }

    private static void set(NDArray a, float[] v) {
        try (NDArray f = a.getManager().create(v, a.getShape()); NDArray c = f.toType(a.getDataType(), true)) {
            a.set(c.toByteBuffer());
        }
    }

    /** First and second moments, named "m.<param>" / "v.<param>", for a checkpoint (with {@link #steps()}). */
    public List<NamedArray> exportState() {
        List<NamedArray> out = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, NDArray> e : params.all().entrySet()) {
            long[] shape = e.getValue().getShape().getShape();
            out.add(new NamedArray("m." + e.getKey(), shape, Params.floats(m.get(i))));
            out.add(new NamedArray("v." + e.getKey(), shape, Params.floats(v.get(i))));
            i++;
        }
        return out;
    }

    /** Restores moments written by {@link #exportState()} and the step count. */
    public void restoreState(List<NamedArray> state, long steps) {
        if (state.size() != 2 * w.size()) {
            throw new IllegalArgumentException("optimiser state has " + state.size() + " arrays, expected " + 2 * w.size());
        }
        for (int i = 0; i < w.size(); i++) {
            set(m.get(i), state.get(2 * i).data());
            set(v.get(i), state.get(2 * i + 1).data());
        }
        this.step = steps;
    }
}
