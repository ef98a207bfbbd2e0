package org.orrery.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpsTest {

    NDScope scope;

    @BeforeEach
    void open() {
        scope = new NDScope();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    /** A field on a periodic box: shifting the input by whole cells shifts the output the same way. */
    @Test
    void periodicConvolutionCommutesWithCircularShifts() {
        Params p = new Params(1, DataType.FLOAT64);
        Layers.Conv c2 = new Layers.Conv(p, "c2", 2, 1, 2, 3, 1, true);
        Layers.Conv c3 = new Layers.Conv(p, "c3", 3, 1, 2, 3, 1, true);
        Random r = new Random(5);
        NDArray x2 = GradientCheckTest.randn(p.manager(), r, 1, 1, 6, 5);
        NDArray y2 = c2.forward(x2);
        NDArray shifted = c2.forward(roll(roll(x2, 2, 2), 3, 1));
        assertEquals(0, roll(roll(y2, 2, 2), 3, 1).sub(shifted).abs().max().getDouble(), 1e-12);
        NDArray x3 = GradientCheckTest.randn(p.manager(), r, 1, 1, 4, 4, 4);
        NDArray y3 = c3.forward(x3);
        assertEquals(0, roll(y3, 4, 3).sub(c3.forward(roll(x3, 4, 3))).abs().max().getDouble(), 1e-12);
        // zero padding does not commute: the check above can fail
        Layers.Conv z = new Layers.Conv(p, "z", 2, 1, 2, 3, 1, false);
        assertTrue(roll(z.forward(x2), 2, 1).sub(z.forward(roll(x2, 2, 1))).abs().max().getDouble() > 1e-3);
    }

    /** np.roll by one cell along {@code axis}. */
    static NDArray roll(NDArray x, int axis, int by) {
        NDArray y = x;
        for (int i = 0; i < by; i++) {
            long n = y.getShape().get(axis);
            StringBuilder last = new StringBuilder();
            StringBuilder rest = new StringBuilder();
            for (int a = 0; a < y.getShape().dimension(); a++) {
                String sep = a == 0 ? "" : ",";
                last.append(sep).append(a == axis ? (n - 1) + ":" : ":");
                rest.append(sep).append(a == axis ? ":" + (n - 1) : ":");
            }
            y = y.get(last.toString()).concat(y.get(rest.toString()), axis);
        }
        return y;
    }

    @Test
    void periodicPaddingWrapsAround() {
        NDManager m = Nn.manager();
        NDArray x = m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(1, 1, 2, 3));
        assertArrayEquals(new float[] {
            6, 4, 5, 6, 4,
            3, 1, 2, 3, 1,
            6, 4, 5, 6, 4,
            3, 1, 2, 3, 1}, Ops.periodicPad(x, 1).toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> Ops.periodicPad(x, 3));
    }

    @Test
    void upsampleRepeatsEachCell() {
        NDManager m = Nn.manager();
        NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
        assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, Ops.upsample2(x).toFloatArray());
        NDArray x3 = m.create(new float[] {1, 2}, new Shape(1, 1, 2, 1, 1));
        assertArrayEquals(new long[] {1, 1, 4, 2, 2}, Ops.upsample2(x3).getShape().getShape());
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2}, Ops.upsample2(x3).toFloatArray());
    }

    @Test
    void timeFeaturesAreSinesAndCosines() {
        NDManager m = Nn.manager();
        float[] f = Ops.timeFeatures(m.create(new float[] {0.5f}), 8).toFloatArray();
        for (int k = 0; k < 4; k++) {
            double freq = Math.exp(-Math.log(10000.0) * k / 4);
            assertEquals(Math.sin(0.5 * freq), f[k], 1e-6);
            assertEquals(Math.cos(0.5 * freq), f[4 + k], 1e-6);
        }
    }

    @Test
    void groupNormRejectsUnevenGroups() {
        NDManager m = Nn.manager();
        NDArray x = m.zeros(new Shape(1, 6, 2, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ops.groupNorm(x, 4, m.ones(new Shape(6)), m.zeros(new Shape(6)), 1e-5f));
        assertTrue(e.getMessage().contains("6 channels"), e.getMessage());
    }
}
