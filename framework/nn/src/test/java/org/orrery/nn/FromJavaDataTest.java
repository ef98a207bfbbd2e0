package org.orrery.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sporadic non-finite losses and gradients of issue 13, as regression tests.
 *
 * <p>Two defects were found. (1) oneDNN's AVX-512 convolution kernels in libtorch 2.7.1 gave
 * non-finite gradients now and then at 1 thread and in most steps at 2 threads on an AVX-512 CPU;
 * {@link Nn} caps oneDNN at AVX2. (2) DJL makes tensors from Java data with {@code torch::from_blob}
 * over a direct buffer that only the Java object keeps alive; a tensor closed while libtorch still
 * holds its storage (a view, a constant saved for backward) is read after a GC has freed it. Measured
 * with DJL's own {@code x.mul(3.0)} in the loop of {@link #aConstantFactorKeepsItsValueThroughGcUntilBackward}:
 * 198 of 200 gradients were wrong (0 instead of 3). {@link Nn#create} and {@link Ops#scale} copy into
 * memory libtorch owns.
 */
class FromJavaDataTest {

    private static volatile Object sink;

    /** Forces a GC, then hands freed native memory out again filled with NaN. */
    private static List<ByteBuffer> churn() {
        for (int i = 0; i < 50; i++) {
            sink = new byte[64 * 1024];
        }
        System.gc();
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ByteBuffer> keep = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4 + 4 * (i % 16)).order(ByteOrder.nativeOrder());
            while (b.remaining() >= 4) {
                b.putFloat(Float.NaN);
            }
            keep.add(b);
        }
        return keep;
    }

    @Test
    void aConstantFactorKeepsItsValueThroughGcUntilBackward() {
        NDManager m = Nn.manager().newSubManager();
        try {
            for (int it = 0; it < 20; it++) {
                try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getEngine(Nn.ENGINE).newGradientCollector()) {
                    scope.suppressNotUsedWarning();
                    NDArray x = Nn.create(m, new float[] {1f, 2f, 3f, 4f}, new Shape(4));
                    x.setRequiresGradient(true);
                    NDArray y = Ops.scale(x, 3.0).square().sum();
                    List<ByteBuffer> keep = churn();
                    gc.backward(y);
                    // d/dx Σ (3x)² = 18 x, exactly representable
                    assertArrayEquals(new float[] {18f, 36f, 54f, 72f}, x.getGradient().toFloatArray(), "iteration " + it);
                    assertEquals(500, keep.size());
                }
            }
        } finally {
            m.close();
        }
    }

    @Test
    void anArrayFromJavaDataOutlivesTheObjectThatMadeIt() {
        NDManager m = Nn.manager().newSubManager();
        try {
            float[] v = new float[64];
            for (int i = 0; i < v.length; i++) {
                v[i] = i * 0.25f;
            }
            for (int it = 0; it < 20; it++) {
                try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getEngine(Nn.ENGINE).newGradientCollector()) {
                    scope.suppressNotUsedWarning();
                    NDArray w = Nn.create(m, new float[] {2f}, new Shape(1, 1));
                    w.setRequiresGradient(true);
                    NDArray made = Nn.create(m, v, new Shape(64));
                    NDArray view = made.reshape(8, 8);
                    made.close();
                    List<ByteBuffer> keep = churn();
                    NDArray out = view.mul(w).sum();
                    assertEquals(2 * 504.0, Training.scalar(out), 0.0, "forward, iteration " + it);
                    gc.backward(out);
                    assertEquals(504.0, Training.scalar(w.getGradient().sum()), 0.0, "gradient, iteration " + it);
                    assertTrue(keep.size() > 0);
                }
            }
        } finally {
            m.close();
        }
    }

    /**
     * The recompute mechanism itself, with a transient fault made on purpose: the first attempt's loss
     * is NaN; the rewind must run once, the gradients of the failed attempt must not leak into the
     * returned step, and the result must equal a clean step's. With every attempt faulty it returns NaN
     * with zero gradients.
     */
    @Test
    void finiteStepRecomputesATransientNonFiniteStepExactly() {
        Params p = new Params(3);
        try {
            NDArray w = p.uniform("w", 1.0, 4);
            NDManager m = p.manager();
            float[] x = {0.5f, -1f, 2f, 0.25f};
            java.util.function.Supplier<NDArray> clean = () -> w.mul(Nn.create(m, x, new Shape(4))).sum().square();
            double l0 = Training.finiteStep(clean, p, () -> { }, 1);
            float[] g0 = w.getGradient().toFloatArray();
            Training.zeroGradients(p);

            int[] calls = {0};
            int[] rewinds = {0};
            double l1 = Training.finiteStep(() -> {
                NDArray l = clean.get();
                return calls[0]++ == 0 ? l.mul(Nn.scalar(m, Double.NaN)) : l;
            }, p, () -> rewinds[0]++, 3);
            assertEquals(2, calls[0], "one failed attempt, one recomputation");
            assertEquals(1, rewinds[0]);
            assertEquals(l0, l1, 0.0);
            assertArrayEquals(g0, w.getGradient().toFloatArray(), 0f, "the failed attempt's gradients must be zeroed first");
            Training.zeroGradients(p);

            double l2 = Training.finiteStep(() -> clean.get().mul(Nn.scalar(m, Double.NaN)), p, () -> { }, 2);
            assertTrue(Double.isNaN(l2));
            for (float g : w.getGradient().toFloatArray()) {
                assertEquals(0f, g, 0f, "a skipped step leaves zero gradients");
            }
        } finally {
            p.manager().close();
        }
    }
}
