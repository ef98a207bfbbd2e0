package org.orrery.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A float32 convolution of a batch equals the convolution of each of its samples. With libtorch 2.7.1's
 * oneDNN capped at AVX2 it did not for 12 or 20 input channels (3×3 and 1×1 kernels, batches of 2–8, on
 * this AVX-512 EPYC: differences of 0.5–1.0 on outputs of order 1; at the AVX-512 kernels for 20 and 24):
 * the drift of a batch of draws depended on the batch's other draws (issue 13; bench/README "The sporadic
 * NaN"). Capped at SSE4.1 ({@link Nn#ONEDNN_ISA}) every count agrees.
 */
class ConvBatchTest {

    @Test
    void aBatchIsConvolvedAsItsSamples() {
        if (System.getenv("ONEDNN_MAX_CPU_ISA") == null && System.getenv("DNNL_MAX_CPU_ISA") == null) {
            assertEquals(Nn.ONEDNN_ISA, Nn.oneDnnIsaCap(), "the cap Orrery sets");
        }
        int checked = 0;
        for (int cin : new int[] {4, 12, 20, 24}) {
            for (int kernel : new int[] {1, 3}) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    Params p = new Params(5);
                    NDManager m = p.manager();
                    Random r = new Random(cin * 10 + kernel);
                    Layers.Conv c = new Layers.Conv(p, "c", 2, cin, 8, kernel, 1, true);
                    int b = 3;
                    NDArray x = GradientCheckTest.randn(m, r, b, cin, 8, 8).toType(DataType.FLOAT32, false);
                    float[] all = c.forward(x).toFloatArray();
                    for (int i = 0; i < b; i++) {
                        float[] one = c.forward(x.get(i + ":" + (i + 1))).toFloatArray();
                        for (int k = 0; k < one.length; k++) {
                            float a = all[i * one.length + k];
                            assertTrue(Math.abs(one[k] - a) < 1e-4, "input channels " + cin + ", kernel " + kernel + ", sample " + i
                                    + ", output " + k + ": " + a + " in the batch, " + one[k] + " alone (oneDNN cap " + Nn.oneDnnIsaCap() + ")");
                        }
                        checked++;
                    }
                }
            }
        }
        assertEquals(24, checked);
    }
}
