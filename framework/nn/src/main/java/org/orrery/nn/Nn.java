package org.orrery.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import java.nio.file.Path;

/**
 * The one entry point to the native tensor runtime (libtorch through DJL), initialised lazily on
 * first use and once per JVM: a native library binds to one class loader, so plugins never load it
 * themselves. Initialisation forces DJL offline, opts out of its usage tracking, points its cache at
 * Orrery's own directory (unless {@code DJL_CACHE_DIR} or {@code ai.djl.cache.dir} is set) and runs
 * with this class's loader as the context class loader so that DJL finds the engine and the native
 * jar on the host class path even when the first caller is an OSGi bundle.
 */
public final class Nn {

    /** The engine Orrery uses; DJL's name for libtorch. */
    public static final String ENGINE = "PyTorch";
    public static final DataType FLOAT = DataType.FLOAT32;

    private static volatile NDManager root;

    private Nn() {
    }

    /** The JVM-wide manager that owns parameters and optimiser state. */
    public static NDManager manager() {
        NDManager m = root;
        if (m == null) {
            synchronized (Nn.class) {
                if (root == null) {
                    root = start();
                }
                m = root;
            }
        }
        return m;
    }

    /** Threads libtorch uses inside one op: {@code ORRERY_NN_THREADS} or {@code -Dorrery.nn.threads}, default 1. */
    public static int threads() {
        manager();
        return ai.djl.pytorch.jni.JniUtils.getNumThreads();
    }

    /** Engine name and version, e.g. "PyTorch 2.7.1". */
    public static String describe() {
        manager();
        Engine e = Engine.getEngine(ENGINE);
        return e.getEngineName() + " " + e.getVersion();
    }

    private static NDManager start() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        if (System.getenv("DJL_CACHE_DIR") == null && System.getProperty("DJL_CACHE_DIR") == null
                && System.getProperty("ai.djl.cache.dir") == null) {
            System.setProperty("DJL_CACHE_DIR", Path.of(System.getProperty("user.home"), ".orrery", "djl").toString());
        }
        String pv = System.getenv("PYTORCH_VERSION");
        if (pv != null && !pv.isBlank() && !pv.equals(NATIVE_VERSION)) {
            throw new IllegalStateException("PYTORCH_VERSION=" + pv + " but Orrery ships libtorch " + NATIVE_VERSION
                    + " (DJL would try to download); unset it");
        }
        // 1 thread unless asked otherwise: bench/nn-runtime.sh saw NaN losses from the U-Nets with 2
        // libtorch threads (not with 1); until that is understood more threads are opt-in
        String threads = System.getProperty("orrery.nn.threads", System.getenv("ORRERY_NN_THREADS"));
        System.setProperty("ai.djl.pytorch.num_threads", threads != null && !threads.isBlank() ? threads.trim() : "1");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(Nn.class.getClassLoader());
        try {
            Engine e = Engine.getEngine(ENGINE);
            return e.newBaseManager();
        } finally {
            t.setContextClassLoader(before);
        }
    }

    /** The libtorch version of the pytorch-native-cpu jar Orrery depends on. */
    public static final String NATIVE_VERSION = "2.7.1";
}
