package org.orrery.nn.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.orrery.nn.AdamW;
import org.orrery.nn.Layers;
import org.orrery.nn.Nn;
import org.orrery.nn.Ops;
import org.orrery.nn.Params;
import org.orrery.nn.Training;

import java.util.SplittableRandom;

/**
 * Stress reproducer of the sporadic non-finite losses (issue 13): many short trainings of a small
 * periodic U-Net (as the interpolant's drift) with fresh inputs created from Java arrays in every
 * step, optionally under GC pressure (System.gc and allocation churn inside every step). Prints per run a
 * hash of its losses (equal hashes across JVMs at 1 thread = bit-identical replays) and the count of
 * non-finite losses / gradient norms. Options: -Dnanstress.blob=true creates the inputs with DJL's
 * from_blob path, -Dnanstress.diag=true prints which parameters' gradients went non-finite.
 * Usage: NanStress RUNS STEPS [gc=0|1] [grid=16] [batch=8]
 */
public final class NanStress {

    public static void main(String[] args) {
        int runs = Integer.parseInt(args[0]);
        int steps = Integer.parseInt(args[1]);
        boolean gc = args.length > 2 && args[2].equals("1");
        int grid = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        int batch = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        System.out.println(Nn.describe() + ", " + Nn.threads() + " thread(s), gc " + gc);
        int badLoss = 0;
        int badGrad = 0;
        int badRuns = 0;
        long t0 = System.nanoTime();
        for (int run = 0; run < runs; run++) {
            Params p = new Params(run);
            Layers.UNet u = new Layers.UNet(p, "u", 2, 2, 1, new int[] {8, 16}, 32, 4, true);
            AdamW opt = new AdamW(p, AdamW.Config.adam(1e-3).withClip(1.0));
            SplittableRandom r = new SplittableRandom(run);
            boolean bad = false;
            int hash = 0;
            for (int s = 0; s < steps; s++) {
                float[] x = gaussian(r, batch * 2 * grid * grid);
                float[] y = gaussian(r, batch * grid * grid);
                float[] t = new float[batch];
                for (int i = 0; i < batch; i++) {
                    t[i] = (float) r.nextDouble();
                }
                NDManager m = p.manager();
                if (Boolean.getBoolean("nanstress.diag")) {
                    diag(p, run, s, "before");
                }
                double l = Training.step(() -> {
                    NDArray xa = in(m, x, new Shape(batch, 2, grid, grid));
                    NDArray ya = in(m, y, new Shape(batch, 1, grid, grid));
                    NDArray ta = in(m, t, new Shape(batch));
                    if (gc) {
                        churn();
                    }
                    return Ops.mse(u.forward(xa, ta), ya);
                }, null);
                if (gc) {
                    churn();
                }
                boolean finite = Double.isFinite(l);
                hash = hash * 31 + Long.hashCode(Double.doubleToLongBits(l));
                double g = gradNorm(p);
                if (Boolean.getBoolean("nanstress.diag") && (!finite || !Double.isFinite(g))) {
                    diag(p, run, s, "after loss " + l + " grad " + g);
                    for (var e : p.all().entrySet()) {
                        float[] gv = e.getValue().getGradient().toFloatArray();
                        int nb = 0;
                        for (float f : gv) {
                            if (!Float.isFinite(f)) {
                                nb++;
                            }
                        }
                        if (nb > 0) {
                            System.out.println("  grad of " + e.getKey() + " " + nb + "/" + gv.length + " non-finite");
                        }
                    }
                }
                if (!finite) {
                    badLoss++;
                }
                if (!Double.isFinite(g)) {
                    badGrad++;
                }
                if (!finite || !Double.isFinite(g)) {
                    bad = true;
                    for (NDArray a : p.all().values()) {
                        ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) a);
                    }
                    continue;
                }
                opt.step();
            }
            if (bad) {
                badRuns++;
            }
            System.out.printf("run %d losses-hash %08x%s%n", run, hash, bad ? " NONFINITE" : "");
            p.manager().close();
        }
        System.out.printf("RESULT runs %d steps %d: non-finite losses %d, non-finite gradients %d, runs with any %d, %.1f s%n",
                runs, steps, badLoss, badGrad, badRuns, (System.nanoTime() - t0) / 1e9);
    }

    static NDArray in(NDManager m, float[] v, Shape s) {
        // -Dnanstress.blob=true: DJL's own from_blob creation (Java memory) instead of Nn.create
        return Boolean.getBoolean("nanstress.blob") ? m.create(v, s) : Nn.create(m, v, s);
    }

    static void diag(Params p, int run, int step, String when) {
        for (var e : p.all().entrySet()) {
            float[] v = e.getValue().toFloatArray();
            int nb = 0;
            float mx = 0;
            for (float f : v) {
                if (!Float.isFinite(f)) {
                    nb++;
                } else {
                    mx = Math.max(mx, Math.abs(f));
                }
            }
            if (nb > 0 || mx > 1e3) {
                System.out.println("run " + run + " step " + step + " " + when + ": param " + e.getKey() + " " + nb + "/" + v.length + " non-finite, max |v| " + mx);
            }
        }
    }

    static volatile Object sink;

    static void churn() {
        for (int i = 0; i < 200; i++) {
            sink = new byte[64 * 1024];
        }
        System.gc();
    }

    static double gradNorm(Params p) {
        try (ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) {
            scope.suppressNotUsedWarning();
            double sq = 0;
            for (NDArray a : p.all().values()) {
                sq += Training.scalar(a.getGradient().square().sum());
            }
            return Math.sqrt(sq);
        }
    }

    static float[] gaussian(SplittableRandom r, int n) {
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            double u1 = r.nextDouble();
            double u2 = r.nextDouble();
            z[i] = (float) (Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2));
        }
        return z;
    }
}
