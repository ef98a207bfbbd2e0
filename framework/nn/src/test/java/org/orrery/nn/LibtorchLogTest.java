package org.orrery.nn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * libtorch's c10 warnings (e.g. "Could not initialize NNPACK! Reason: Unsupported hardware." at every
 * eligible convolution: 1200 lines for a 4-draw score-prior `orrery image` run) are raised to errors
 * once the engine starts, unless TORCH_CPP_LOG_LEVEL is set.
 */
class LibtorchLogTest {

    @Test
    void c10LogsErrorsOnlyAfterTheEngineStarts() {
        assumeTrue(System.getenv("TORCH_CPP_LOG_LEVEL") == null, "TORCH_CPP_LOG_LEVEL set by the environment");
        Nn.manager();
        int level = com.sun.jna.NativeLibrary.getInstance("c10").getGlobalVariableAddress("FLAGS_caffe2_log_level").getInt(0);
        assertEquals(2, level, "c10's FLAGS_caffe2_log_level (0 info, 1 warning, 2 error)");
    }

    @Test
    void allocationsAreZeroFilledAfterTheEngineStarts() {
        Nn.manager();
        byte flag = com.sun.jna.NativeLibrary.getInstance("c10").getGlobalVariableAddress("FLAGS_caffe2_cpu_allocator_do_zero_fill").getByte(0);
        assertEquals(1, flag, "libc10's FLAGS_caffe2_cpu_allocator_do_zero_fill");
    }
}
