package org.orrery.nn.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.orrery.nn.Layers;
import org.orrery.nn.Nn;
import org.orrery.nn.Params;

/**
 * Reproducer of libtorch/oneDNN mixing the samples of a float32 convolution batch (bench/README "The
 * sporadic NaN"; not a unit test): for input channels × output channels × batch × grid × kernel, the
 * largest difference between a batch's convolution and each sample's convolution alone. Prints
 * "BAD ..." per mismatch above 1e-4 and a count. Run with {@code ONEDNN_MAX_CPU_ISA} set as wanted
 * (unset: {@link Nn#ONEDNN_ISA}). Usage: ConvBatchScan [cin,... (default 2,4,8,12,16,20,24)]
 */
public final class ConvBatchScan {

    private ConvBatchScan() {
    }

    public static void main(String[] args) {
        int[] cins = args.length > 0 ? java.util.Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {2, 4, 8, 12, 16, 20, 24};
        System.out.println(Nn.describe() + ", oneDNN cap " + Nn.oneDnnIsaCap());
        int bad = 0;
        int all = 0;
        for (int cin : cins) {
            for (int cout : new int[] {1, 4, 8, 12}) {
                for (int b : new int[] {2, 3, 8}) {
                    for (int g : new int[] {8, 16}) {
                        for (int kernel : new int[] {1, 3}) {
                            try (NDScope scope = new NDScope()) {
                                scope.suppressNotUsedWarning();
                                Params p = new Params(5);
                                NDManager m = p.manager();
                                Random r = new Random(4);
                                Layers.Conv c = new Layers.Conv(p, "c", 2, cin, cout, kernel, 1, true);
                                float[] v = new float[b * cin * g * g];
                                for (int i = 0; i < v.length; i++) {
                                    v[i] = (float) r.nextGaussian();
                                }
                                NDArray x = Nn.create(m, v, new Shape(b, cin, g, g));
                                float[] batch = c.forward(x).toFloatArray();
                                double worst = 0;
                                for (int i = 0; i < b; i++) {
                                    float[] one = c.forward(x.get(i + ":" + (i + 1))).toFloatArray();
                                    for (int k = 0; k < one.length; k++) {
                                        worst = Math.max(worst, Math.abs(one[k] - batch[i * one.length + k]));
                                    }
                                }
                                all++;
                                if (worst > 1e-4) {
                                    bad++;
                                    System.out.printf("BAD cin %d cout %d batch %d grid %d kernel %d: max |batch - alone| %.3g%n", cin, cout, b,
                                            g, kernel, worst);
                                }
                            }
                        }
                    }
                }
            }
        }
        System.out.println(bad + " of " + all + " configurations mix the samples of a batch");
    }
}
