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

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The reference networks of bench/nn-runtime.sh on Orrery's network library (libtorch through DJL):
 * full training step (forward, MSE, backward, Adam 1e-4), float32, fastest of N steps after two
 * warm-up steps. Threads: -Dorrery.nn.threads=T. Prints "RESULT net_ms value".
 * Usage: DjlBench STEPS [unet2d,unet3d,cnn]
 */
public final class DjlBench {

    public static void main(String[] args) {
        int steps = Integer.parseInt(args[0]);
        String nets = args.length > 1 ? args[1] : "unet2d,unet3d,cnn";
        System.out.println(Nn.describe() + ", " + Nn.threads() + " thread(s)");
        for (String net : nets.split(",")) {
            run(net, steps);
        }
    }

    static NDArray randn(NDManager m, Random r, long... shape) {
        float[] v = new float[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return m.create(v, new Shape(shape));
    }

    static void run(String net, int steps) {
        Params p = new Params(0);
        NDManager m = p.manager();
        Random r = new Random(1);
        NDArray x;
        NDArray y;
        NDArray t;
        Supplier<NDArray> loss;
        switch (net) {
            case "cnn" -> {
                Layers.CnnEncoder e = new Layers.CnnEncoder(p, "cnn", 2, 1, 16, new int[] {32, 64, 128}, 128, 32, 8, false);
                x = randn(m, r, 128, 1, 64, 64);
                y = randn(m, r, 128, 32);
                NDArray xx = x;
                NDArray yy = y;
                loss = () -> Ops.mse(e.forward(xx), yy);
            }
            case "unet2d", "unet3d" -> {
                int dim = net.equals("unet2d") ? 2 : 3;
                Layers.UNet u = new Layers.UNet(p, "unet", dim, 1, 1, new int[] {32, 64, 128}, 128, 8, false);
                x = dim == 2 ? randn(m, r, 16, 1, 64, 64) : randn(m, r, 4, 1, 32, 32, 32);
                y = randn(m, r, x.getShape().getShape());
                float[] tv = new float[(int) x.getShape().get(0)];
                for (int i = 0; i < tv.length; i++) {
                    tv[i] = r.nextFloat();
                }
                t = m.create(tv);
                NDArray xx = x;
                NDArray yy = y;
                NDArray tt = t;
                loss = () -> Ops.mse(u.forward(xx, tt), yy);
            }
            default -> throw new IllegalArgumentException("unknown net " + net);
        }
        AdamW opt = new AdamW(p, AdamW.Config.adam(1e-4));
        List<Double> times = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double l = Double.NaN;
        for (int i = 0; i < steps + 2; i++) {
            long t0 = System.nanoTime();
            long c0 = os.getProcessCpuTime();
            l = Training.step(loss, opt);
            double dt = (System.nanoTime() - t0) / 1e6;
            if (i >= 2) {
                times.add(dt);
                cpu.add((os.getProcessCpuTime() - c0) / 1e6);
            }
        }
        Collections.sort(times);
        Collections.sort(cpu);
        System.out.printf("%s: params %d, loss %.4f, steps %d, fastest %.1f ms, median %.1f ms, least CPU %.1f ms%n",
                net, p.count(), l, times.size(), times.get(0), times.get(times.size() / 2), cpu.get(0));
        System.out.printf("RESULT %s_ms %.3f%n", net, times.get(0));
        System.out.printf("RESULT %s_cpu_ms %.3f%n", net, cpu.get(0));
        System.out.printf("RESULT %s_params %d%n", net, p.count());
        p.manager().close();
    }
}
